import { randomUUID } from 'node:crypto';
import { clearCache } from '@middy/util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalTriageEnvironment, lambdaContext } from '../../shared/local/triage-environment.ts';
import { corpusBundle } from '../support/corpus.ts';
import {
  buildHandler,
  distinctAlarm,
  headerOf,
  invoke,
  OutputCapture,
  okAlarm,
  sectionText,
  shiftAlarmTime,
  startEnvironment,
  type TestHandler,
} from './support.ts';

/**
 * The alert's life in Slack through the real handler: recovery and repeats in the alert's thread
 * (the thread kept in DynamoDB), SNS redelivery posting once (Powertools idempotency on dynalite),
 * and several records in one SNS event.
 */

const bundle = corpusBundle('fn-node-timeout-inventory-call.json');
const capture = new OutputCapture();
let env: LocalTriageEnvironment;
let handler: TestHandler;

beforeAll(async () => {
  env = await startEnvironment(bundle, '#orders-oncall');
  handler = buildHandler(env);
});
afterEach(() => capture.stop());
afterAll(async () => {
  clearCache();
  await env?.close();
});

function postsTo(channel: string) {
  return env.slack.postedMessages().filter((message) => message.channel === channel);
}

function newMessages(before: number) {
  return env.slack.postedMessages().slice(before);
}

describe('an alarm that goes back to OK', () => {
  const alarm = distinctAlarm(bundle.alarm, 'recovers');

  it('replies in the alert’s thread with how long it lasted and marks the alert resolved', async () => {
    const before = env.slack.postedMessages().length;
    const fired = await invoke(handler, env.snsEvent(alarm), { capture });
    expect(fired.result?.results).toEqual([expect.objectContaining({ outcome: 'alert' })]);
    const [alert] = newMessages(before);
    expect(alert?.threadTs).toBeUndefined();

    const resolved = await invoke(handler, env.snsEvent(okAlarm(alarm, 23)), { capture });
    expect(resolved.error).toBeUndefined();
    expect(resolved.result?.results).toEqual([expect.objectContaining({ state: 'OK', outcome: 'resolved' })]);
    const replies = newMessages(before).slice(1);
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply?.channel).toBe(alert?.channel);
    expect(reply?.threadTs).toBe(alert?.ts);
    expect(reply?.replyBroadcast).toBe(false);
    expect(reply?.text).toContain('is back to OK after 23 min');

    // The parent, rewritten in place by chat.update: resolved on top, the findings kept below.
    const update = env.slack.requests.find(
      (request) => request.method === 'chat.update' && request.params.ts === alert?.ts,
    );
    expect(update?.status).toBe(200);
    const parent = env.slack.postedMessages().find((message) => message.ts === alert?.ts);
    expect(parent?.updates).toBe(1);
    expect(headerOf(parent ?? {})).toBe(
      ':white_check_mark: RESOLVED · orders-api (prod) · Lambda function timed out',
    );
    expect(sectionText(parent ?? {}, 'resolved-note')).toContain('back to OK after *23 min*');
    expect(sectionText(parent ?? {}, 'alert-summary')).toContain('Lambda function timed out');
    expect(parent?.text).toMatch(/^RESOLVED after 23 min\. Was: ALARM /);
  });

  it('a second OK for the same alarm posts nothing (the incident is already resolved)', async () => {
    const before = env.slack.postedMessages().length;
    const again = await invoke(handler, env.snsEvent(okAlarm(alarm, 30)), { capture });
    expect(again.result?.results).toEqual([expect.objectContaining({ state: 'OK', outcome: 'ignored' })]);
    expect(newMessages(before)).toEqual([]);
  });

  it('the next ALARM after recovery is a new top-level alert, not a reply in the old thread', async () => {
    const before = env.slack.postedMessages().length;
    const refire = { ...alarm, StateChangeTime: shiftAlarmTime(alarm.StateChangeTime, 60) };
    const run = await invoke(handler, env.snsEvent(refire), { capture });
    expect(run.result?.results).toEqual([expect.objectContaining({ outcome: 'alert' })]);
    expect(newMessages(before)).toEqual([expect.objectContaining({ threadTs: undefined })]);
  });
});

