import { randomUUID } from 'node:crypto';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { Context } from 'aws-lambda';
import { readHandlerSettings } from '../../functions/triage/environment.ts';
import { createHandler, type HandlerSummary } from '../../functions/triage/handler.ts';
import {
  type AwsClientSettings,
  type AwsClients,
  createAwsClients,
  createDynamoDbClient,
  createDynamoDocumentClient,
} from '../../shared/adapters/aws/clients.ts';
import type { IncidentData } from '../../shared/domain/incident.ts';
import type { StoredMessage } from '../../shared/local/slack/local-slack-server.ts';
import {
  LOCAL_CREDENTIALS,
  type LocalTriageEnvironment,
  lambdaContext,
  startLocalTriageEnvironment,
} from '../../shared/local/triage-environment.ts';
import type { SlackMessage } from '../../shared/slack/block-kit.ts';
import { slackMessageToPlainText } from '../../shared/slack/preview.ts';

/**
 * The live path in a test: the real handler (middy, Powertools, the SDK clients, @slack/web-api)
 * against the local endpoints, with the SDK's retries shortened to a few ms so faults stay fast.
 */

/** The SDK's own retry strategy with 5 ms between attempts: throttles and 5xx are retried, quickly. */
export function fastRetry(maxAttempts = 3): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(maxAttempts, () => 5);
}

/** Clients on the local endpoints; `dynamoEndpoint` overrides where the state table is (a closed port). */
export function fastClients(
  env: LocalTriageEnvironment,
  options: { dynamoEndpoint?: string } = {},
): AwsClients {
  const settings: AwsClientSettings = {
    endpoint: env.aws.endpoint,
    region: env.aws.region,
    credentials: LOCAL_CREDENTIALS,
    retryStrategy: fastRetry(),
  };
  const clients = createAwsClients(settings);
  const dynamoDb = createDynamoDbClient({
    ...settings,
    endpoint: options.dynamoEndpoint ?? env.dynamo.endpoint,
  });
  // A new object: the properties of createAwsClients' result cannot be redefined.
  return {
    logs: clients.logs,
    lambda: clients.lambda,
    cloudWatch: clients.cloudWatch,
    secretsManager: clients.secretsManager,
    sqs: clients.sqs,
    dynamoDb,
    dynamo: createDynamoDocumentClient(undefined, dynamoDb),
  };
}

export interface HandlerOptions {
  dynamoEndpoint?: string;
  /** Slack client tuning on top of the fast defaults. */
  slack?: Record<string, number>;
}

export type TestHandler = (event: unknown, context: Context) => Promise<HandlerSummary>;

/** The real handler, as the Lambda builds it, on the local endpoints (a fresh token cache each time). */
export function buildHandler(env: LocalTriageEnvironment, options: HandlerOptions = {}): TestHandler {
  const handler = createHandler(readHandlerSettings(env.env), {
    aws: fastClients(env, options),
    secretsClientOptions: {
      endpoint: env.aws.endpoint,
      region: env.aws.region,
      credentials: LOCAL_CREDENTIALS,
      retryStrategy: fastRetry(),
    },
    cacheKey: `slack-token-${randomUUID()}`,
    prefetch: false,
    slack: {
      retryMinDelayMs: 10,
      retryMaxDelayMs: 20,
      maxRateLimitWaitMs: 1500,
      requestTimeoutMs: 1000,
      ...options.slack,
    },
  });
  return (event, context) => handler(event, context as Context & { slackToken: unknown });
}

/** An alarm of its own (name and ARN), so each case opens its own incident in a shared environment. */
export function distinctAlarm(alarm: Record<string, unknown>, suffix: string): Record<string, unknown> {
  const name = `${String(alarm.AlarmName)}-${suffix}`;
  const arn =
    typeof alarm.AlarmArn === 'string'
      ? `${alarm.AlarmArn}-${suffix}`
      : `arn:aws:cloudwatch:local:alarm:${name}`;
  return { ...alarm, AlarmName: name, AlarmArn: arn };
}

/** The same alarm back to OK some minutes later (StateChangeTime in the alarm's own format). */
export function okAlarm(alarm: Record<string, unknown>, minutesLater: number): Record<string, unknown> {
  return {
    ...alarm,
    OldStateValue: 'ALARM',
    NewStateValue: 'OK',
    NewStateReason:
      'Threshold Crossed: 1 datapoint [0.0] was not greater than or equal to the threshold (1.0).',
    StateChangeTime: shiftAlarmTime(alarm.StateChangeTime, minutesLater),
  };
}

