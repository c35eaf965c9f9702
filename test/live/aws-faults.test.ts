import { clearCache } from '@middy/util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../shared/local/aws/faults.ts';
import type { LocalTriageEnvironment } from '../../shared/local/triage-environment.ts';
import { corpusBundle } from '../support/corpus.ts';
import { closedPort, type Ending, expectDeadLettered, expectOneMessage, runFaulted } from './faults.ts';
import {
  blocksOf,
  buttonsOf,
  distinctAlarm,
  headerOf,
  OutputCapture,
  okAlarm,
  plainText,
  sectionText,
  startEnvironment,
} from './support.ts';

/**
 * The fault matrix of the AWS side: throttling, 5xx and slow answers on every call the handler makes,
 * through the real SDK clients (their own retry strategy, shortened to 5 ms) and the real handler.
 * Every case must end in exactly one Slack message or one dead-lettered event with an ERROR log line.
 */

const bundle = corpusBundle('fn-node-timeout-inventory-call.json');
const TIMED_OUT = ':red_circle: ALARM · orders-api (prod) · Lambda function timed out';
const UNTRIAGED = ':red_circle: ALARM · orders-api (prod) · cause not checked';
const capture = new OutputCapture();
let env: LocalTriageEnvironment;

beforeAll(async () => {
  env = await startEnvironment(bundle, '#orders-oncall');
});
afterEach(() => capture.stop());
afterAll(async () => {
  clearCache();
  await env?.close();
});

/** An ALARM of the case's own (its own incident), through a fresh handler. */
const run = (id: string, options: Omit<Parameters<typeof runFaulted>[2], 'alarm'> = {}) =>
  runFaulted(env, capture, { ...options, alarm: distinctAlarm(bundle.alarm, id) });

/** The operation was answered with the fault first, then (when transient) normally. */
function attemptsOf(ending: Ending, operation: string) {
  return ending.calls.filter((call) => call.operation === operation);
}

const OPERATIONS = [
  'FilterLogEvents',
  'GetFunctionConfiguration',
  'GetPolicy',
  'GetFunctionConcurrency',
  'GetSecretValue',
  'GetMetricWidgetImage',
] as const;

const TRANSIENT: Array<{ label: string; fault: Fault }> = [
  { label: 'throttled once', fault: { kind: 'throttle' } },
  { label: 'HTTP 500 once', fault: { kind: 'server-error', status: 500 } },
  { label: 'HTTP 503 once', fault: { kind: 'server-error', status: 503 } },
];

describe.each(OPERATIONS)('%s', (operation) => {
  it.each(TRANSIENT)('$label: retried by the SDK, the full alert goes out', async ({ label, fault }) => {
    const ending = await run(`${operation}-${label}`, {
      arrange: () => env.aws.scriptFault(operation, fault),
    });
    const alert = expectOneMessage(ending);
    expect(headerOf(alert)).toBe(TIMED_OUT);
    expect(ending.run.result?.results[0]?.rootCause).toBe('LAMBDA_TIMEOUT');
    const attempts = attemptsOf(ending, operation);
    expect(attempts[0]?.fault).toBe(fault.kind);
    // Throttling is each service's own error: 400 ThrottlingException (Logs, CloudWatch, Secrets
    // Manager) or 429 TooManyRequestsException (Lambda).
    if (fault.kind === 'server-error') expect(attempts[0]?.status).toBe(fault.status);
    else expect([400, 429]).toContain(attempts[0]?.status);
    expect(attempts.at(-1)?.status).toBe(200);
    if (operation === 'GetMetricWidgetImage') {
      expect(env.slack.uploadedFiles().filter((file) => file.threadTs === alert.ts)).toHaveLength(1);
    }
  });

  it('slow (400 ms): the full alert goes out, after the wait', async () => {
    const ending = await run(`${operation}-slow`, {
      arrange: () => env.aws.scriptFault(operation, { kind: 'slow', ms: 400, times: Infinity }),
    });
    const alert = expectOneMessage(ending);
    expect(headerOf(alert)).toBe(TIMED_OUT);
    expect(attemptsOf(ending, operation)[0]?.durationMs).toBeGreaterThanOrEqual(390);
    expect(ending.run.elapsedMs).toBeGreaterThanOrEqual(400);
  });
});

