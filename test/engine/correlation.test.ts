import { describe, expect, it } from 'vitest';
import { RootCause } from '../../shared/domain/root-cause.ts';
import { triage } from '../../shared/engine/triage.ts';
import {
  configuration,
  functionLines,
  gatewayLines,
  incident,
  proxyRequestStart,
  report,
  responseHeaders,
  T0,
} from './hand-built.ts';

/** Each failing request → the invocation behind it, by the strongest join the logs allow. */

const FN = 'orders-get';
const LAMBDA = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
];
const GATEWAY = [
  'aaaaaaaa-0000-4000-8000-000000000001',
  'aaaaaaaa-0000-4000-8000-000000000002',
  'aaaaaaaa-0000-4000-8000-000000000003',
];

function thrown(lambdaId: string, at: number, message: string) {
  return functionLines(at, [
    [0, `START RequestId: ${lambdaId} Version: $LATEST\n`],
    [5, `2025-05-19T22:00:00.005Z\t${lambdaId}\tINFO\thandling order\n`],
    [
      9,
      `2025-05-19T22:00:00.009Z\t${lambdaId}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"${message}","stack":["TypeError: ${message}","    at handler (/var/task/index.js:7:3)"]}\n`,
    ],
    [10, `END RequestId: ${lambdaId}\n`],
    [10, report(lambdaId, { durationMs: 10 })],
  ]);
}

