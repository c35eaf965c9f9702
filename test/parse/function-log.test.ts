import { describe, expect, it } from 'vitest';
import {
  isInitErrorType,
  isOutOfMemoryText,
  isResponseTooLargeText,
} from '../../shared/parse/failure-signs.ts';
import { type FunctionLine, parseFunctionLine } from '../../shared/parse/function-log.ts';

/**
 * Samples are copied from ../shared/research/lambda-logs.md (tabs written as \t where the source
 * shows them, `…` where the research cut a line). A few "completed" variants remove only the `…`
 * cut so the JSON path is exercised too; they are marked as such.
 */

function expectKind<K extends FunctionLine['kind']>(
  line: FunctionLine,
  kind: K,
): Extract<FunctionLine, { kind: K }> {
  expect(line.kind).toBe(kind);
  return line as Extract<FunctionLine, { kind: K }>;
}

describe('START / END / REPORT (§1)', () => {
  it('reads START with its version', () => {
    const line = parseFunctionLine(
      'START RequestId: 69594c41-8463-4f69-b9b4-ff6c49813475 Version: $LATEST\n',
    );
    expect(line).toEqual({
      kind: 'start',
      requestId: '69594c41-8463-4f69-b9b4-ff6c49813475',
      version: '$LATEST',
    });
  });

  it('reads END', () => {
    expect(parseFunctionLine('END RequestId: 69594c41-8463-4f69-b9b4-ff6c49813475\n')).toEqual({
      kind: 'end',
      requestId: '69594c41-8463-4f69-b9b4-ff6c49813475',
    });
  });

  it('reads a tab-separated REPORT without Status (trailing \\t\\n, a stray space before a tab)', () => {
    const line = expectKind(
      parseFunctionLine(
        'REPORT RequestId: 69594c41-8463-4f69-b9b4-ff6c49813475\tDuration: 89.34 ms\tBilled Duration: 100 ms \tMemory Size: 128 MB\tMax Memory Used: 111 MB\t\n',
      ),
      'report',
    );
    expect(line).toEqual({
      kind: 'report',
      requestId: '69594c41-8463-4f69-b9b4-ff6c49813475',
      durationMs: 89.34,
      billedDurationMs: 100,
      memorySizeMb: 128,
      maxMemoryUsedMb: 111,
    });
    expect(line.status).toBeUndefined();
  });

  it('reads another Status-less REPORT', () => {
    const line = expectKind(
      parseFunctionLine(
        'REPORT RequestId: 76269889-7d50-4d6d-a3f1-9b4f5322f47c\tDuration: 14.97 ms\tBilled Duration: 15 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t\n',
      ),
      'report',
    );
    expect(line.requestId).toBe('76269889-7d50-4d6d-a3f1-9b4f5322f47c');
    expect(line.durationMs).toBe(14.97);
    expect(line.maxMemoryUsedMb).toBe(67);
  });

  it('reads a space-flattened REPORT with Init Duration and XRAY', () => {
    const line = expectKind(
      parseFunctionLine(
        'REPORT RequestId: 8fc6f963-411b-58b5-8483-a32130c0f45d Duration: 201.67 ms Billed Duration: 202 ms Memory Size: 2048 MB Max Memory Used: 81 MB Init Duration: 480.25 ms XRAY TraceId: 1-61c86fa4-59b3c6d959653c527fd10966 SegmentId: 107ea78a5750a811 Sampled: true',
      ),
      'report',
    );
    expect(line).toEqual({
      kind: 'report',
      requestId: '8fc6f963-411b-58b5-8483-a32130c0f45d',
      durationMs: 201.67,
      billedDurationMs: 202,
      memorySizeMb: 2048,
      maxMemoryUsedMb: 81,
      initDurationMs: 480.25,
    });
  });

  it('reads REPORT Status: timeout with the XRAY line in the same event', () => {
    const line = expectKind(
      parseFunctionLine(
        'REPORT RequestId: 054d8776-b852-42f6-a1a6-752552daea41\tDuration: 600000.00 ms\tBilled Duration: 600000 ms\tMemory Size: 1024 MB\tMax Memory Used: 1024 MB\tStatus: timeout\nXRAY TraceId: 1-6ac7d63f-0104e99861c65c8039f183da\tSegmentId: 7c4eb6a6d56f2a27\tSampled: true',
      ),
      'report',
    );
    expect(line.requestId).toBe('054d8776-b852-42f6-a1a6-752552daea41');
    expect(line.durationMs).toBe(600000);
    expect(line.status).toBe('timeout');
    expect(line.errorType).toBeUndefined();
  });

  it('reads a REPORT of an invocation whose init failed (Rust runtime, request id "123")', () => {
    const line = expectKind(
      parseFunctionLine(
        'REPORT RequestId: 123\tDuration: 1687.96 ms\tBilled Duration: 1688 ms\tMemory Size: 128 MB\tMax Memory Used: 16 MB',
      ),
      'report',
    );
    expect(line.requestId).toBe('123');
    expect(line.maxMemoryUsedMb).toBe(16);
  });
});

