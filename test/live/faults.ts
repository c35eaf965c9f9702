import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { SentMessage } from '../../shared/local/aws/misc-services.ts';
import type { RecordedCall } from '../../shared/local/aws/server.ts';
import type { RecordedRequest, StoredMessage } from '../../shared/local/slack/local-slack-server.ts';
import type { LocalTriageEnvironment } from '../../shared/local/triage-environment.ts';
import { buildHandler, type HandlerOptions, type Invocation, invoke, type OutputCapture } from './support.ts';

/** How one faulted invocation ended, as the on-call person and the operator would see it. */
export interface Ending {
  run: Invocation;
  /** Messages posted (top level or in a thread) by this invocation. */
  posted: StoredMessage[];
  /** Events the handler put on the dead-letter queue. */
  deadLettered: Array<SentMessage & { entry: Record<string, unknown> }>;
  alarmName: string;
  /** AWS calls the local endpoint answered during the invocation (attempts included). */
  calls: RecordedCall[];
  /** Requests the local Slack received during the invocation (retries included). */
  slackRequests: RecordedRequest[];
}

/**
 * Runs one alarm notification through a fresh handler (as a new execution environment would), after
 * `arrange` scripted the faults; the AWS faults and latencies are cleared afterwards.
 */
export async function runFaulted(
  env: LocalTriageEnvironment,
  capture: OutputCapture,
  options: {
    /** The alarm notification to send (see distinctAlarm for one of the case's own). */
    alarm: Record<string, unknown>;
    arrange?: () => void;
    handler?: HandlerOptions;
    timeoutMs?: number;
    /** Instead of an SNS event for the alarm. */
    event?: unknown;
  },
): Promise<Ending> {
  const { alarm } = options;
  const postedBefore = env.slack.postedMessages().length;
  const queuedBefore = env.aws.sentMessages.length;
  const callsBefore = env.aws.calls.length;
  const slackBefore = env.slack.requests.length;
  options.arrange?.();
  try {
    const run = await invoke(buildHandler(env, options.handler), options.event ?? env.snsEvent(alarm), {
      capture,
      timeoutMs: options.timeoutMs,
    });
    return {
      run,
      posted: env.slack.postedMessages().slice(postedBefore),
      deadLettered: env.aws.sentMessages.slice(queuedBefore).map((message) => ({
        ...message,
        entry: JSON.parse(message.body) as Record<string, unknown>,
      })),
      alarmName: String(alarm.AlarmName),
      calls: env.aws.calls.slice(callsBefore),
      slackRequests: env.slack.requests.slice(slackBefore),
    };
  } finally {
    env.aws.clearFaults();
    env.aws.setLatency('*', 0);
    for (const operation of LATENCY_OPERATIONS) env.aws.setLatency(operation, 0);
  }
}

/** Operations tests may slow down; reset after each case. */
export const LATENCY_OPERATIONS = [
  'FilterLogEvents',
  'GetFunctionConfiguration',
  'GetPolicy',
  'GetFunctionConcurrency',
  'GetSecretValue',
  'GetMetricWidgetImage',
  'SendMessage',
] as const;

/** Never silent: exactly one Slack message and nothing dead-lettered. */
export function expectOneMessage(ending: Ending): StoredMessage {
  expect(ending.run.error, 'the invocation must not fail').toBeUndefined();
  expect(ending.deadLettered, 'nothing dead-lettered').toEqual([]);
  expect(ending.posted, 'exactly one Slack message').toHaveLength(1);
  const [message] = ending.posted;
  if (!message) throw new Error('unreachable');
  return message;
}

/** Never silent: nothing in Slack, the event on the dead-letter queue, and an ERROR log line with the reason. */
export function expectDeadLettered(ending: Ending, reason: RegExp): Record<string, unknown> {
  expect(ending.run.error, 'the invocation must not fail').toBeUndefined();
  expect(ending.posted, 'no Slack message').toEqual([]);
  expect(ending.deadLettered, 'exactly one dead-lettered event').toHaveLength(1);
  const [dead] = ending.deadLettered;
  if (!dead) throw new Error('unreachable');
  expect(String(dead.entry.reason)).toMatch(reason);
  expect(Date.parse(String(dead.entry.failedAt))).not.toBeNaN();
  expect(dead.entry.message, 'the alarm itself is kept').toBeTruthy();
  const errors = ending.run.logs.filter((line) => line.level === 'ERROR');
  expect(
    errors.some((line) => /dead-letter/.test(line.message) && reason.test(String(line.reason))),
    `an ERROR log line says why: ${JSON.stringify(errors)}`,
  ).toBe(true);
  expect(ending.run.result?.results.every((result) => result.outcome === 'dead-lettered')).toBe(true);
  return dead.entry;
}

/** A 127.0.0.1 port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