export function shiftAlarmTime(value: unknown, minutes: number): string {
  const time = Date.parse(String(value).replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (Number.isNaN(time)) throw new Error(`not an alarm time: ${String(value)}`);
  return new Date(time + minutes * 60_000).toISOString().replace('Z', '+0000');
}

/**
 * Everything the handler writes to stdout and stderr (Powertools JSON logs: INFO/WARN on stdout,
 * ERROR on stderr; EMF metrics), kept out of the test output. In Lambda both go to CloudWatch Logs.
 */
export class OutputCapture {
  private readonly chunks: string[] = [];
  private readonly streams = [process.stdout, process.stderr] as const;
  private readonly writes = this.streams.map((stream) => stream.write.bind(stream));

  start(): void {
    for (const stream of this.streams) {
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
        callback?.();
        return true;
      }) as typeof stream.write;
    }
  }

  stop(): void {
    for (const [index, stream] of this.streams.entries()) {
      const write = this.writes[index];
      if (write) stream.write = write as typeof stream.write;
    }
  }

  /** A position to read what was written after it. */
  mark(): number {
    return this.chunks.length;
  }

  /** JSON entries written since `from` (log lines and EMF documents); other text is skipped. */
  entries(from = 0): Array<Record<string, unknown>> {
    return this.chunks
      .slice(from)
      .join('')
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  text(from = 0): string {
    return this.chunks.slice(from).join('');
  }

  /** Powertools log lines (not metrics) since `from`. */
  logs(from = 0): LogLine[] {
    return this.entries(from).filter((entry): entry is LogLine => typeof entry.message === 'string');
  }

  /** EMF metric names emitted since `from`, with their values. */
  metrics(from = 0): Map<string, number[]> {
    const found = new Map<string, number[]>();
    for (const entry of this.entries(from)) {
      const aws = entry._aws as
        | { CloudWatchMetrics?: Array<{ Metrics?: Array<{ Name: string }> }> }
        | undefined;
      for (const directive of aws?.CloudWatchMetrics ?? []) {
        for (const { Name } of directive.Metrics ?? []) {
          const value = entry[Name];
          const values = Array.isArray(value) ? value.map(Number) : [Number(value)];
          found.set(Name, [...(found.get(Name) ?? []), ...values]);
        }
      }
    }
    return found;
  }
}

export interface LogLine extends Record<string, unknown> {
  level: string;
  message: string;
}

/** What a person sees of a posted message: its text and the words of its blocks. */
export function plainText(message: { text?: unknown; blocks?: unknown }): string {
  const slack: SlackMessage = {
    text: typeof message.text === 'string' ? message.text : '',
    blocks: (Array.isArray(message.blocks) ? message.blocks : []) as SlackMessage['blocks'],
  };
  return slackMessageToPlainText(slack);
}

interface Block {
  type?: string;
  block_id?: string;
  text?: { text?: string };
  elements?: Array<{ type?: string; url?: string; text?: { text?: string } }>;
}

/** The first message the local Slack kept (as it is now, after any chat.update). */
export function firstPost(env: LocalTriageEnvironment): StoredMessage {
  const [first] = env.slack.postedMessages();
  if (!first) throw new Error('nothing was posted to Slack');
  return first;
}

export function blocksOf(message: { blocks?: unknown }): Block[] {
  return (Array.isArray(message.blocks) ? message.blocks : []) as Block[];
}

export function headerOf(message: { blocks?: unknown }): string {
  return blocksOf(message).find((block) => block.type === 'header')?.text?.text ?? '';
}

export function buttonsOf(message: { blocks?: unknown }): Array<{ label: string; url: string }> {
  return blocksOf(message)
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? [])
    .map((element) => ({ label: element.text?.text ?? '', url: element.url ?? '' }));
}

/** The text of the section with this block id (an updated message suffixes ids with `~N`). */
export function sectionText(message: { blocks?: unknown }, blockId: string): string {
  return (
    blocksOf(message).find((block) => block.block_id === blockId || block.block_id?.startsWith(`${blockId}~`))
      ?.text?.text ?? ''
  );
}

export interface Invocation {
  result?: HandlerSummary;
  error?: Error;
  elapsedMs: number;
  /** Log lines the invocation wrote. */
  logs: LogLine[];
  /** Everything it wrote, as text. */
  output: string;
  metrics: Map<string, number[]>;
}

/** Runs the handler once with its output captured; a rejection is returned, not thrown. */
export async function invoke(
  handler: TestHandler,
  event: unknown,
  options: { timeoutMs?: number; capture: OutputCapture },
): Promise<Invocation> {
  const { capture } = options;
  const mark = capture.mark();
  const started = performance.now();
  capture.start();
  let result: HandlerSummary | undefined;
  let error: Error | undefined;
  try {
    result = await handler(event, lambdaContext(options.timeoutMs ?? 30_000));
  } catch (thrown) {
    error = thrown as Error;
  } finally {
    capture.stop();
  }
  return {
    result,
    error,
    elapsedMs: performance.now() - started,
    logs: capture.logs(mark),
    output: capture.text(mark),
    metrics: capture.metrics(mark),
  };
}

export async function startEnvironment(
  incident: IncidentData,
  channel = '#api-alerts',
): Promise<LocalTriageEnvironment> {
  return startLocalTriageEnvironment({ incident, channel });
}