describe('INIT_START / INIT_REPORT (§1, §5)', () => {
  it('reads the runtime version of INIT_START', () => {
    expect(
      parseFunctionLine(
        'INIT_START Runtime Version: provided:al2023.v12\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:136ed310b999b334fac0d4a087dd5c3d4f95efe17b434ba3c1eefb429c00f150',
      ),
    ).toEqual({ kind: 'init-start', runtimeVersion: 'provided:al2023.v12' });
  });

  it.each([
    [
      'INIT_REPORT Init Duration: 0.21 ms\tPhase: init\tStatus: error\tError Type: Runtime.InvalidEntrypoint',
      0.21,
      'init',
      'Runtime.InvalidEntrypoint',
    ],
    [
      'INIT_REPORT Init Duration: 0.23 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.InvalidEntrypoint',
      0.23,
      'invoke',
      'Runtime.InvalidEntrypoint',
    ],
    [
      'INIT_REPORT Init Duration: 206.72 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError',
      206.72,
      'init',
      'Runtime.ExitError',
    ],
    [
      'INIT_REPORT Init Duration: 290.82 ms Phase: init Status: error Error Type: Runtime.Unknown',
      290.82,
      'init',
      'Runtime.Unknown',
    ],
    [
      'INIT_REPORT Init Duration: 229.04 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError',
      229.04,
      'init',
      'Runtime.ImportModuleError',
    ],
    [
      'INIT_REPORT Init Duration: 88.26 ms Phase: invoke Status: error Error Type: Runtime.ImportModuleError',
      88.26,
      'invoke',
      'Runtime.ImportModuleError',
    ],
  ])('reads %j', (text, durationMs, phase, errorType) => {
    expect(parseFunctionLine(text)).toEqual({
      kind: 'init-report',
      durationMs,
      phase,
      status: 'error',
      errorType,
    });
  });

  it('reads the bootstrap error of a provided runtime with its error type on the next line', () => {
    const line = parseFunctionLine(
      "RequestId: d619c06a-7b1b-40e8-95d9-5adf1b31983c Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]\nRuntime.InvalidEntrypoint",
    );
    const error = expectKind(line, 'error');
    expect(error.requestId).toBe('d619c06a-7b1b-40e8-95d9-5adf1b31983c');
    expect(error.errorType).toBe('Runtime.InvalidEntrypoint');
    expect(error.errorMessage).toBe(
      "Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]",
    );
    expect(isInitErrorType(error.errorType)).toBe(true);
  });

  it('reads the error type alone when it is its own event', () => {
    const error = expectKind(parseFunctionLine('Runtime.InvalidEntrypoint'), 'error');
    expect(error.errorType).toBe('Runtime.InvalidEntrypoint');
    expect(error.duringInit).toBe(true);
  });

  it('reads an exec-format error of a container image', () => {
    const error = expectKind(
      parseFunctionLine(
        'RequestId: 6da64f80-0000-4000-8000-000000000000 Error: fork/exec /lambda-entrypoint.sh: exec format error\nRuntime.InvalidEntrypoint',
      ),
      'error',
    );
    expect(error.errorType).toBe('Runtime.InvalidEntrypoint');
  });
});

describe('timeouts (§2)', () => {
  it('reads the old space-separated REPORT and the timeout line', () => {
    const report = expectKind(
      parseFunctionLine(
        'REPORT RequestId: b47cde10-029a-11e6-b5d6-1f01b70b94b2  Duration: 120000.64 ms  Billed Duration: 120000 ms Memory Size: 128 MB  Max Memory Used: 23 MB',
      ),
      'report',
    );
    expect(report.requestId).toBe('b47cde10-029a-11e6-b5d6-1f01b70b94b2');
    expect(report.durationMs).toBe(120000.64);
    expect(report.billedDurationMs).toBe(120000);
    expect(report.memorySizeMb).toBe(128);
    expect(report.maxMemoryUsedMb).toBe(23);
    expect(report.status).toBeUndefined();

    expect(
      parseFunctionLine(
        '2016-04-14T23:52:45.715Z b47cde10-029a-11e6-b5d6-1f01b70b94b2 Task timed out after 120.00 seconds',
      ),
    ).toEqual({ kind: 'timeout', requestId: 'b47cde10-029a-11e6-b5d6-1f01b70b94b2', seconds: 120 });
  });

  it('reads a fractional timeout', () => {
    expect(
      parseFunctionLine(
        '2018-08-26T02:13:13.948Z 3364d63a-b18c-5ed6-97c7-85c6bf57800e Task timed out after 30.02 seconds',
      ),
    ).toEqual({ kind: 'timeout', requestId: '3364d63a-b18c-5ed6-97c7-85c6bf57800e', seconds: 30.02 });
  });

  it('reads the newer REPORT Status: timeout (tab and Logs Insights forms)', () => {
    const report = expectKind(
      parseFunctionLine(
        'REPORT RequestId: 13222b1e-f16b-4550-89df-869ab0a9806d\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB\tMax Memory Used: 64 MB\tStatus: timeout',
      ),
      'report',
    );
    expect(report.status).toBe('timeout');
    expect(report.durationMs).toBe(3000);

    const insights = expectKind(
      parseFunctionLine(
        'REPORT RequestId: 4725a167-21a7-5731-99c2-c3d0e3dfd770\tDuration: 180000.00 ms\tBilled Duration: 180000 ms\tMemory Size: 1280 MB\tMax Memory Used: 1201 MB\tStatus: timeout\n',
      ),
      'report',
    );
    expect(insights.status).toBe('timeout');
    expect(insights.maxMemoryUsedMb).toBe(1201);
  });

  it('reads the Sandbox.Timedout payload as an error document naming the timeout', () => {
    const error = expectKind(
      parseFunctionLine(
        '{"errorMessage": "RequestId: 00000000-0000-0000-0000-000000000000 Error: Task timed out after 1.00 seconds", "errorType": "Sandbox.Timedout"}',
      ),
      'error',
    );
    expect(error.errorType).toBe('Sandbox.Timedout');
    expect(error.errorMessage).toContain('Task timed out after 1.00 seconds');
  });

  it('reads the JSON-format timeout records', () => {
    expect(
      parseFunctionLine(
        '{"time":"2026-07-09T06:05:50.562Z","type":"platform.runtimeDone","record":{"requestId":"aec7a529-47f9-4090-be01-c9ed91bf83cf","status":"timeout","metrics":{"durationMs":5001.182,"producedBytes":0}}}',
      ),
    ).toEqual({
      kind: 'runtime-done',
      requestId: 'aec7a529-47f9-4090-be01-c9ed91bf83cf',
      status: 'timeout',
      errorType: undefined,
    });
    const report = expectKind(
      parseFunctionLine(
        '{"time":"2026-07-09T06:05:50.581Z","type":"platform.report","record":{"requestId":"aec7a529-47f9-4090-be01-c9ed91bf83cf","metrics":{"durationMs":5000.0,"billedDurationMs":5000,"memorySizeMB":128,"maxMemoryUsedMB":94},"status":"timeout"}}',
      ),
      'report',
    );
    expect(report).toMatchObject({
      requestId: 'aec7a529-47f9-4090-be01-c9ed91bf83cf',
      durationMs: 5000,
      billedDurationMs: 5000,
      memorySizeMb: 128,
      maxMemoryUsedMb: 94,
      status: 'timeout',
    });
  });
});

