import { clearCache } from '@middy/util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../shared/local/slack/local-slack-server.ts';
import type { LocalTriageEnvironment } from '../../shared/local/triage-environment.ts';
import { corpusBundle } from '../support/corpus.ts';
import { expectDeadLettered, expectOneMessage, runFaulted } from './faults.ts';
import {
  buildHandler,
  distinctAlarm,
  headerOf,
  invoke,
  OutputCapture,
  okAlarm,
  startEnvironment,
} from './support.ts';

/**
 * The fault matrix of the Slack side, through the real @slack/web-api client and the local Slack
 * Web API: rate limits, refusals and 5xx on the alert, the thread reply and the extras. Every case
 * ends in exactly one message or one dead-lettered event with an ERROR log line.
 */

const bundle = corpusBundle('fn-node-timeout-inventory-call.json');
const TIMED_OUT = ':red_circle: ALARM · orders-api (prod) · Lambda function timed out';
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
const run = (id: string, arrange?: () => void) =>
  runFaulted(env, capture, { alarm: distinctAlarm(bundle.alarm, id), arrange });

const posts = (requests: RecordedRequest[]) =>
  requests.filter((request) => request.method === 'chat.postMessage');

describe('the alert (chat.postMessage)', () => {
  it('429 with a short Retry-After: waited out and retried, one alert', async () => {
    const ending = await run('429-short', () =>
      env.slack.scriptFault('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 1 }),
    );
    const alert = expectOneMessage(ending);
    expect(headerOf(alert)).toBe(TIMED_OUT);
    const attempts = posts(ending.slackRequests);
    expect(attempts.map((request) => request.status)).toEqual([429, 200]);
    const [first, second] = attempts;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('429 with a long Retry-After: not waited for, the event is dead-lettered at once', async () => {
    const ending = await run('429-long', () =>
      env.slack.scriptFault('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 30 }),
    );
    expectDeadLettered(ending, /rate_limited/);
    expect(posts(ending.slackRequests)).toHaveLength(1);
    expect(ending.run.elapsedMs).toBeLessThan(1_500);
  });

  it.each([
    { error: 'channel_not_found', reason: /Slack: channel_not_found/ },
    { error: 'invalid_auth', reason: /Slack: invalid_auth/ },
    { error: 'not_in_channel', reason: /Slack: not_in_channel/ },
  ])('$error: not retried, the event is dead-lettered with the reason', async ({ error, reason }) => {
    const ending = await run(error, () =>
      env.slack.scriptFault('chat.postMessage', { kind: 'error', error }),
    );
    const entry = expectDeadLettered(ending, reason);
    expect(posts(ending.slackRequests)).toHaveLength(1);
    expect(entry.messageId).toEqual(expect.any(String));
    expect(entry.message).toMatchObject({ AlarmName: `${bundle.alarm.AlarmName}-${error}` });
    expect(ending.run.metrics.get('SlackDeliveryFailures')).toEqual([1]);
    expect(ending.run.metrics.get('DeadLettered')).toEqual([1]);
  });

  it('HTTP 500 once: retried, one alert', async () => {
    const ending = await run('500-once', () =>
      env.slack.scriptFault('chat.postMessage', { kind: 'http', status: 500 }),
    );
    expectOneMessage(ending);
    expect(posts(ending.slackRequests).map((request) => request.status)).toEqual([500, 200]);
  });

  it('HTTP 503 on every attempt: dead-lettered after the retries', async () => {
    const ending = await run('503-always', () =>
      // Exactly the attempts the notifier makes (its default: 2 retries after the first).
      env.slack.scriptFault('chat.postMessage', { kind: 'http', status: 503 }, 3),
    );
    expectDeadLettered(ending, /Slack: http_5xx .*HTTP 503/);
    expect(posts(ending.slackRequests).map((request) => request.status)).toEqual([503, 503, 503]);
  });

  it('blocks refused (invalid_blocks): the same alert goes out once more as text only', async () => {
    const ending = await run('invalid-blocks', () =>
      env.slack.scriptFault('chat.postMessage', { kind: 'error', error: 'invalid_blocks' }),
    );
    const alert = expectOneMessage(ending);
    expect(alert.blocks).toBeUndefined();
    expect(alert.text).toContain('Lambda function timed out');
  });
});

describe('the extras around the alert', () => {
  it('the graph upload fails: the alert stands alone, a log line says why', async () => {
    const ending = await run('upload-fails', () =>
      env.slack.scriptFault('files.getUploadURLExternal', { kind: 'error', error: 'missing_scope' }),
    );
    const alert = expectOneMessage(ending);
    expect(env.slack.uploadedFiles().filter((file) => file.threadTs === alert.ts)).toEqual([]);
    expect(ending.run.logs).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: 'the 5XX graph was not attached' }),
    );
  });
});

describe('the thread reply when the alarm is back to OK', () => {
  async function openIncident(id: string) {
    const alarm = distinctAlarm(bundle.alarm, id);
    const opened = await invoke(buildHandler(env), env.snsEvent(alarm), { capture });
    expect(opened.result?.results[0]?.outcome).toBe('alert');
    return alarm;
  }

  it('Slack refuses the reply (429, long wait): dead-lettered with the reason', async () => {
    const alarm = await openIncident('ok-429');
    const ending = await runFaulted(env, capture, {
      alarm: okAlarm(alarm, 12),
      arrange: () =>
        env.slack.scriptFault('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 60 }),
    });
    expectDeadLettered(ending, /Slack: rate_limited/);
  });

  it('the parent cannot be updated: the reply is posted, a log line says so', async () => {
    const alarm = await openIncident('ok-update-fails');
    const ending = await runFaulted(env, capture, {
      alarm: okAlarm(alarm, 12),
      arrange: () => env.slack.scriptFault('chat.update', { kind: 'error', error: 'cant_update_message' }),
    });
    const reply = expectOneMessage(ending);
    expect(reply.threadTs).toEqual(expect.any(String));
    expect(reply.text).toContain('is back to OK after 12 min');
    expect(ending.run.result?.results[0]?.outcome).toBe('resolved');
    expect(ending.run.logs).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: 'could not mark the parent alert resolved' }),
    );
  });
});

describe('Slack and the dead-letter queue both down', () => {
  it('the invocation fails, so Lambda retries it and its failure destination keeps it; the logs say why', async () => {
    const ending = await run('all-down', () => {
      env.slack.scriptFault('chat.postMessage', { kind: 'error', error: 'channel_not_found' });
      env.aws.scriptFault('SendMessage', { kind: 'server-error', times: Infinity });
    });
    expect(ending.posted).toEqual([]);
    expect(ending.deadLettered).toEqual([]);
    expect(ending.run.error?.name).toBe('InternalError');
    const errors = ending.run.logs.filter((line) => line.level === 'ERROR').map((line) => line.message);
    expect(errors).toEqual([
      'the alert could not be delivered; dead-lettering the event',
      'the alarm could not be handled; dead-lettering the event',
      'the dead-letter queue refused the event; failing the invocation so Lambda retries it',
    ]);
  });
});
