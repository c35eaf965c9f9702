import { randomUUID } from 'node:crypto';
import { clearCache } from '@middy/util';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { LocalTriageEnvironment } from '../../shared/local/triage-environment.ts';
import { corpusBundle } from '../support/corpus.ts';
import { expectDeadLettered, runFaulted } from './faults.ts';
import { OutputCapture, startEnvironment } from './support.ts';

/** Events that are not alarm notifications: never dropped in silence, dead-lettered with the reason. */

const bundle = corpusBundle('fn-node-timeout-inventory-call.json');
const capture = new OutputCapture();
let env: LocalTriageEnvironment;

beforeAll(async () => {
  env = await startEnvironment(bundle);
});
afterEach(() => capture.stop());
afterAll(async () => {
  clearCache();
  await env?.close();
});

/** An SNS event whose one record carries `message` as its Message. */
function withMessage(message: unknown): unknown {
  const event = env.snsEvent({ AlarmName: 'placeholder' }, randomUUID());
  const [record] = event.Records;
  if (record) record.Sns.Message = message;
  return event;
}

it.each([
  {
    label: 'Message is not JSON',
    event: () => withMessage('ALARM: orders-api 5XX'),
    reason: /not a JSON alarm notification/,
  },
  {
    label: 'Message is JSON but not an alarm',
    event: () => withMessage(JSON.stringify({ hello: 'world', Type: 'Notification' })),
    reason: /not a CloudWatch alarm notification \(no AlarmName, no NewStateValue\)/,
  },
  {
    label: 'Message is not a string',
    event: () => withMessage({ AlarmName: 'x' }),
    reason: /Sns\.Message is not a string/,
  },
  {
    label: 'an empty object',
    event: () => ({}),
    reason: /neither an SNS event nor a CloudWatch alarm message/,
  },
  {
    label: 'an SNS event without records',
    event: () => ({ Records: [] }),
    reason: /the SNS event has no Records/,
  },
  {
    label: 'a record without Sns',
    event: () => ({ Records: [{ EventSource: 'aws:sqs' }] }),
    reason: /the record has no Sns object/,
  },
  { label: 'a bare string', event: () => 'not an event', reason: /not a JSON alarm notification/ },
])('$label: dead-lettered with the reason, nothing posted', async ({ event, reason }) => {
  const sent = event();
  const ending = await runFaulted(env, capture, { alarm: bundle.alarm, event: sent });
  const entry = expectDeadLettered(ending, reason);
  expect(entry.message).toEqual(sent);
  expect(ending.run.logs).toContainEqual(
    expect.objectContaining({
      level: 'ERROR',
      message: 'not a CloudWatch alarm notification; dead-lettering it',
    }),
  );
  expect(ending.run.metrics.get('UnreadableNotifications')).toEqual([1]);
  // Nothing was read from AWS for it beyond the Slack token.
  expect(
    ending.calls
      .map((call) => call.operation)
      .filter((op) => op !== 'GetSecretValue' && op !== 'SendMessage'),
  ).toEqual([]);
});