describe('JSON platform records (§10)', () => {
  it('reads platform.start, runtimeDone, report, initStart and initReport', () => {
    expect(
      parseFunctionLine(
        '{"time":"2022-10-21T14:05:03.165Z","type":"platform.start","record":{"requestId":"459921b5-681c-4a96-beb0-81e0aa586026","version":"$LATEST","tracing":{"spanId":"24cd7d670fa455f0","type":"X-Amzn-Trace-Id","value":"Root=1-6352a70e-1e2c502e358361800241fd45;Parent=35465b3a9e2f7c6a;Sampled=1"}}}',
      ),
    ).toEqual({ kind: 'start', requestId: '459921b5-681c-4a96-beb0-81e0aa586026', version: '$LATEST' });

    // Completed: the research cut the record with `…`; only the cut is removed here.
    expect(
      parseFunctionLine(
        '{"time":"2022-10-21T14:05:05.764Z","type":"platform.runtimeDone","record":{"requestId":"459921b5-681c-4a96-beb0-81e0aa586026","status":"success","spans":[{"name":"responseLatency","start":"2022-10-21T14:05:03.165Z","durationMs":2598.0},{"name":"responseDuration","start":"2022-10-21T14:05:05.763Z","durationMs":0.0}],"metrics":{"durationMs":2599.0,"producedBytes":8}}}',
      ),
    ).toMatchObject({ kind: 'runtime-done', status: 'success' });

    expect(
      parseFunctionLine(
        '{"time":"2022-10-21T14:05:05.766Z","type":"platform.report","record":{"requestId":"459921b5-681c-4a96-beb0-81e0aa586026","metrics":{"durationMs":2599.4,"billedDurationMs":2600,"memorySizeMB":128,"maxMemoryUsedMB":94,"initDurationMs":549.04},"status":"success"}}',
      ),
    ).toMatchObject({
      kind: 'report',
      durationMs: 2599.4,
      billedDurationMs: 2600,
      initDurationMs: 549.04,
      status: 'success',
    });

    expect(
      parseFunctionLine(
        '{"time":"2022-10-19T13:52:15.636Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init"}}',
      ),
    ).toEqual({ kind: 'init-start', runtimeVersion: undefined });

    expect(
      parseFunctionLine(
        '{"time":"2022-10-19T13:52:16.136Z","type":"platform.initReport","record":{"initializationType":"on-demand","metrics":{"durationMs":500.0},"phase":"init"}}',
      ),
    ).toEqual({
      kind: 'init-report',
      durationMs: 500,
      phase: 'init',
      status: undefined,
      errorType: undefined,
    });
  });

  it('reads the 2024 CloudWatch capture of platform.report', () => {
    expect(
      parseFunctionLine(
        '{"time":"2024-05-20T16:29:45.022Z","type":"platform.report","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","status":"success","metrics":{"durationMs":11.642,"billedDurationMs":12,"memorySizeMB":128,"maxMemoryUsedMB":67,"initDurationMs":174.055}}}',
      ),
    ).toMatchObject({
      kind: 'report',
      requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715',
      maxMemoryUsedMb: 67,
    });
  });

  it('reads an OOM platform.report (telemetry schema shape)', () => {
    expect(
      parseFunctionLine(
        '{"time":"2024-05-20T16:29:45.022Z","type":"platform.report","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","status":"error","errorType":"Runtime.OutOfMemory","metrics":{"durationMs":900,"billedDurationMs":900,"memorySizeMB":128,"maxMemoryUsedMB":128}}}',
      ),
    ).toMatchObject({
      kind: 'report',
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
      maxMemoryUsedMb: 128,
    });
  });

  it('keeps an unknown platform record as unrecognised', () => {
    expect(
      parseFunctionLine(
        '{"time":"2022-10-21T14:05:03.165Z","type":"platform.extension","record":{"name":"x","state":"Ready"}}',
      ).kind,
    ).toBe('unrecognised');
  });
});

