import { describe, expect, it } from 'vitest';
import { RootCause } from '../../shared/domain/root-cause.ts';
import { classify } from '../../shared/engine/classify.ts';
import type { Invocation } from '../../shared/engine/model.ts';
import { triage } from '../../shared/engine/triage.ts';
import {
  ACCESS_GROUP,
  configuration,
  functionLines,
  gatewayLines,
  incident,
  invocationFrom,
  type Line,
  proxyRequestStart,
  report,
  requestFrom,
  responseHeaders,
  T0,
} from './hand-built.ts';

/** Where signs overlap, the cause the person must fix first wins (issue 2, "Classification"). */

const GW = 'c0ffee01-0000-4000-8000-000000000001';
const LAMBDA = '71952965-d5cc-4974-ae08-6e2138b2275c';
const FN = 'orders-get';

describe('a gateway "customer function error" whose invocation timed out is LAMBDA_TIMEOUT', () => {
  const gateway = (detail: string) =>
    gatewayLines(GW, T0, [
      ...proxyRequestStart({ requestId: GW, functionName: FN }),
      [6012, 'Received response. Status: 200, Integration latency: 6010 ms'],
      [6012, responseHeaders(LAMBDA, true)],
      [
        6012,
        `Lambda execution failed with status 200 due to customer function error: ${detail}. Lambda request id: ${LAMBDA}`,
      ],
      [6013, 'Method completed with status: 502'],
    ]);

  it.each<[string, Line[]]>([
    [
      'REPORT Status: timeout, no "Task timed out" line (2026 format)',
      [
        [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
        [
          12,
          `2025-05-19T22:00:00.012Z\t${LAMBDA}\tINFO\tcalling inventory https://inventory.internal/v2/stock\n`,
        ],
        [6010, `END RequestId: ${LAMBDA}\n`],
        [6010, report(LAMBDA, { durationMs: 6000, tail: 'Status: timeout' })],
      ],
    ],
    [
      'a "Task timed out" line and a Status-less REPORT (older format)',
      [
        [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
        [
          12,
          `2025-05-19T22:00:00.012Z\t${LAMBDA}\tINFO\tcalling inventory https://inventory.internal/v2/stock\n`,
        ],
        [6009, `2025-05-19T22:00:06.009Z ${LAMBDA} Task timed out after 6.00 seconds`],
        [6010, `END RequestId: ${LAMBDA}\n`],
        [6010, report(LAMBDA, { durationMs: 6000.64 })],
      ],
    ],
    [
      'JSON log format: platform.runtimeDone status timeout',
      [
        [
          10,
          `{"time":"2025-05-19T22:00:00.010Z","type":"platform.start","record":{"requestId":"${LAMBDA}","version":"$LATEST"}}`,
        ],
        [
          12,
          `{"timestamp":"2025-05-19T22:00:00.012Z","level":"INFO","requestId":"${LAMBDA}","message":"calling inventory https://inventory.internal/v2/stock"}`,
        ],
        [
          6010,
          `{"time":"2025-05-19T22:00:06.010Z","type":"platform.runtimeDone","record":{"requestId":"${LAMBDA}","status":"timeout","metrics":{"durationMs":6001.2,"producedBytes":0}}}`,
        ],
        [
          6011,
          `{"time":"2025-05-19T22:00:06.011Z","type":"platform.report","record":{"requestId":"${LAMBDA}","metrics":{"durationMs":6000.0,"billedDurationMs":6000,"memorySizeMB":512,"maxMemoryUsedMB":94},"status":"timeout"}}`,
        ],
      ],
    ],
  ])('%s', (_name, fnLines) => {
    const report_ = triage(
      incident({
        exec: gateway('Application error in a Lambda function'),
        logs: { [FN]: functionLines(T0, fnLines) },
        functions: { [FN]: { configuration: configuration(FN, { Timeout: 6 }) } },
      }),
    );
    expect(report_.rootCause.category).toBe(RootCause.LAMBDA_TIMEOUT);
    expect(report_.rootCause.functionName).toBe(FN);
    expect(report_.rootCause.statusCode).toBe(502);
    expect(report_.rootCause.confidence).toBeGreaterThan(0.9);
    expect(report_.correlation).toMatchObject({ failingRequests: 1, joinedByRequestId: 1, notJoined: 0 });
    const remediation = report_.causes[0]?.remediation.join('\n') ?? '';
    expect(remediation).toContain('Timeout is 6 s');
    expect(remediation).toContain('the failing invocations ran 6.0 s and were stopped');
    expect(remediation).toContain('calling inventory https://inventory.internal/v2/stock');
    expect(remediation).toContain(
      `aws lambda update-function-configuration --function-name ${FN} --timeout 12 --region us-east-1`,
    );
  });

  it('also when the gateway itself quotes the timeout and the function log is missing', () => {
    const report_ = triage(
      incident({
        exec: gateway(`RequestId: ${LAMBDA} Error: Task timed out after 6.00 seconds`),
        functions: { [FN]: { configuration: configuration(FN) } },
      }),
    );
    expect(report_.rootCause.category).toBe(RootCause.LAMBDA_TIMEOUT);
    expect(report_.correlation.notJoined).toBe(1);
  });
});

describe('a 29 s gateway timeout before a 60 s function timeout is INTEGRATION_TIMEOUT', () => {
  const exec = gatewayLines(GW, T0, [
    ...proxyRequestStart({
      requestId: GW,
      functionName: 'reports-export',
      method: 'POST',
      resource: '/exports',
      path: '/exports',
    }),
    [29_010, 'Execution failed due to a timeout error'],
    [29_011, 'Method completed with status: 504'],
  ]);
  const fnLog = functionLines(T0, [
    [40, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
    [45, `2025-05-19T22:00:00.045Z\t${LAMBDA}\tINFO\trendering report rpt_F73dSnwFsE\n`],
    [60_040, `2025-05-19T22:01:00.040Z ${LAMBDA} Task timed out after 60.00 seconds`],
    [60_041, `END RequestId: ${LAMBDA}\n`],
    [60_041, report(LAMBDA, { durationMs: 60_000, maxMemoryMb: 300, tail: 'Status: timeout' })],
  ]);

  it('classifies the gateway cut-off, not the function timeout that came later', () => {
    const result = triage(
      incident({
        exec,
        logs: { 'reports-export': fnLog },
        functions: { 'reports-export': { configuration: configuration('reports-export', { Timeout: 60 }) } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.INTEGRATION_TIMEOUT);
    expect(result.rootCause.functionName).toBe('reports-export');
    expect(result.rootCause.statusCode).toBe(504);
    expect(result.rootCause.summary).toContain('29 s integration timeout');
    // No Lambda request id in the gateway log: joined by the START right after "Sending request".
    expect(result.correlation).toMatchObject({
      joinedByRequestId: 0,
      joinedByWeakerEvidence: 1,
      notJoined: 0,
    });
    const remediation = result.causes[0]?.remediation.join('\n') ?? '';
    expect(remediation).toContain("while the function's own Timeout is 60 s");
    expect(remediation).toContain("Set the function's Timeout to at most 29 s");
  });
});

describe('a function that logged a handled error and returned 500 is BACKEND_RETURNED_5XX', () => {
  const handled = `2025-05-19T22:00:00.120Z\t${LAMBDA}\tERROR\tError: connect ETIMEDOUT 10.0.12.7:5432\r    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n`;
  const fnLog = functionLines(T0, [
    [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
    [120, handled],
    [125, `END RequestId: ${LAMBDA}\n`],
    [125, report(LAMBDA, { durationMs: 115 })],
  ]);

  it('from INFO execution logs: the gateway completed and passed the 500 on', () => {
    const result = triage(
      incident({
        exec: gatewayLines(GW, T0, [
          ...proxyRequestStart({ requestId: GW, functionName: FN }),
          [127, 'Received response. Status: 200, Integration latency: 118 ms'],
          [127, responseHeaders(LAMBDA)],
          [
            127,
            'Endpoint response body before transformations: {"statusCode":500,"body":"{\\"message\\":\\"database unavailable\\"}"}',
          ],
          [127, 'Method response body after transformations: {"message":"database unavailable"}'],
          [128, 'Successfully completed execution'],
          [128, 'Method completed with status: 500'],
          [128, `AWS Integration Endpoint RequestId : ${LAMBDA}`],
        ]),
        logs: { [FN]: fnLog },
        functions: { [FN]: { configuration: configuration(FN) } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.BACKEND_RETURNED_5XX);
    expect(result.rootCause.statusCode).toBe(500);
    expect(result.rootCause.functionName).toBe(FN);
    const remediation = result.causes[0]?.remediation.join('\n') ?? '';
    expect(remediation).toContain('Error: connect ETIMEDOUT 10.0.12.7:5432');
    expect(remediation).toContain('statusCode 500, body {"message":"database unavailable"}');
  });

  it('from an HTTP API access log: Lambda answered 200, no integration error, the client got 500', () => {
    const result = triage(
      incident({
        kind: 'HTTP',
        access: [
          {
            timestamp: T0 + 130,
            logStreamName: 'access',
            message: JSON.stringify({
              requestId: 'JxIuoM_-NjMEAWw=',
              httpMethod: 'GET',
              routeKey: 'GET /orders/{id}',
              status: '500',
              integrationStatus: '200',
              integrationErrorMessage: '-',
              integrationRequestId: LAMBDA,
              integrationLatency: '118',
            }),
          },
        ],
        logs: { [FN]: fnLog },
        functions: { [FN]: { configuration: configuration(FN) } },
        routes: [{ method: 'GET', resource: '/orders/{id}', functionName: FN }],
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.BACKEND_RETURNED_5XX);
    expect(result.correlation).toMatchObject({ source: 'access-logs', joinedByRequestId: 1 });
  });

  it('Powertools logger.exception() is a handled error too', () => {
    const powertools = functionLines(T0, [
      [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
      [
        120,
        `{"level": "ERROR", "location": "collect.handler:15", "message": "Received a HTTP 5xx error", "timestamp": "2025-05-19 22:00:00,120+0000", "service": "payment", "exception_name": "RuntimeError", "exception": "Traceback (most recent call last):\\n  File \\"<input>\\", line 2, in <module> RuntimeError: Unable to fullfil request", "lambda_request_id": "${LAMBDA}"}`,
      ],
      [125, report(LAMBDA, { durationMs: 115 })],
    ]);
    const result = triage(
      incident({
        kind: 'HTTP',
        access: [
          {
            timestamp: T0 + 130,
            logStreamName: 'access',
            message: `{"requestId":"JxIuoM_-NjMEAWw=","routeKey":"POST /payments","status":"503","integrationStatus":"200","integrationErrorMessage":"-","integrationRequestId":"${LAMBDA}"}`,
          },
        ],
        logs: { payments: powertools },
        functions: { payments: { configuration: configuration('payments', { Runtime: 'python3.12' }) } },
        routes: [{ method: 'POST', resource: '/payments', functionName: 'payments' }],
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.BACKEND_RETURNED_5XX);
    expect(result.causes[0]?.remediation.join('\n')).toContain('Received a HTTP 5xx error');
  });
});

describe('OOM and init errors beat the generic unhandled error', () => {
  const customerError = (detail: string) =>
    gatewayLines(GW, T0, [
      ...proxyRequestStart({ requestId: GW, functionName: FN }),
      [900, 'Received response. Status: 200, Integration latency: 890 ms'],
      [900, responseHeaders(LAMBDA, true)],
      [
        900,
        `Lambda execution failed with status 200 due to customer function error: ${detail}. Lambda request id: ${LAMBDA}`,
      ],
      [901, 'Method completed with status: 502'],
    ]);

  it('a V8 heap abort and an exit at the memory limit are LAMBDA_OUT_OF_MEMORY', () => {
    const result = triage(
      incident({
        exec: customerError(
          `RequestId: ${LAMBDA} Error: Runtime exited with error: signal: aborted (core dumped)`,
        ),
        logs: {
          [FN]: functionLines(T0, [
            [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
            [
              800,
              'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb7b3e0 node::Abort() [/var/lang/bin/node]\n',
            ],
            [
              880,
              `RequestId: ${LAMBDA} Error: Runtime exited with error: signal: aborted (core dumped)\nRuntime.ExitError\n`,
            ],
            [881, `END RequestId: ${LAMBDA}\n`],
            [
              881,
              report(LAMBDA, {
                durationMs: 870,
                memoryMb: 512,
                maxMemoryMb: 512,
                tail: 'Status: error\tError Type: Runtime.ExitError',
              }),
            ],
          ]),
        },
        functions: { [FN]: { configuration: configuration(FN, { MemorySize: 512 }) } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_OUT_OF_MEMORY);
    expect(result.rootCause.summary).toContain('512 MB MemorySize');
    const remediation = result.causes[0]?.remediation.join('\n') ?? '';
    expect(remediation).toContain('MemorySize is 512 MB; the failing invocations reached 512 MB');
    expect(remediation).toContain(
      `aws lambda update-function-configuration --function-name ${FN} --memory-size 1024 --region us-east-1`,
    );
  });

  it('REPORT Error Type: Runtime.OutOfMemory wins over an error the function logged', () => {
    const result = triage(
      incident({
        exec: customerError(`RequestId: ${LAMBDA} Error: Runtime exited with error: signal: killed`),
        logs: {
          [FN]: functionLines(T0, [
            [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
            [
              700,
              `2025-05-19T22:00:00.700Z\t${LAMBDA}\tERROR\tInvoke Error \t{"errorType":"RangeError","errorMessage":"Array buffer allocation failed","stack":["RangeError: Array buffer allocation failed"]}\n`,
            ],
            [
              881,
              report(LAMBDA, {
                durationMs: 870,
                memoryMb: 1024,
                maxMemoryMb: 1024,
                tail: 'Status: error\tError Type: Runtime.OutOfMemory',
              }),
            ],
          ]),
        },
        functions: { [FN]: { configuration: configuration(FN, { MemorySize: 1024 }) } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_OUT_OF_MEMORY);
  });

  it('a missing module at init is LAMBDA_INIT_ERROR, with the Handler and the module named', () => {
    const uncaught = `2025-05-19T22:00:00.005Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module 'pg'\\nRequire stack:\\n- /var/task/index.js\\n- /var/runtime/index.mjs","stack":["Runtime.ImportModuleError: Error: Cannot find module 'pg'"]}\n`;
    const result = triage(
      incident({
        exec: customerError(
          "Error: Cannot find module 'pg'\nRequire stack:\n- /var/task/index.js\n- /var/runtime/index.mjs",
        ),
        logs: {
          [FN]: functionLines(T0, [
            [
              1,
              'INIT_START Runtime Version: nodejs:22.v40\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc\n',
            ],
            [5, uncaught],
            [
              6,
              'INIT_REPORT Init Duration: 229.04 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError\n',
            ],
            [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
            [12, uncaught],
            [
              13,
              'INIT_REPORT Init Duration: 188.26 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ImportModuleError\n',
            ],
            [14, `END RequestId: ${LAMBDA}\n`],
            [
              14,
              report(LAMBDA, {
                durationMs: 190,
                tail: 'Status: error\tError Type: Runtime.ImportModuleError',
              }),
            ],
          ]),
        },
        functions: {
          [FN]: { configuration: configuration(FN, { Handler: 'index.handler', Runtime: 'nodejs22.x' }) },
        },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_INIT_ERROR);
    expect(result.rootCause.summary).toContain('Runtime.ImportModuleError');
    const remediation = result.causes[0]?.remediation.join('\n') ?? '';
    expect(remediation).toContain('`pg` is not in the bundle (Handler `index.handler`, nodejs22.x)');
  });

  it('a Handler naming a missing export is LAMBDA_INIT_ERROR, and the fix quotes the Handler setting', () => {
    const result = triage(
      incident({
        exec: customerError('index.main is undefined or not exported'),
        logs: {
          [FN]: functionLines(T0, [
            [
              1,
              'INIT_START Runtime Version: nodejs:22.v40\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc\n',
            ],
            [
              5,
              `2025-05-19T22:00:00.005Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.HandlerNotFound","errorMessage":"index.main is undefined or not exported","stack":["Runtime.HandlerNotFound: index.main is undefined or not exported"]}\n`,
            ],
            [
              6,
              'INIT_REPORT Init Duration: 120.00 ms\tPhase: init\tStatus: error\tError Type: Runtime.HandlerNotFound\n',
            ],
            [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
            [
              14,
              report(LAMBDA, { durationMs: 2, tail: 'Status: error\tError Type: Runtime.HandlerNotFound' }),
            ],
          ]),
        },
        functions: { [FN]: { configuration: configuration(FN, { Handler: 'index.main' }) } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_INIT_ERROR);
    expect(result.causes[0]?.remediation[0]).toContain('The Handler setting is `index.main`');
    expect(result.causes[0]?.remediation[0]).toContain('export `main` from `index`');
  });

  it('a plain uncaught error stays LAMBDA_UNHANDLED_ERROR', () => {
    const result = triage(
      incident({
        exec: customerError("Cannot read properties of undefined (reading 'sku')"),
        logs: {
          [FN]: functionLines(T0, [
            [10, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
            [
              100,
              `2025-05-19T22:00:00.100Z\t${LAMBDA}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'sku')","stack":["TypeError: Cannot read properties of undefined (reading 'sku')","    at lineTotal (/var/task/src/orders.js:42:17)"]}\n`,
            ],
            [101, report(LAMBDA, { durationMs: 91 })],
          ]),
        },
        functions: { [FN]: { configuration: configuration(FN) } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_UNHANDLED_ERROR);
    expect(result.rootCause.summary).toContain('TypeError');
    expect(result.causes[0]?.remediation[0]).toContain('/var/task/src/orders.js:42:17');
  });
});

describe('rejected invokes and authorizer failures beat everything function-side', () => {
  const at = T0;
  const functionSide: Record<string, Line[]> = {
    timeout: [
      [1, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
      [6001, report(LAMBDA, { durationMs: 6000, tail: 'Status: timeout' })],
    ],
    'out of memory': [
      [1, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
      [2, 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'],
      [
        3,
        report(LAMBDA, {
          durationMs: 2,
          memoryMb: 128,
          maxMemoryMb: 128,
          tail: 'Status: error\tError Type: Runtime.OutOfMemory',
        }),
      ],
    ],
    'init error': [
      [
        0,
        'INIT_REPORT Init Duration: 229.04 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError',
      ],
      [1, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
      [3, report(LAMBDA, { durationMs: 2, tail: 'Status: error\tError Type: Runtime.ImportModuleError' })],
    ],
    'unhandled error': [
      [1, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
      [
        2,
        `2025-05-19T22:00:00.002Z\t${LAMBDA}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"boom"}`,
      ],
      [3, report(LAMBDA, { durationMs: 2, tail: 'Status: error\tError Type: Runtime.Unknown' })],
    ],
    'payload too large': [
      [1, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
      [
        2,
        '[ERROR] [1582551956881] LAMBDA_RUNTIME Failed to post handler success response. Http response code: 413.',
      ],
      [3, report(LAMBDA, { durationMs: 2 })],
    ],
  };

  const gatewaySide: Record<string, { lines: Line[]; category: RootCause }> = {
    'throttled (429)': {
      lines: [
        `Lambda invocation failed with status: 429. Lambda request id: ${LAMBDA}`,
        'Execution failed due to configuration error: Rate Exceeded.',
        'Method completed with status: 500',
      ],
      category: RootCause.LAMBDA_THROTTLED,
    },
    'permission denied': {
      lines: [
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Method completed with status: 500',
      ],
      category: RootCause.LAMBDA_PERMISSION_DENIED,
    },
    'function cannot run (KMS)': {
      lines: [
        `Lambda invocation failed with status: 502. Lambda request id: ${LAMBDA}`,
        "Execution failed due to configuration error: Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedExceptionKMS Message: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.",
        'Method completed with status: 500',
      ],
      category: RootCause.LAMBDA_UNAVAILABLE,
    },
    'function not found (404)': {
      lines: [
        `Lambda invocation failed with status: 404. Lambda request id: ${LAMBDA}`,
        'Method completed with status: 500',
      ],
      category: RootCause.LAMBDA_UNAVAILABLE,
    },
    'authorizer failed': {
      lines: [
        'Starting authorizer: k2x9fe for request: c0ffee01',
        `Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:jwt-authorizer/invocations`,
        'Authorizer result body before parsing: {"errorType":"SigningKeyNotFoundError","errorMessage":"no key"}',
        'Execution failed due to configuration error: Invalid JSON in response: Unrecognized field "errorType" , not marked as ignorable',
        'AuthorizerConfigurationException',
      ],
      category: RootCause.AUTHORIZER_ERROR,
    },
  };

  const invocations: Record<string, Invocation> = Object.fromEntries(
    Object.entries(functionSide).map(([name, lines]) => [name, invocationFrom(FN, LAMBDA, at, lines)]),
  );

  for (const [gatewayName, gateway] of Object.entries(gatewaySide)) {
    for (const [functionName, invocation] of Object.entries(invocations)) {
      it(`${gatewayName} beats a function-side ${functionName}`, () => {
        const request = requestFrom(GW, at, gateway.lines);
        const classified = classify(
          {
            request,
            invocation,
            functionName: FN,
            facts: { configuration: configuration(FN) },
            joinedBy: 'request-id',
          },
          { [FN]: { configuration: configuration(FN) } },
        );
        expect(classified.category).toBe(gateway.category);
      });
    }
  }

  it('each function-side sign alone gives its own cause (the matrix is not vacuous)', () => {
    const request = requestFrom(GW, at, [
      `Lambda execution failed with status 200 due to customer function error: Application error in a Lambda function. Lambda request id: ${LAMBDA}`,
      'Method completed with status: 502',
    ]);
    const categories = Object.fromEntries(
      Object.entries(invocations).map(([name, invocation]) => [
        name,
        classify({ request, invocation, functionName: FN, joinedBy: 'request-id' }).category,
      ]),
    );
    expect(categories).toEqual({
      timeout: RootCause.LAMBDA_TIMEOUT,
      'out of memory': RootCause.LAMBDA_OUT_OF_MEMORY,
      'init error': RootCause.LAMBDA_INIT_ERROR,
      'unhandled error': RootCause.LAMBDA_UNHANDLED_ERROR,
      'payload too large': RootCause.LAMBDA_PAYLOAD_TOO_LARGE,
    });
  });

  it('an integration timeout beats a function-side timeout', () => {
    const request = requestFrom(GW, at, [
      'Execution failed due to a timeout error',
      'Method completed with status: 504',
    ]);
    expect(
      classify({ request, invocation: invocations.timeout, functionName: FN, joinedBy: 'time' }).category,
    ).toBe(RootCause.INTEGRATION_TIMEOUT);
  });

  it('the malformed-response rule needs the gateway to say so; a thrown error is not malformed', () => {
    const malformed = requestFrom(GW, at, [
      'Endpoint response body before transformations: null',
      'Execution failed due to configuration error: Malformed Lambda proxy response',
      'Method completed with status: 502',
    ]);
    expect(classify({ request: malformed, joinedBy: 'none' }).category).toBe(
      RootCause.LAMBDA_MALFORMED_RESPONSE,
    );
  });

  it('an access-log-only request follows the same order', () => {
    const result = triage(
      incident({
        kind: 'HTTP',
        access: [
          {
            timestamp: T0,
            logStreamName: 'access',
            message: `{"requestId":"Ab12Cd34Ef56Gh=","routeKey":"GET /orders/{id}","status":"500","integrationStatus":"429","integrationErrorMessage":"Rate Exceeded."}`,
          },
        ],
        logs: { [FN]: functionLines(T0, functionSide.timeout ?? []) },
        functions: { [FN]: { configuration: configuration(FN), reservedConcurrency: 2 } },
        routes: [{ method: 'GET', resource: '/orders/{id}', functionName: FN }],
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_THROTTLED);
    expect(result.correlation.source).toBe('access-logs');
    expect(result.links.map((link) => link.label)).toContain('Gateway access log');
    expect(result.gaps.join('\n')).not.toContain(ACCESS_GROUP);
  });
});

describe('authorizer failures blame the authorizer function', () => {
  it('names the authorizer, not the route integration, and reads what it threw', () => {
    const AUTH_LAMBDA = '3c2e1767-b7c3-4a1a-9cca-29a21725eca5';
    const authorizerUri =
      'https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:jwt-authorizer/invocations';
    const result = triage(
      incident({
        exec: gatewayLines(GW, T0, [
          'Extended Request Id: Z4p3J4KDNjMEtSA=',
          `Starting authorizer: k2x9fe for request: ${GW}`,
          'Incoming identity: ****************************abc',
          `Endpoint request URI: ${authorizerUri}`,
          `Endpoint request body after transformations: {"type":"TOKEN","methodArn":"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/members/M7/balance","authorizationToken":"Bearer eyJ`,
          [2, `Sending request to ${authorizerUri}`],
          [
            80,
            'Authorizer result body before parsing: {"errorType":"SigningKeyNotFoundError","errorMessage":"Unable to find a signing key that matches \'Nv5cR9uYk2HqZ7mT3eWb\'"}',
          ],
          [
            80,
            'Execution failed due to configuration error: Invalid JSON in response: Unrecognized field "errorType" , not marked as ignorable',
          ],
          [81, 'AuthorizerConfigurationException'],
        ]),
        logs: {
          'jwt-authorizer': functionLines(T0, [
            [5, `START RequestId: ${AUTH_LAMBDA} Version: $LATEST\n`],
            [
              70,
              `2025-05-19T22:00:00.070Z\t${AUTH_LAMBDA}\tERROR\tInvoke Error \t{"errorType":"SigningKeyNotFoundError","errorMessage":"Unable to find a signing key that matches 'Nv5cR9uYk2HqZ7mT3eWb'","stack":["SigningKeyNotFoundError: Unable to find a signing key","    at JwksClient.getSigningKey (/var/task/node_modules/jwks-rsa/src/JwksClient.js:82:15)"]}\n`,
            ],
            [75, report(AUTH_LAMBDA, { durationMs: 68 })],
          ]),
          // The integration also failed around then: it must not be blamed for the authorizer's 500s.
          'members-balance': functionLines(T0, [
            [6, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
            [9, report(LAMBDA, { durationMs: 3, tail: 'Status: error\tError Type: Runtime.Unknown' })],
          ]),
        },
        functions: {
          'jwt-authorizer': { configuration: configuration('jwt-authorizer') },
          'members-balance': { configuration: configuration('members-balance') },
        },
        routes: [{ method: 'GET', resource: '/members/{memberId}/balance', functionName: 'members-balance' }],
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.AUTHORIZER_ERROR);
    expect(result.rootCause.functionName).toBe('jwt-authorizer');
    expect(result.rootCause.statusCode).toBe(500);
    expect(result.rootCause.summary).toContain(
      'it threw SigningKeyNotFoundError instead of returning a policy',
    );
    expect(result.affected.functions).toEqual(['jwt-authorizer']);
    expect(result.causes[0]?.evidence.map((e) => e.message).join('\n')).toContain('SigningKeyNotFoundError');
    expect(result.causes[0]?.remediation.join('\n')).toContain('JWKS');
  });
});