describe('a repeat ALARM while the incident is open', () => {
  it('is a reply in the alert’s thread, not a second top-level alert', async () => {
    const alarm = distinctAlarm(bundle.alarm, 'repeats');
    const before = env.slack.postedMessages().length;
    await invoke(handler, env.snsEvent(alarm), { capture });
    const repeat = {
      ...alarm,
      StateChangeTime: shiftAlarmTime(alarm.StateChangeTime, 5),
      OldStateValue: 'ALARM',
    };
    const run = await invoke(handler, env.snsEvent(repeat), { capture });

    expect(run.result?.results).toEqual([
      expect.objectContaining({ state: 'ALARM', outcome: 'thread-reply', rootCause: 'LAMBDA_TIMEOUT' }),
    ]);
    const [alert, reply, ...rest] = newMessages(before);
    expect(rest).toEqual([]);
    expect(alert?.threadTs).toBeUndefined();
    expect(reply?.threadTs).toBe(alert?.ts);
    expect(reply?.channel).toBe(alert?.channel);
    expect(reply?.text).toMatch(/^Still ALARM: Lambda function timed out in orders-get-order/);
    expect(sectionText(reply ?? {}, 'repeat-summary')).toContain(':repeat: *ALARM again*');
  });
});

describe('SNS delivers at least once', () => {
  it('the same SNS message twice posts once and does not triage again', async () => {
    const event = env.snsEvent(distinctAlarm(bundle.alarm, 'redelivered'));
    const before = env.slack.postedMessages().length;
    const first = await invoke(handler, event, { capture });
    const readsAfterFirst = env.aws.callsOf('FilterLogEvents').length;
    // A new handler: a redelivery may land in another execution environment.
    const second = await invoke(buildHandler(env), event, { capture });

    expect(newMessages(before)).toHaveLength(1);
    expect(second.result?.results).toEqual(first.result?.results);
    expect(env.aws.callsOf('FilterLogEvents')).toHaveLength(readsAfterFirst);
    expect(second.logs.some((line) => line.message === 'alarm delivered')).toBe(false);
  });

  it('two deliveries of one message at the same moment post once', async () => {
    const event = env.snsEvent(distinctAlarm(bundle.alarm, 'concurrent'));
    const before = env.slack.postedMessages().length;
    const other = buildHandler(env);
    const mark = capture.mark();
    capture.start();
    const results = await Promise.all([
      handler(event, lambdaContext(30_000)),
      other(event, lambdaContext(30_000)),
    ]).finally(() => capture.stop());

    expect(newMessages(before)).toHaveLength(1);
    const outcomes = results.flatMap((result) => result.results.map((entry) => entry.outcome)).sort();
    expect(outcomes).toEqual(['alert', 'in-progress-elsewhere']);
    expect(capture.logs(mark).map((line) => line.message)).toContain(
      'this SNS message is already being processed; not posting it twice',
    );
  });
});

describe('an SNS event with several records', () => {
  it('processes every record: two alarms, two alerts', async () => {
    const a = env.snsEvent(distinctAlarm(bundle.alarm, 'batch-a'));
    const b = env.snsEvent(distinctAlarm(bundle.alarm, 'batch-b'));
    const event = { Records: [...a.Records, ...b.Records] };
    const before = env.slack.postedMessages().length;
    const run = await invoke(handler, event, { capture });

    expect(run.result?.records).toBe(2);
    expect(run.result?.results).toEqual([
      expect.objectContaining({ messageId: a.Records[0]?.Sns.MessageId, outcome: 'alert' }),
      expect.objectContaining({ messageId: b.Records[0]?.Sns.MessageId, outcome: 'alert' }),
    ]);
    const posted = newMessages(before);
    expect(posted).toHaveLength(2);
    expect(posted.map((message) => message.text?.includes('ALARM orders-api (prod) 5XX'))).toEqual([
      true,
      true,
    ]);
    expect(postsTo('#orders-oncall').length).toBeGreaterThanOrEqual(2);
  });

  it('a record that is not an alarm is dead-lettered; the alarm beside it still posts', async () => {
    const good = env.snsEvent(distinctAlarm(bundle.alarm, 'batch-mixed'));
    const bad = env.snsEvent({ AlarmName: 'x' }, `bad-${randomUUID()}`);
    const badRecord = bad.Records[0];
    if (!badRecord) throw new Error('no record');
    badRecord.Sns.Message = 'this is not JSON';
    const event = { Records: [badRecord, ...good.Records] };
    const before = env.slack.postedMessages().length;
    const queued = env.aws.sentMessages.length;
    const run = await invoke(handler, event, { capture });

    expect(run.result?.results.map((result) => result.outcome)).toEqual(['dead-lettered', 'alert']);
    expect(newMessages(before)).toHaveLength(1);
    const dead = env.aws.sentMessages.slice(queued);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]?.body ?? '{}')).toMatchObject({
      reason: 'the SNS Message is not a JSON alarm notification',
      messageId: badRecord.Sns.MessageId,
    });
  });
});