describe('Node.js errors (§4, §5)', () => {
  it('reads a verbatim Invoke Error whose document the research cut', () => {
    const error = expectKind(
      parseFunctionLine(
        '2020-11-03T00:36:23.376Z\t3eb496cd-c663-4ae2-a717-8f261b7ad48c\tERROR\tInvoke Error \t{"errorType":"AssertionError","errorMessage":"id is a mandatory field","code":"ERR_ASSERTION",…,"stack":["AssertionError [ERR_ASSERTION]: id is a mandatory field","    at new Product (/var/task/src/product/product.js:5:5)",…]}',
      ),
      'error',
    );
    expect(error).toMatchObject({
      requestId: '3eb496cd-c663-4ae2-a717-8f261b7ad48c',
      origin: 'invoke-error',
      errorType: 'AssertionError',
      errorMessage: 'id is a mandatory field',
    });
    expect(error.duringInit).toBeUndefined();
  });

  it('reads a complete single-line Invoke Error with its stack', () => {
    const error = expectKind(
      parseFunctionLine(
        '2020-11-03T00:36:23.376Z\t3eb496cd-c663-4ae2-a717-8f261b7ad48c\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading \'0\')","stack":["TypeError: Cannot read properties of undefined (reading \'0\')","    at Runtime.lambdaHandler [as handler] (/var/task/app.js:6:35)","    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1086:29)"]}\n',
      ),
      'error',
    );
    expect(error.errorType).toBe('TypeError');
    expect(error.stack).toEqual([
      "TypeError: Cannot read properties of undefined (reading '0')",
      '    at Runtime.lambdaHandler [as handler] (/var/task/app.js:6:35)',
      '    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1086:29)',
    ]);
  });

  it('reads a single-line Uncaught Exception during init (request id "undefined")', () => {
    const error = expectKind(
      parseFunctionLine(
        '2021-02-12T08:22:17.961Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.HandlerNotFound","errorMessage":"index.main is undefined or not exported","stack":["Runtime.HandlerNotFound: index.main is undefined or not exported"]}',
      ),
      'error',
    );
    expect(error).toMatchObject({
      origin: 'uncaught-exception',
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.main is undefined or not exported',
      duringInit: true,
    });
    expect(error.requestId).toBeUndefined();
  });

  it('reads a pretty-printed Uncaught Exception', () => {
    const text = [
      '2021-02-12T08:22:17.961Z\tundefined\tERROR\tUncaught Exception \t{',
      '    "errorType": "Runtime.HandlerNotFound",',
      '    "errorMessage": "main.handler is not a function",',
      '    "stack": [',
      '        "Runtime.HandlerNotFound: main.handler is not a function",',
      '        "    at Object.module.exports.load (/var/runtime/UserFunction.js:150:11)"',
      '    ]',
      '}',
      '',
    ].join('\n');
    const error = expectKind(parseFunctionLine(text), 'error');
    expect(error.errorType).toBe('Runtime.HandlerNotFound');
    expect(error.errorMessage).toBe('main.handler is not a function');
    expect(error.stack?.[1]).toContain('/var/runtime/UserFunction.js:150:11');
    expect(error.duringInit).toBe(true);
  });

  it('reads a cut pretty-printed Uncaught Exception by its fields', () => {
    const error = expectKind(
      parseFunctionLine(
        '2023-09-06T18:20:21.370Z\tundefined\tERROR\tUncaught Exception \t{ "errorType": "Runtime.UserCodeSyntaxError", …',
      ),
      'error',
    );
    expect(error.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(error.duringInit).toBe(true);
  });

  it('reads the ES-module Uncaught Exception (not a Runtime.* type, still during init)', () => {
    const error = expectKind(
      parseFunctionLine(
        '2023-03-05T05:18:16.556Z\tundefined\tERROR\tUncaught Exception \t{"errorType": "ReferenceError", "errorMessage": "require is not defined in ES module scope, you can use import instead", "stack": ["ReferenceError: require is not defined in ES module scope, you can use import instead", "    at file:///var/task/index.mjs:3:11", "    at ModuleJob.run (node:internal/modules/esm/module_job:194:25)"]}',
      ),
      'error',
    );
    expect(error.errorType).toBe('ReferenceError');
    expect(error.duringInit).toBe(true);
    expect(error.stack).toHaveLength(3);
  });

  it('reads a Runtime.ImportModuleError Uncaught Exception with a Require stack in the message', () => {
    const error = expectKind(
      parseFunctionLine(
        '2025-06-09T00:24:05.208Z\tundefined\tERROR\tUncaught Exception \t{"errorType": "Runtime.ImportModuleError", "errorMessage": "Error: Cannot find module \'postConfirmation\'\\nRequire stack:\\n- /var/runtime/index.mjs", "stack": []}',
      ),
      'error',
    );
    expect(error.errorType).toBe('Runtime.ImportModuleError');
    expect(error.errorMessage).toBe(
      "Error: Cannot find module 'postConfirmation'\nRequire stack:\n- /var/runtime/index.mjs",
    );
  });

  it('reads the old "Unknown application error occurred" trailer', () => {
    const exit = expectKind(
      parseFunctionLine('Unknown application error occurred\nRuntime.UserCodeSyntaxError'),
      'runtime-exit',
    );
    expect(exit.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(exit.detail).toBe('Unknown application error occurred');
  });

  it('reads a JSON application line', () => {
    expect(
      parseFunctionLine(
        '{"timestamp":"2024-05-20T16:29:42.909Z","level":"INFO","requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","message":"ENV 2024-05-20T16:29:42.891Z"}',
      ),
    ).toEqual({
      kind: 'app',
      requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715',
      level: 'INFO',
      message: 'ENV 2024-05-20T16:29:42.891Z',
    });
  });

  it("reads Node's JSON error record (the document inside message)", () => {
    const error = expectKind(
      parseFunctionLine(
        '{"timestamp":"2024-05-20T16:29:42.909Z","level":"ERROR","requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","message":{"errorType":"TypeError","errorMessage":"x is not a function","stackTrace":["TypeError: x is not a function","    at Runtime.handler (file:///var/task/index.mjs:4:3)"]}}',
      ),
      'error',
    );
    expect(error).toMatchObject({
      requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715',
      origin: 'json',
      errorType: 'TypeError',
      errorMessage: 'x is not a function',
    });
    expect(error.stack).toHaveLength(2);
  });

  it('reads a text application line with its level', () => {
    expect(
      parseFunctionLine(
        '2023-08-29T04:01:58.070Z\tdf9f3d17-311e-449a-b1a0-b7707d2284cb\tINFO\taggregating partner=p217\n',
      ),
    ).toEqual({
      kind: 'app',
      requestId: 'df9f3d17-311e-449a-b1a0-b7707d2284cb',
      level: 'INFO',
      message: 'aggregating partner=p217',
    });
  });
});

describe('Python (§4, §5)', () => {
  it('reads the [ERROR] KeyError traceback', () => {
    const error = expectKind(
      parseFunctionLine(
        `[ERROR] KeyError: 'Details'\nTraceback (most recent call last):\n  File "/var/task/index.py", line 6, in lambda_handler\n    noncompliantTrail = str(event['detail']['findings'][0]['Resources'][0]['Details']['Other']['name'])`,
      ),
      'error',
    );
    expect(error).toMatchObject({ origin: 'python', errorType: 'KeyError', errorMessage: "'Details'" });
    expect(error.stack?.[0]).toBe('Traceback (most recent call last):');
    expect(error.stack?.[1]).toContain('File "/var/task/index.py", line 6');
    expect(error.duringInit).toBeFalsy();
  });

  it('reads a MemoryError, with or without a message, as out of memory', () => {
    expect(
      parseFunctionLine(
        '[ERROR] MemoryError\nTraceback (most recent call last):\n  File "/var/task/app.py", line 9',
      ).kind,
    ).toBe('out-of-memory');
    expect(parseFunctionLine('[ERROR] MemoryError: \nTraceback (most recent call last):').kind).toBe(
      'out-of-memory',
    );
  });

  it('reads a Python error head without a type as the message', () => {
    expect(parseFunctionLine('[ERROR] something broke badly')).toEqual({
      kind: 'error',
      requestId: undefined,
      origin: 'python',
      errorMessage: 'something broke badly',
      stack: undefined,
    });
  });

  it('reads Runtime.ImportModuleError in text, flattened and JSON forms', () => {
    const text = expectKind(
      parseFunctionLine(
        "[ERROR] Runtime.ImportModuleError: Unable to import module 'start_execution_manager': No module named 'requests'",
      ),
      'error',
    );
    expect(text).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'start_execution_manager': No module named 'requests'",
      duringInit: true,
    });

    const flattened = expectKind(
      parseFunctionLine(
        "[ERROR] Runtime.ImportModuleError: Unable to import module 'main': No module named 'main' Traceback (most recent call last):",
      ),
      'error',
    );
    expect(flattened.errorType).toBe('Runtime.ImportModuleError');
    expect(flattened.errorMessage).toContain("No module named 'main'");

    const json = expectKind(
      parseFunctionLine(
        `{"errorMessage": "Unable to import module 'main': No module named 'requests'", "errorType": "Runtime.ImportModuleError", "stackTrace": []}`,
      ),
      'error',
    );
    expect(json).toMatchObject({ origin: 'json', errorType: 'Runtime.ImportModuleError', duringInit: true });
  });

  it('reads the invoke-response document of a KeyError', () => {
    const error = expectKind(
      parseFunctionLine(
        `{"errorMessage": "'aws_region'", "errorType": "KeyError", "stackTrace": ["  File \\"/var/task/rds_logs_to_s3.py\\", line 305, in lambda_handler\\n    event['aws_region'],\\n"]}`,
      ),
      'error',
    );
    expect(error.errorType).toBe('KeyError');
    expect(error.errorMessage).toBe("'aws_region'");
    expect(error.stack?.[0]).toContain('rds_logs_to_s3.py');
  });

  it("reads the Python JSON error record with the runtime's requestId", () => {
    const error = expectKind(
      parseFunctionLine(
        '{"timestamp": "2024-06-18T08:35:37.531Z", "level": "ERROR", "message": "KeyError: \'tenant\'", "logger": "root", "requestId": "53564db3-6d2d-49c1-8db0-f1f443a4b2a8", "errorMessage": "\'tenant\'", "errorType": "KeyError", "stackTrace": ["  File \\"/var/task/app.py\\", line 12, in handler\\n"]}',
      ),
      'error',
    );
    expect(error).toMatchObject({
      requestId: '53564db3-6d2d-49c1-8db0-f1f443a4b2a8',
      origin: 'json',
      errorType: 'KeyError',
      errorMessage: "'tenant'",
    });
  });

  it('reads Python text-format application lines', () => {
    expect(
      parseFunctionLine(
        '[INFO]\t2024-06-18T08:35:07.530Z\t53564db3-6d2d-49c1-8db0-f1f443a4b2a8\trendering invoice template invoice_v7.html\n',
      ),
    ).toEqual({
      kind: 'app',
      requestId: '53564db3-6d2d-49c1-8db0-f1f443a4b2a8',
      level: 'INFO',
      message: 'rendering invoice template invoice_v7.html',
    });
  });

  it('reads LAMBDA_WARNING as a warning application line, whatever the separators', () => {
    const text =
      'LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html';
    const spaced = expectKind(parseFunctionLine(`[WARNING] 2026-06-03T23:50:19.575Z ${text}`), 'app');
    expect(spaced.level).toBe('WARN');
    expect(spaced.message).toContain('LAMBDA_WARNING: Unhandled exception.');
    const tabbed = expectKind(
      parseFunctionLine(`[WARNING]\t2026-06-03T23:50:19.575Z\t53564db3-6d2d-49c1-8db0-f1f443a4b2a8\t${text}`),
      'app',
    );
    expect(tabbed.requestId).toBe('53564db3-6d2d-49c1-8db0-f1f443a4b2a8');
    expect(tabbed.level).toBe('WARN');
    expect(tabbed.message.startsWith('LAMBDA_WARNING')).toBe(true);
  });

  it('reads Powertools Logger INFO and handled-exception lines as application lines', () => {
    expect(
      parseFunctionLine(
        '{"level": "INFO", "location": "collect.handler:7", "message": "Collecting payment", "timestamp": "2021-05-03 11:47:12,494+0200", "service": "payment", "cold_start": true, "lambda_function_name": "test", "lambda_function_memory_size": 128, "lambda_function_arn": "arn:aws:lambda:eu-west-1:12345678910:function:test", "lambda_request_id": "52fdfc07-2182-154f-163f-5f0f9a621d72"}',
      ),
    ).toEqual({
      kind: 'app',
      requestId: '52fdfc07-2182-154f-163f-5f0f9a621d72',
      level: 'INFO',
      message: 'Collecting payment',
    });
    expect(
      parseFunctionLine(
        '{"level": "ERROR", "location": "collect.handler:15", "message": "Received a HTTP 5xx error", "timestamp": "2021-05-03 11:47:12,494+0000", "service": "payment", "exception_name": "RuntimeError", "exception": "Traceback (most recent call last):\\n  File \\"<input>\\", line 2, in <module> RuntimeError: Unable to fullfil request"}',
      ),
    ).toEqual({ kind: 'app', requestId: undefined, level: 'ERROR', message: 'Received a HTTP 5xx error' });
  });
});

