import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAccessLine } from '../../shared/parse/access-log.ts';
import { AlarmKind, describeAlarmCondition, parseAlarm } from '../../shared/parse/alarm.ts';
import { readAlarmNotifications } from '../../shared/parse/alarm-notification.ts';
import {
  type ExecutionLineKind,
  executionRequestId,
  methodCompletedStatus,
  parseExecutionLine,
  parseHeaderMap,
  splitExecutionPrefix,
} from '../../shared/parse/execution-log.ts';
import { type FunctionLineKind, parseFunctionLine } from '../../shared/parse/function-log.ts';
import { checkProxyResponse } from '../../shared/parse/proxy-response.ts';
import { arnLike, grantFor, readInvokeGrants } from '../../shared/parse/resource-policy.ts';

/**
 * Log text is whatever the functions and clients put in it. Every parser answers every string and
 * every JSON value with a result, never a throw; the heads of real lines are mixed in so the
 * generated text reaches the deeper branches too.
 */

const RUNS = 3_000;

const EXECUTION_KINDS: readonly ExecutionLineKind[] = [
  'request-start',
  'method-path',
  'route',
  'endpoint-request-uri',
  'endpoint-request-headers',
  'endpoint-request-body',
  'sending-request',
  'received-response',
  'endpoint-response-headers',
  'endpoint-response-body',
  'execution-failed',
  'lambda-execution-failed',
  'lambda-invocation-failed',
  'method-completed',
  'successfully-completed',
  'integration-request-id',
  'authorizer-start',
  'authorizer-result',
  'authorizer-success',
  'authorizer-failure',
  'gateway-response',
  'throttled',
  'known',
  'unrecognised',
];

const FUNCTION_KINDS: readonly FunctionLineKind[] = [
  'start',
  'end',
  'report',
  'init-start',
  'init-report',
  'runtime-done',
  'timeout',
  'error',
  'runtime-exit',
  'out-of-memory',
  'response-too-large',
  'app',
  'unrecognised',
];

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ maxLength: 60 }),
);

/** Real line heads followed by arbitrary text. */
function headed(heads: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...heads),
      anyText,
      fc.constantFrom('', '\n', '\t', ' [TRUNCATED]', '\nRuntime.ExitError'),
    )
    .map(([head, tail, end]) => head + tail + end);
}

const EXECUTION_HEADS = [
  '(286364ab-3a83-11e9-8dc8-db3cf4c83204) ',
  'Wed Jun 05 19:31:05 UTC 2024 : ',
  'Method completed with status: ',
  'Starting execution for request: ',
  'HTTP Method: ',
  "API Key authorized because method '",
  'Endpoint request URI: ',
  'Endpoint request headers: {',
  'Endpoint request body after transformations: {"resource":"',
  'Endpoint request body after transformations: {"methodArn":"',
  'Sending request to ',
  'Received response. Status: ',
  'Endpoint response headers: {x-amzn-RequestId=',
  'Endpoint response body before transformations: ',
  'Execution failed due to configuration error: ',
  'Execution failed due to a network error',
  'Execution failed due to a timeout error',
  'Lambda execution failed with status 200 due to customer function error: ',
  'Lambda execution failed with status ',
  'Lambda invocation failed with status: ',
  'AWS Integration Endpoint RequestId : ',
  'Starting authorizer: ',
  'Authorizer result body before parsing: ',
  'AuthorizerConfigurationException',
  'Gateway response type: ',
  'Key throttle limit exceeded',
];

const FUNCTION_HEADS = [
  'START RequestId: ',
  'END RequestId: ',
  'REPORT RequestId: ',
  'REPORT RequestId: x\tDuration: ',
  'INIT_START Runtime Version: ',
  'INIT_REPORT Init Duration: ',
  'RequestId: ',
  'RequestId: 1 Error: Runtime exited with error: ',
  '[ERROR] ',
  '[ERROR]\t',
  '[WARNING]\t2026-06-03T23:50:19.575Z\t',
  '2020-11-03T00:36:23.376Z\t3eb496cd-c663-4ae2-a717-8f261b7ad48c\tERROR\tInvoke Error \t{',
  '2021-02-12T08:22:17.961Z\tundefined\tERROR\tUncaught Exception \t',
  '2021-12-10T08:20:59.274Z\t3e2fbf0c-1482-4d13-93b8-e6f4fc705d3f\tfail\t',
  '2016-04-14T23:52:45.715Z b47cde10-029a-11e6-b5d6-1f01b70b94b2 ',
  'Task timed out after ',
  'Unknown application error occurred',
  'Runtime.',
  '{"type":"platform.report","record":',
  '{"errorType":"',
  '{"level":"ERROR","message":',
  ': java.lang.',
  'FATAL ERROR: Reached heap limit',
];