describe('correlation', () => {
  it('joins by the Lambda request id of the gateway log, even when invocations overlap in time', () => {
    // Three requests sent within the same millisecond; their invocations start in another order.
    const exec = GATEWAY.flatMap((gw, index) =>
      gatewayLines(gw, T0, [
        ...proxyRequestStart({ requestId: gw, functionName: FN }),
        [20, 'Received response. Status: 200, Integration latency: 12 ms'],
        [20, responseHeaders(LAMBDA[index] ?? '', true)],
        [
          20,
          `Lambda execution failed with status 200 due to customer function error: error ${index}. Lambda request id: ${LAMBDA[index]}`,
        ],
        [21, 'Method completed with status: 502'],
      ]),
    );
    const fnLog = [
      ...thrown(LAMBDA[2] ?? '', T0 + 8, 'error 2'),
      ...thrown(LAMBDA[0] ?? '', T0 + 9, 'error 0'),
      ...thrown(LAMBDA[1] ?? '', T0 + 10, 'error 1'),
    ].map((event, index) => ({ ...event, logStreamName: `stream-${index % 3}` }));
    const result = triage(
      incident({ exec, logs: { [FN]: fnLog }, functions: { [FN]: { configuration: configuration(FN) } } }),
    );
    expect(result.correlation).toEqual({
      failingRequests: 3,
      joinedByRequestId: 3,
      joinedByWeakerEvidence: 0,
      notJoined: 0,
      source: 'execution-logs',
    });
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_UNHANDLED_ERROR);
    // Evidence pairs each gateway line with its own invocation's error.
    const evidence = result.causes[0]?.evidence ?? [];
    for (const line of evidence.filter((e) => e.message.includes('Invoke Error'))) {
      const index = LAMBDA.indexOf(line.requestId);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(line.message).toContain(`error ${index}`);
    }
  });

  it('joins by the gateway request id the function logged (Powertools correlation id) when the gateway gives no Lambda id', () => {
    const gw = GATEWAY[0] ?? '';
    const lambdaId = LAMBDA[0] ?? '';
    const result = triage(
      incident({
        // ERROR-level execution logs: no "Sending request", no Lambda request id.
        exec: gatewayLines(gw, T0 + 29_000, [
          'Execution failed due to a timeout error',
          'Method completed with status: 504',
        ]),
        logs: {
          [FN]: [
            // An earlier invocation of another request must not be taken.
            ...thrown(LAMBDA[1] ?? '', T0 - 50, 'other'),
            ...functionLines(T0, [
              [0, `START RequestId: ${lambdaId} Version: $LATEST\n`],
              [
                3,
                `{"level":"INFO","message":"quote requested","service":"quotes","correlation_id":"${gw}","lambda_request_id":"${lambdaId}","timestamp":"2025-05-19T22:00:00.003Z"}`,
              ],
              [31_000, report(lambdaId, { durationMs: 31_000 })],
            ]),
          ],
        },
        functions: { [FN]: { configuration: configuration(FN, { Timeout: 40 }) } },
        routes: [{ method: 'POST', resource: '/quotes', functionName: FN }],
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.INTEGRATION_TIMEOUT);
    expect(result.correlation).toMatchObject({
      joinedByRequestId: 0,
      joinedByWeakerEvidence: 1,
      notJoined: 0,
    });
    expect(result.causes[0]?.remediation.join('\n')).toContain(
      'the invocations behind these requests ran 31 s–31 s',
    );
  });

  it('joins an HTTP API request by the id the function logged (JxIuoM_-style ids)', () => {
    const lambdaId = LAMBDA[0] ?? '';
    const result = triage(
      incident({
        kind: 'HTTP',
        access: [
          {
            timestamp: T0 + 30_008,
            logStreamName: 'access',
            message:
              '{"requestId":"cd4cDjw8IAMEeeQ=","ip":"49.180.232.80","httpMethod":"POST","routeKey":"POST /exports","path":"/exports","status":"503","responseLatency":"30008","integrationLatency":"30000","integrationStatus":"-","integrationRequestId":"-","integrationErrorMessage":"-","errorMessage":"Service Unavailable"}',
          },
        ],
        logs: {
          [FN]: functionLines(T0, [
            [0, `START RequestId: ${lambdaId} Version: $LATEST\n`],
            [
              2,
              `{"timestamp":"2025-02-18T02:57:51.796Z","level":"INFO","requestId":"${lambdaId}","message":"export requested tenant=t-1203 report=rpt_F73dSnwFsE apigwRequestId=cd4cDjw8IAMEeeQ="}`,
            ],
            [44_000, report(lambdaId, { durationMs: 44_000 })],
          ]),
        },
        functions: { [FN]: { configuration: configuration(FN, { Timeout: 60 }) } },
        routes: [{ method: 'POST', resource: '/exports', functionName: FN }],
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.INTEGRATION_TIMEOUT);
    expect(result.rootCause.summary).toContain('30 s integration timeout');
    expect(result.correlation).toMatchObject({
      source: 'access-logs',
      joinedByWeakerEvidence: 1,
      notJoined: 0,
    });
  });

  it('joins by time: the invocation that started right after "Sending request to", one per request', () => {
    const exec = GATEWAY.slice(0, 2).flatMap((gw, index) =>
      gatewayLines(gw, T0 + index * 1000, [
        ...proxyRequestStart({ requestId: gw, functionName: FN }),
        [29_010, 'Execution failed due to a timeout error'],
        [29_011, 'Method completed with status: 504'],
      ]),
    );
    const fnLog = [0, 1].flatMap((index) =>
      functionLines(
        T0 + index * 1000,
        [
          [30, `START RequestId: ${LAMBDA[index]} Version: $LATEST\n`],
          [40_000, report(LAMBDA[index] ?? '', { durationMs: 39_970 })],
        ],
        `stream-${index}`,
      ),
    );
    const result = triage(
      incident({
        exec,
        logs: { [FN]: fnLog },
        functions: { [FN]: { configuration: configuration(FN, { Timeout: 45 }) } },
      }),
    );
    expect(result.correlation).toMatchObject({
      failingRequests: 2,
      joinedByRequestId: 0,
      joinedByWeakerEvidence: 2,
      notJoined: 0,
    });
  });

  it('does not join by time when the invocation started long after the request was sent', () => {
    const gw = GATEWAY[0] ?? '';
    const result = triage(
      incident({
        exec: gatewayLines(gw, T0, [
          ...proxyRequestStart({ requestId: gw, functionName: FN }),
          [29_010, 'Execution failed due to a timeout error'],
          [29_011, 'Method completed with status: 504'],
        ]),
        logs: {
          [FN]: functionLines(T0 + 10_000, [
            [0, `START RequestId: ${LAMBDA[0]} Version: $LATEST\n`],
            [10, report(LAMBDA[0] ?? '', { durationMs: 10 })],
          ]),
        },
        functions: { [FN]: { configuration: configuration(FN) } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.INTEGRATION_TIMEOUT);
    expect(result.correlation).toMatchObject({ joinedByWeakerEvidence: 0, notJoined: 1 });
  });

  it('says which failing requests could not be joined, and lowers the confidence of function-only leads', () => {
    const gw = GATEWAY[0] ?? '';
    const joinedNothing = triage(
      incident({
        exec: gatewayLines(gw, T0, [
          `Lambda execution failed with status 200 due to customer function error: boom. Lambda request id: ${LAMBDA[0]}`,
          'Method completed with status: 502',
        ]),
        functions: { [FN]: { configuration: configuration(FN) } },
        routes: [{ method: 'GET', resource: '/orders/{id}', functionName: FN }],
      }),
    );
    expect(joinedNothing.correlation).toMatchObject({
      failingRequests: 1,
      joinedByRequestId: 0,
      notJoined: 1,
    });
    expect(joinedNothing.gaps.join('\n')).toContain('/aws/lambda/orders-get');

    const functionOnly = triage(
      incident({
        exec: [],
        logs: { [FN]: thrown(LAMBDA[0] ?? '', T0, 'boom') },
        functions: { [FN]: { configuration: configuration(FN) } },
      }),
    );
    expect(functionOnly.correlation).toMatchObject({ source: 'function-logs-only', failingRequests: 0 });
    expect(functionOnly.rootCause.category).toBe(RootCause.LAMBDA_UNHANDLED_ERROR);
    expect(functionOnly.rootCause.confidence).toBeLessThanOrEqual(0.5);
    expect(functionOnly.gaps[0]).toContain('No gateway log names the failing requests');
  });

  it('merges the access record into the execution-log request of the same id', () => {
    const gw = GATEWAY[0] ?? '';
    const result = triage(
      incident({
        exec: gatewayLines(gw, T0, [
          `Lambda execution failed with status 200 due to customer function error: boom. Lambda request id: ${LAMBDA[0]}`,
          'Method completed with status: 502',
        ]),
        access: [
          {
            timestamp: T0 + 3,
            logStreamName: 'access',
            message: JSON.stringify({
              requestId: gw,
              httpMethod: 'GET',
              resourcePath: '/orders/{id}',
              status: '502',
              integrationStatus: '200',
            }),
          },
        ],
        logs: { [FN]: thrown(LAMBDA[0] ?? '', T0 - 20, 'boom') },
        functions: { [FN]: { configuration: configuration(FN) } },
        routes: [{ method: 'GET', resource: '/orders/{id}', functionName: FN }],
      }),
    );
    expect(result.correlation).toMatchObject({ source: 'both', failingRequests: 1, joinedByRequestId: 1 });
    expect(result.affected.routes).toEqual([{ method: 'GET', resource: '/orders/{id}', count: 1 }]);
  });
});