describe('Java, Go, .NET (§4)', () => {
  it('reads the Java error document', () => {
    const error = expectKind(
      parseFunctionLine(
        '{"errorMessage":"/ by zero","errorType":"java.lang.ArithmeticException","stackTrace":["example.HandlerDivide.handleRequest(HandlerDivide.java:28)","example.HandlerDivide.handleRequest(HandlerDivide.java:13)"]}',
      ),
      'error',
    );
    expect(error).toMatchObject({ errorType: 'java.lang.ArithmeticException', errorMessage: '/ by zero' });
    expect(error.stack).toEqual([
      'example.HandlerDivide.handleRequest(HandlerDivide.java:28)',
      'example.HandlerDivide.handleRequest(HandlerDivide.java:13)',
    ]);
  });

  it('reads the runtime client format `message: class\\nstack`', () => {
    const error = expectKind(
      parseFunctionLine(
        '/ by zero: java.lang.ArithmeticException\njava.lang.ArithmeticException: / by zero\n\tat example.HandlerDivide.handleRequest(HandlerDivide.java:28)\n',
      ),
      'error',
    );
    expect(error).toMatchObject({
      origin: 'java',
      errorType: 'java.lang.ArithmeticException',
      errorMessage: '/ by zero',
    });
    expect(error.stack?.[1]).toContain('HandlerDivide.java:28');
  });

  it('reads a Java OutOfMemoryError in that format as out of memory', () => {
    const line = parseFunctionLine(
      'Java heap space: java.lang.OutOfMemoryError\njava.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Unknown Source)\n',
    );
    expect(line).toEqual({
      kind: 'out-of-memory',
      requestId: undefined,
      detail: 'Java heap space: java.lang.OutOfMemoryError',
    });
  });

  it('reads a log4j line with its request id and level', () => {
    expect(
      parseFunctionLine(
        '2024-05-06 20:54:35,136 88ff72eb-7b50-4a82-b085-6cf5a3ade2c2 INFO  StatementHandler:41 - statement range=30d\n',
      ),
    ).toEqual({
      kind: 'app',
      requestId: '88ff72eb-7b50-4a82-b085-6cf5a3ade2c2',
      level: 'INFO',
      message: 'INFO  StatementHandler:41 - statement range=30d',
    });
  });

  it('reads the Go panic document with object stack frames', () => {
    // Completed: the research's `…` cut removed.
    const error = expectKind(
      parseFunctionLine(
        '{"errorMessage":"interface conversion: interface {} is nil, not string","errorType":"TypeAssertionError","stackTrace":[{"path":"github.com/aws/aws-lambda-go@v1.48.0/lambda/errors.go","line":39,"label":"lambdaPanicResponse"},{"path":"github.com/aws/aws-lambda-go@v1.48.0/lambda/invoke_loop.go","line":122,"label":"callBytesHandlerFunc.func1"},{"path":"runtime/panic.go","line":792,"label":"gopanic"}]}',
      ),
      'error',
    );
    expect(error.errorType).toBe('TypeAssertionError');
    expect(error.errorMessage).toBe('interface conversion: interface {} is nil, not string');
    expect(error.stack).toEqual([
      'lambdaPanicResponse github.com/aws/aws-lambda-go@v1.48.0/lambda/errors.go:39',
      'callBytesHandlerFunc.func1 github.com/aws/aws-lambda-go@v1.48.0/lambda/invoke_loop.go:122',
      'gopanic runtime/panic.go:792',
    ]);
  });

  it('reads the verbatim (cut) Go panic document by its fields', () => {
    const error = expectKind(
      parseFunctionLine(
        '{"errorMessage":"interface conversion: interface {} is nil, not string","errorType":"TypeAssertionError","stackTrace":[{"path":"github.com/aws/aws-lambda-go@v1.48.0/lambda/errors.go","line":39,"label":"lambdaPanicResponse"},{"path":"github.com/aws/aws-lambda-go@v1.48.0/lambda/invoke_loop.go","line":122,"label":"callBytesHandlerFunc.func1"},{"path":"runtime/panic.go","line":792,"label":"gopanic"},…]}',
      ),
      'error',
    );
    expect(error.errorType).toBe('TypeAssertionError');
    expect(error.errorMessage).toBe('interface conversion: interface {} is nil, not string');
  });

  it('keeps "calling the handler function resulted in a panic" as an application line', () => {
    expect(
      parseFunctionLine('calling the handler function resulted in a panic, the process should exit'),
    ).toEqual({
      kind: 'app',
      requestId: undefined,
      level: undefined,
      message: 'calling the handler function resulted in a panic, the process should exit',
    });
  });

  it('reads "Unknown application error occurred Runtime.Unknown" (flattened) with its type', () => {
    const exit = expectKind(
      parseFunctionLine('Unknown application error occurred Runtime.Unknown'),
      'runtime-exit',
    );
    expect(exit.errorType).toBe('Runtime.Unknown');
  });

  it('reads a .NET `fail` line with the exception type', () => {
    const error = expectKind(
      parseFunctionLine(
        '2021-12-10T08:20:59.274Z\t3e2fbf0c-1482-4d13-93b8-e6f4fc705d3f\tfail\tSystem.ApplicationException: You caused a failure\n---> System.ArgumentException: input\nat CustomRuntimeTest.Function.ThrowTest(String input) in C:\\…\\Function.cs:line 45',
      ),
      'error',
    );
    expect(error).toMatchObject({
      requestId: '3e2fbf0c-1482-4d13-93b8-e6f4fc705d3f',
      origin: 'dotnet',
      errorType: 'System.ApplicationException',
      errorMessage: 'You caused a failure',
    });
  });

  it('reads the .NET response document', () => {
    const error = expectKind(
      parseFunctionLine(
        '{"errorType": "NullReferenceException", "errorMessage": "Object reference not set to an instance of an object.", "stackTrace": ["at Amazon.Lambda.AspNetCoreServer…", "--- End of stack trace from previous location ---", "at Amazon.Lambda.RuntimeSupport.LambdaBootstrap.InvokeOnceAsync(CancellationToken cancellationToken)"]}',
      ),
      'error',
    );
    expect(error.errorType).toBe('NullReferenceException');
    expect(error.stack).toHaveLength(3);
  });
});