describe('a call that keeps failing after the SDK’s retries', () => {
  const PERSISTENT: Array<{ label: string; fault: Fault; words: RegExp }> = [
    {
      label: 'throttled',
      fault: { kind: 'throttle', times: Infinity },
      words: /Rate exceeded|Throttl|TooManyRequests/,
    },
    {
      label: 'HTTP 500',
      fault: { kind: 'server-error', status: 500, times: Infinity },
      words: /unavailable|internal|ServiceException|InternalServiceError/i,
    },
  ];

  describe.each(PERSISTENT)('$label', ({ label, fault, words }) => {
    it('FilterLogEvents: the untriaged alert, with the alarm facts, the links and why', async () => {
      const ending = await run(`logs-${label}`, {
        arrange: () => env.aws.scriptFault('FilterLogEvents', fault),
      });
      const alert = expectOneMessage(ending);
      expect(headerOf(alert)).toBe(UNTRIAGED);
      const problems = sectionText(alert, 'untriaged-problems');
      expect(problems).toContain('The gateway logs could not be read');
      expect(problems).toMatch(words);
      // It must not claim execution logging is off: it is on, it could not be read.
      expect(JSON.stringify(alert.blocks)).not.toContain('Execution logging is off');
      expect(attemptsOf(ending, 'FilterLogEvents').every((call) => call.fault === fault.kind)).toBe(true);
      expect(ending.run.logs).toContainEqual(
        expect.objectContaining({ level: 'WARN', message: 'triage did not finish; posting the alarm facts' }),
      );
    });

    it.each(['GetFunctionConfiguration', 'GetPolicy', 'GetFunctionConcurrency'])(
      '%s: the alert from the logs, the unread setting counted as a gap',
      async (operation) => {
        const ending = await run(`${operation}-${label}`, {
          arrange: () => env.aws.scriptFault(operation, fault),
        });
        const alert = expectOneMessage(ending);
        expect(headerOf(alert)).toBe(TIMED_OUT);
        expect(JSON.stringify(blocksOf(alert).at(-1))).toMatch(/\d+ gaps? in what the triage could see/);
        expect(attemptsOf(ending, operation).length).toBeGreaterThanOrEqual(3);
      },
    );

    it('GetSecretValue: no token, so no Slack: the event is dead-lettered with the reason', async () => {
      const ending = await run(`secret-${label}`, {
        arrange: () => env.aws.scriptFault('GetSecretValue', fault),
      });
      const entry = expectDeadLettered(ending, words);
      expect(String(entry.reason)).toMatch(/^the triage could not run: /);
      expect(
        env.slack.requests.filter((request) => request.receivedAt >= Date.now() - ending.run.elapsedMs),
      ).toEqual([]);
      expect(ending.run.metrics.get('DeadLettered')).toEqual([1]);
    });

    it('GetMetricWidgetImage: the alert without the graph, and a log line saying so', async () => {
      const ending = await run(`widget-${label}`, {
        arrange: () => env.aws.scriptFault('GetMetricWidgetImage', fault),
      });
      const alert = expectOneMessage(ending);
      expect(headerOf(alert)).toBe(TIMED_OUT);
      expect(env.slack.uploadedFiles().filter((file) => file.threadTs === alert.ts)).toEqual([]);
      expect(ending.run.logs.map((line) => line.message)).toContain('the 5XX graph was not attached');
    });
  });
});

describe('DynamoDB (the thread store and the idempotency records) unreachable', () => {
  let dynamoEndpoint: string;
  beforeAll(async () => {
    dynamoEndpoint = `http://127.0.0.1:${await closedPort()}`;
  });

  it('ALARM: the alert still goes out; the store failures are logged', async () => {
    const ending = await run('dynamo-down', { handler: { dynamoEndpoint } });
    const alert = expectOneMessage(ending);
    expect(headerOf(alert)).toBe(TIMED_OUT);
    const warnings = ending.run.logs.filter((line) => line.level === 'WARN').map((line) => line.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'the idempotency store cannot be reached; handling the alarm without it',
        'could not record the Slack thread of the incident',
      ]),
    );
  });

  it('OK: the thread cannot be found, so the event is dead-lettered with the reason', async () => {
    const alarm = okAlarm(distinctAlarm(bundle.alarm, 'dynamo-down-ok'), 10);
    const ending = await runFaulted(env, capture, { alarm, handler: { dynamoEndpoint } });
    expectDeadLettered(ending, /delivery failed: .*ECONNREFUSED/);
  });
});

describe('the deadline', () => {
  it('a 3 s Lambda with a slow FilterLogEvents posts the untriaged alert in time', async () => {
    const ending = await run('deadline-3s', {
      timeoutMs: 3_000,
      arrange: () => env.aws.setLatency('FilterLogEvents', 5_000),
    });
    const alert = expectOneMessage(ending);
    expect(ending.run.elapsedMs).toBeLessThan(3_000);
    expect(headerOf(alert)).toBe(UNTRIAGED);
    expect(alert.text).toContain(`alarm ${ending.alarmName} fired; the automatic triage did not finish`);
    // The alarm facts: why it fired, when, in which account and region.
    const facts = plainText(alert);
    expect(sectionText(alert, 'untriaged-summary')).toContain(
      'Threshold Crossed: 1 out of the last 1 datapoints',
    );
    expect(facts).toContain(ending.alarmName);
    expect(facts).toContain('OK → ALARM at 2024-11-01 12:01 UTC');
    expect(facts).toContain('284719365021 · us-east-1');
    // What could not be checked, and the links to check it by hand.
    expect(sectionText(alert, 'untriaged-problems')).toMatch(
      /Ran out of time (before|while) reading API-Gateway-Execution-Logs_k7x2m9p4qa\/prod/,
    );
    const urls = buttonsOf(alert).map((button) => button.url);
    expect(urls).toContain(
      `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/${ending.alarmName}`,
    );
    expect(
      urls.some((url) => url.includes('API-Gateway-Execution-Logs_k7x2m9p4qa$252Fprod/log-events')),
    ).toBe(true);
  });

  it('a 6 s Lambda with FilterLogEvents answering after 8 s: the reads are cut, the alert is in time', async () => {
    const ending = await run('deadline-6s', {
      timeoutMs: 6_000,
      arrange: () => env.aws.setLatency('FilterLogEvents', 8_000),
    });
    const alert = expectOneMessage(ending);
    expect(headerOf(alert)).toBe(UNTRIAGED);
    // Reads stop at 6 s − 2.5 s posting budget − 1.5 s for the engine; the post is well before the Lambda is cut.
    expect(ending.run.elapsedMs).toBeLessThan(6_000);
    expect(ending.run.elapsedMs).toBeGreaterThan(1_500);
    expect(attemptsOf(ending, 'FilterLogEvents').some((call) => call.aborted)).toBe(true);
    expect(sectionText(alert, 'untriaged-problems')).toContain('Ran out of time while reading');
  });
});
