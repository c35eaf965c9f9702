import { type AlarmFacts, parseAlarm } from './alarm.ts';
import { isObject, stringField, tryParseJson } from './json.ts';

/** One alarm notification, with the SNS envelope facts the handler needs (dedupe, threading). */
export interface AlarmNotification {
  /** SNS MessageId: the same for every redelivery of one message. */
  messageId?: string;
  topicArn?: string;
  /** The parsed SNS Message: the bundle's `alarm`. */
  message: Record<string, unknown>;
  alarm: AlarmFacts;
}

export type NotificationRead =
  | { ok: true; notification: AlarmNotification }
  | { ok: false; reason: string; messageId?: string };

/**
 * Accepts what can arrive: an SNS event (several records), one SNS record, an SNS message object, the
 * Message JSON string, or the bare alarm object. One result per alarm; a record that cannot be read
 * is a result with a reason, so the caller can still say something about it.
 */
export function readAlarmNotifications(input: unknown): NotificationRead[] {
  if (typeof input === 'string') return [readMessageText(input, {})];
  if (!isObject(input)) return [{ ok: false, reason: 'the event is not a JSON object' }];
  if (Array.isArray(input.Records)) {
    if (input.Records.length === 0) return [{ ok: false, reason: 'the SNS event has no Records' }];
    return input.Records.map((record, index) =>
      isObject(record)
        ? readRecord(record)
        : { ok: false as const, reason: `Records[${index}] is not an object` },
    );
  }
  if (isObject(input.Sns)) return [readRecord(input)];
  if (typeof input.Message === 'string') return [readMessageText(input.Message, input)];
  if ('AlarmName' in input || 'NewStateValue' in input)
    return [{ ok: true, notification: { message: input, alarm: parseAlarm(input) } }];
  return [{ ok: false, reason: 'neither an SNS event nor a CloudWatch alarm message' }];
}

function readRecord(record: Record<string, unknown>): NotificationRead {
  const sns = record.Sns;
  if (!isObject(sns)) return { ok: false, reason: 'the record has no Sns object' };
  const message = sns.Message;
  if (typeof message !== 'string')
    return { ok: false, reason: 'Sns.Message is not a string', messageId: stringField(sns, 'MessageId') };
  return readMessageText(message, sns);
}

function readMessageText(text: string, envelope: Record<string, unknown>): NotificationRead {
  const messageId = stringField(envelope, 'MessageId');
  const parsed = tryParseJson(text);
  if (!parsed.ok || !isObject(parsed.value)) {
    return { ok: false, reason: 'the SNS Message is not a JSON alarm notification', messageId };
  }
  return {
    ok: true,
    notification: {
      messageId,
      topicArn: stringField(envelope, 'TopicArn'),
      message: parsed.value,
      alarm: parseAlarm(parsed.value),
    },
  };
}