describe('runtime exits, out of memory, payload too large (§6, §7)', () => {
  it('reads Runtime.ExitError documents and lines', () => {
    const document = expectKind(
      parseFunctionLine(
        '{"errorType":"Runtime.ExitError","errorMessage":"RequestId: d88fc138-1756-4e8f-b887-d44851c12b84 Error: Runtime exited with error: exit status 137"}',
      ),
      'error',
    );
    expect(document.errorType).toBe('Runtime.ExitError');

    const exit = expectKind(
      parseFunctionLine('RequestId: 123 Error: Runtime exited without providing a reason\nRuntime.ExitError'),
      'runtime-exit',
    );
    expect(exit).toEqual({
      kind: 'runtime-exit',
      requestId: '123',
      detail: 'Error: Runtime exited without providing a reason',
      errorType: 'Runtime.ExitError',
    });
  });

  it('reads "signal: killed" with and without the RequestId prefix', () => {
    expect(
      parseFunctionLine(
        'RequestId: 16f8d3a2-26fc-11e8-bca6-73dbc61c39e7 Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n',
      ),
    ).toEqual({
      kind: 'runtime-exit',
      requestId: '16f8d3a2-26fc-11e8-bca6-73dbc61c39e7',
      detail: 'Error: Runtime exited with error: signal: killed',
      errorType: 'Runtime.ExitError',
    });
    const bare = expectKind(
      parseFunctionLine('Error Runtime exited with error: signal: killed\nRuntime.ExitError'),
      'runtime-exit',
    );
    expect(bare.detail).toBe('Error Runtime exited with error: signal: killed');
    expect(bare.errorType).toBe('Runtime.ExitError');
  });

  it('reads the 2018 "Process exited before completing request"', () => {
    expect(
      parseFunctionLine(
        'RequestId: 16f8d3a2-26fc-11e8-bca6-73dbc61c39e7 Process exited before completing request',
      ),
    ).toMatchObject({ kind: 'runtime-exit', requestId: '16f8d3a2-26fc-11e8-bca6-73dbc61c39e7' });
  });

  it('reads REPORT lines with Status: error and Error Type: Runtime.OutOfMemory', () => {
    const spaced = expectKind(
      parseFunctionLine(
        'REPORT RequestId: fa4e6a1f-083b-573d-ace2-090d2b00a3ac  Duration: 6954.19 ms  Billed Duration: 6955 ms  Memory Size: 1024 MB  Max Memory Used: 1023 MB  Status: error  Error Type: Runtime.OutOfMemory',
      ),
      'report',
    );
    expect(spaced).toMatchObject({
      requestId: 'fa4e6a1f-083b-573d-ace2-090d2b00a3ac',
      memorySizeMb: 1024,
      maxMemoryUsedMb: 1023,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    });
    const tabbed = expectKind(
      parseFunctionLine(
        'REPORT RequestId: 806ab12b-e660-4a4a-8d9a-eee01e457f98\tDuration: 376256.59 ms\tBilled Duration: 376257 ms\tMemory Size: 10239 MB\tMax Memory Used: 10239 MB\tInit Duration: 551.73 ms\tStatus: error\tError Type: Runtime.OutOfMemory',
      ),
      'report',
    );
    expect(tabbed).toMatchObject({
      initDurationMs: 551.73,
      maxMemoryUsedMb: 10239,
      errorType: 'Runtime.OutOfMemory',
    });
  });

  it('reads the V8 heap abort and its GC trace prelude', () => {
    expect(
      parseFunctionLine('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'),
    ).toEqual({
      kind: 'out-of-memory',
      requestId: undefined,
      detail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    });
    const withStack = parseFunctionLine(
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb7b3e0 node::Abort() [/var/lang/bin/node]\n',
    );
    expect(withStack.kind).toBe('out-of-memory');
  });

  it('reads the reconstructed OOM invoke response as out of memory', () => {
    expect(
      parseFunctionLine(
        '{"errorType":"Runtime.OutOfMemory","errorMessage":"RequestId: 806ab12b-e660-4a4a-8d9a-eee01e457f98 Error: Runtime exited with error: signal: killed"}',
      ).kind,
    ).toBe('out-of-memory');
  });

  it('reads the 6 MB payload texts as response-too-large', () => {
    expect(
      parseFunctionLine(
        '{"errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).", "errorType": "Function.ResponseSizeTooLarge"}',
      ).kind,
    ).toBe('response-too-large');
    expect(
      parseFunctionLine(
        '[ERROR] [1582551956881] LAMBDA_RUNTIME Failed to post handler success response. Http response code: 413.',
      ),
    ).toEqual({
      kind: 'response-too-large',
      requestId: undefined,
      detail:
        '[1582551956881] LAMBDA_RUNTIME Failed to post handler success response. Http response code: 413.',
    });
    expect(
      parseFunctionLine(
        'REPORT RequestId: d1f425fb-f42b-4d4a-a6e5-1916edc4af25\tDuration: 11236.65 ms\tBilled Duration: 11237 ms\tMemory Size: 512 MB\tMax Memory Used: 250 MB\tStatus: error\tError Type: Runtime.ExitError',
      ),
    ).toMatchObject({ kind: 'report', status: 'error', errorType: 'Runtime.ExitError' });
  });

  it('names the failure texts the classifier shares', () => {
    expect(isOutOfMemoryText('java.lang.OutOfMemoryError: Java heap space')).toBe(true);
    expect(isOutOfMemoryText('fatal error: runtime: out of memory')).toBe(true);
    expect(isOutOfMemoryText('System.OutOfMemoryException')).toBe(true);
    expect(isOutOfMemoryText('memory is fine')).toBe(false);
    expect(
      isResponseTooLargeText(
        'Lambda Customer Function Error:Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      ),
    ).toBe(true);
    expect(isResponseTooLargeText('RequestEntityTooLargeException')).toBe(true);
    expect(isResponseTooLargeText('Http response code: 200')).toBe(false);
    expect(isInitErrorType('Runtime.HandlerNotFound')).toBe(true);
    expect(isInitErrorType('Runtime.ExitError')).toBe(false);
    expect(isInitErrorType(undefined)).toBe(false);
  });
});

describe('what the parser does not know', () => {
  it.each(['', '   ', '\n'])('keeps blank text %j as unrecognised', (text) => {
    expect(parseFunctionLine(text).kind).toBe('unrecognised');
  });

  it('keeps a bare text line as an application line', () => {
    expect(parseFunctionLine('hello')).toEqual({
      kind: 'app',
      requestId: undefined,
      level: undefined,
      message: 'hello',
    });
  });

  it('does not mistake a JSON array or a broken JSON line for a record', () => {
    expect(parseFunctionLine('{"type":"platform.report","record":').kind).toBe('app');
    expect(parseFunctionLine('[1,2,3]').kind).not.toBe('error');
  });
});