/** JSON objects that look like the records the parsers read, with arbitrary values. */
const recordLike = fc.dictionary(
  fc.constantFrom(
    'type',
    'record',
    'requestId',
    'errorType',
    'errorMessage',
    'stackTrace',
    'stack',
    'trace',
    'level',
    'message',
    'status',
    'routeKey',
    'integration',
    'error',
    'exception_name',
    'lambda_request_id',
    'metrics',
  ),
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      'platform.report',
      'platform.runtimeDone',
      'platform.start',
      'ERROR',
      'GET /x',
      '502',
      '-',
    ),
  ),
);

const jsonText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  recordLike.map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value, null, 2)),
);

const anyLine = fc.oneof(anyText, jsonText, headed(EXECUTION_HEADS), headed(FUNCTION_HEADS));

describe('execution log parsing is total', () => {
  it('splits the prefix and classifies every line', () => {
    fc.assert(
      fc.property(anyLine, (message) => {
        const prefix = splitExecutionPrefix(message);
        if (prefix.requestId !== undefined) {
          expect(message).toBe(`(${prefix.requestId}) ${prefix.text}`);
          expect(executionRequestId(message)).toBe(prefix.requestId);
        } else {
          expect(message.endsWith(prefix.text)).toBe(true);
        }
        expect(EXECUTION_KINDS).toContain(parseExecutionLine(prefix.text).kind);
        expect(EXECUTION_KINDS).toContain(parseExecutionLine(message).kind);
        const status = methodCompletedStatus(message);
        expect(status === undefined || Number.isInteger(status)).toBe(true);
        expect(typeof parseHeaderMap(message)).toBe('object');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('function log parsing is total', () => {
  it('classifies every line with its request id as a string', () => {
    fc.assert(
      fc.property(anyLine, (message) => {
        const line = parseFunctionLine(message);
        expect(FUNCTION_KINDS).toContain(line.kind);
        if ('requestId' in line && line.requestId !== undefined) expect(typeof line.requestId).toBe('string');
        if (line.kind === 'error' && line.stack) expect(Array.isArray(line.stack)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('access log parsing is total', () => {
  it('reads a record or says unrecognised, with finite numbers only', () => {
    fc.assert(
      fc.property(anyLine, (message) => {
        const parsed = parseAccessLine(message);
        expect(['access', 'unrecognised']).toContain(parsed.kind);
        if (parsed.kind === 'access') {
          for (const value of Object.values(parsed.record)) {
            expect(['string', 'number', 'undefined']).toContain(typeof value);
            if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Alarm-shaped values: the real field names with arbitrary JSON under them. */
const alarmLike = fc.dictionary(
  fc.constantFrom(
    'AlarmName',
    'AlarmArn',
    'AWSAccountId',
    'NewStateValue',
    'OldStateValue',
    'NewStateReason',
    'StateChangeTime',
    'Region',
    'AlarmDescription',
    'Trigger',
    'AlarmRule',
    'TriggeringChildren',
  ),
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'MetricName',
        'Namespace',
        'Dimensions',
        'Period',
        'EvaluationPeriods',
        'Metrics',
        'TreatMissingData',
      ),
      fc.jsonValue({ maxDepth: 3 }),
    ),
  ),
);

describe('alarm parsing is total', () => {
  it('reads any value as alarm facts with warnings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), alarmLike), (value) => {
        const facts = parseAlarm(value);
        expect(typeof facts.name).toBe('string');
        expect(typeof facts.state).toBe('string');
        expect(Object.values(AlarmKind)).toContain(facts.kind);
        expect(Array.isArray(facts.warnings)).toBe(true);
        if (facts.changedAt !== undefined) expect(Number.isFinite(facts.changedAt)).toBe(true);
        const condition = describeAlarmCondition(facts);
        expect(condition === undefined || typeof condition === 'string').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads any event as one result per record', () => {
    const record = fc.oneof(
      fc.anything(),
      fc.record({
        Sns: fc.record({
          MessageId: fc.string(),
          Message: fc.oneof(
            anyText,
            jsonText,
            alarmLike.map((a) => JSON.stringify(a)),
          ),
        }),
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          anyText,
          jsonText,
          alarmLike,
          fc.record({ Records: fc.array(record, { maxLength: 5 }) }),
          fc.record({ Message: fc.oneof(anyText, jsonText) }),
        ),
        (event) => {
          const results = readAlarmNotifications(event);
          expect(results.length).toBeGreaterThan(0);
          const records = (event as { Records?: unknown })?.Records;
          if (
            Array.isArray(records) &&
            records.length > 0 &&
            typeof event === 'object' &&
            !Array.isArray(event)
          )
            expect(results).toHaveLength(records.length);
          for (const result of results) {
            if (result.ok) expect(typeof result.notification.alarm.name).toBe('string');
            else expect(result.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

const responseLike = fc.dictionary(
  fc.constantFrom(
    'statusCode',
    'body',
    'headers',
    'multiValueHeaders',
    'isBase64Encoded',
    'cookies',
    'message',
  ),
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(200, '201', 'test', true, null),
    fc.dictionary(
      fc.string({ maxLength: 10 }),
      fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.array(fc.string())),
    ),
  ),
);

describe('checkProxyResponse is total', () => {
  it('answers any body, and its corrected shape passes its own check', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          jsonText,
          responseLike.map((r) => JSON.stringify(r)),
        ),
        fc.constantFrom('REST' as const, 'HTTP' as const),
        fc.boolean(),
        (body, apiKind, truncated) => {
          const check = checkProxyResponse(body, { apiKind, truncated });
          expect(Array.isArray(check.problems)).toBe(true);
          if (check.problems.length > 0) {
            expect(typeof check.headline).toBe('string');
            expect(check.corrected).toBeDefined();
          }
          if (check.corrected !== undefined && !check.corrected.endsWith('…')) {
            expect(checkProxyResponse(check.corrected, { apiKind }).problems).toEqual([]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

const policyLike = fc
  .array(
    fc.record(
      {
        Sid: fc.oneof(fc.string(), fc.jsonValue()),
        Effect: fc.constantFrom('Allow', 'Deny', 7),
        Principal: fc.oneof(
          fc.constant('*'),
          fc.record({ Service: fc.oneof(fc.constant('apigateway.amazonaws.com'), fc.jsonValue()) }),
          fc.jsonValue(),
        ),
        Action: fc.oneof(fc.constantFrom('lambda:InvokeFunction', 'lambda:*', '*'), fc.jsonValue()),
        Condition: fc.oneof(
          fc.record({
            ArnLike: fc.record({ 'AWS:SourceArn': fc.oneof(fc.string(), fc.array(fc.jsonValue())) }),
          }),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 4 },
  )
  .map((statements) => JSON.stringify({ Version: '2012-10-17', Statement: statements }));

describe('resource policy reading is total', () => {
  it('reads any policy text', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyText, jsonText, policyLike, fc.constant(null)),
        fc.string(),
        (policy, sourceArn) => {
          const read = readInvokeGrants(policy);
          expect(['none', 'unreadable', 'policy']).toContain(read.kind);
          if (read.kind === 'policy') {
            for (const grant of read.grants)
              expect(grant.sourceArns.every((arn) => typeof arn === 'string')).toBe(true);
            grantFor(read.grants, sourceArn);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('arnLike: a pattern matches itself, `*` matches everything, and literals match only themselves', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.string({ maxLength: 80 }),
        (pattern, arn) => {
          expect(arnLike(pattern, pattern)).toBe(true);
          expect(arnLike('*', arn)).toBe(true);
          expect(arnLike(`${pattern}*`, `${pattern}${arn}`)).toBe(true);
          if (!/[*?]/.test(pattern)) expect(arnLike(pattern, arn)).toBe(pattern === arn);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('no parser is slow on long adversarial text', () => {
  const long = 'a'.repeat(100_000);
  it.each([
    ['python error head without a colon', () => parseFunctionLine(`[ERROR] ${long}`)],
    ['python error head of repeated Error', () => parseFunctionLine(`[ERROR] ${'Error'.repeat(20_000)}`)],
    ['java-like text', () => parseFunctionLine(`${': a.'.repeat(25_000)}x`)],
    ['header map', () => parseHeaderMap(`{${'a=, '.repeat(25_000)}`)],
    ['access CLF', () => parseAccessLine(`a b c [d] "GET ${'x '.repeat(50_000)}"`)],
    ['arnLike with many wildcards', () => arnLike(`${'*/'.repeat(40)}b`, 'a/'.repeat(5_000))],
  ])('%s', (_name, run) => {
    const started = performance.now();
    run();
    expect(performance.now() - started).toBeLessThan(250);
  });
});
