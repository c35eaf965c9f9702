import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy, { type MiddlewareObj } from '@middy/core';
import secretsManager from '@middy/secrets-manager';
import type { Context } from 'aws-lambda';
import { type AwsClients, createAwsClients } from '../../shared/adapters/aws/clients.ts';
import { CloudWatchLogsReader } from '../../shared/adapters/aws/cloudwatch-logs-reader.ts';
import {
  DynamoIncidentStore,
  idempotencyPersistenceOptions,
} from '../../shared/adapters/aws/incident-store.ts';
import { LambdaFunctionInspector } from '../../shared/adapters/aws/lambda-function-inspector.ts';
import { CloudWatchMetricImageRenderer } from '../../shared/adapters/aws/metric-image.ts';
import {
  WebApiSlackNotifier,
  type WebApiSlackNotifierOptions,
} from '../../shared/adapters/slack/slack-notifier.ts';
import {
  type AlarmNotification,
  type NotificationRead,
  readAlarmNotifications,
} from '../../shared/parse/alarm-notification.ts';
import { SqsDeadLetterSink } from './dead-letter.ts';
import { type HandlerSettings, readHandlerSettings } from './environment.ts';
import { type NotificationDependencies, processNotification } from './process-notification.ts';

/**
 * Time kept for posting to Slack (and dead-lettering) after the triage hands over: a third of what is
 * left, between 2.5 and 8 s, so a short Lambda timeout still leaves time to read the logs.
 */
export function postingBudgetMs(remainingMs: number): number {
  return Math.min(8_000, Math.max(2_500, remainingMs * 0.3));
}

interface TriageContext extends Context {
  slackToken?: unknown;
}

export interface HandlerSummary {
  records: number;
  results: Array<{ messageId?: string; state?: string; outcome: string; rootCause?: string }>;
}

/**
 * The triage Lambda: SNS (CloudWatch alarm) → triage → Slack. middy carries the cross-cutting parts
 * (Powertools logger and metrics, the Slack token from Secrets Manager with caching); Powertools
 * idempotency on the SNS MessageId makes a redelivered message post once.
 */
export interface HandlerOverrides {
  /** Prebuilt clients (tests point them at local endpoints); default: built from the environment. */
  aws?: AwsClients;
  /** Options for the Secrets Manager client of the token middleware (endpoint, credentials). */
  secretsClientOptions?: Record<string, unknown>;
  /** Middy cache key of the token; separate handlers in one process need separate keys. */
  cacheKey?: string;
  /** Fetch the token at creation (Lambda init) rather than on the first event. @default true */
  prefetch?: boolean;
  /** Slack client tuning (tests shorten the retry back-off). */
  slack?: Partial<Omit<WebApiSlackNotifierOptions, 'token' | 'slackApiUrl'>>;
}

export function createHandler(settings: HandlerSettings, overrides: HandlerOverrides = {}) {
  const { environment, config } = settings;
  const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'gateway-triage' });
  const metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'GatewayTriage',
    serviceName: 'gateway-triage',
  });
  const aws = overrides.aws ?? createAwsClients();
  const logs = new CloudWatchLogsReader(aws.logs);
  const lambda = new LambdaFunctionInspector(aws.lambda);
  const store = new DynamoIncidentStore({ client: aws.dynamo, tableName: environment.STATE_TABLE_NAME });
  const images = new CloudWatchMetricImageRenderer(aws.cloudWatch);
  const deadLetters = environment.DEAD_LETTER_QUEUE_URL
    ? new SqsDeadLetterSink(aws.sqs, environment.DEAD_LETTER_QUEUE_URL)
    : { send: async () => Promise.reject(new Error('DEAD_LETTER_QUEUE_URL is not set')) };
  const persistenceStore = new DynamoDBPersistenceLayer({
    ...idempotencyPersistenceOptions(environment.STATE_TABLE_NAME),
    awsSdkV3Client: aws.dynamoDb,
  });
  const idempotency = new IdempotencyConfig({ eventKeyJmesPath: 'messageId', expiresAfterSeconds: 6 * 3600 });

  const log: NotificationDependencies['log'] = (level, message, details) =>
    logger[level](message, details ?? {});
  const metric: NotificationDependencies['metric'] = (name, value, unit, dimension) => {
    const metricUnit = unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds;
    if (dimension) {
      const single = metrics.singleMetric();
      single.addDimension(dimension.name, dimension.value);
      single.addMetric(name, metricUnit, value);
    } else {
      metrics.addMetric(name, metricUnit, value);
    }
  };

  const lambdaHandler = async (event: unknown, context: TriageContext): Promise<HandlerSummary> => {
    idempotency.registerLambdaContext(context);
    const token = slackTokenFrom(context.slackToken);
    const notifier = new WebApiSlackNotifier({
      ...overrides.slack,
      token,
      slackApiUrl: settings.slackApiUrl,
    });
    const deps: NotificationDependencies = {
      config,
      logs,
      lambda,
      notifier,
      store,
      images,
      deadLetters,
      now: Date.now,
      triageDeadline: () => {
        const remaining = context.getRemainingTimeInMillis();
        return Date.now() + Math.max(1_000, remaining - postingBudgetMs(remaining));
      },
      log,
      metric,
    };
    type RecordSummary = { state: string; outcome: string; rootCause?: string };
    const summarise = async (notification: AlarmNotification): Promise<RecordSummary> => {
      const result = await processNotification(notification, deps);
      // Stored as the idempotency record's result: only defined values (DynamoDB has no undefined).
      const summary: RecordSummary = { state: result.state, outcome: result.delivery.kind };
      if (result.rootCause) summary.rootCause = result.rootCause;
      return summary;
    };
    // What the idempotent unit of the current record did, to tell a store failure before it ran from one after.
    let attempt: { started: boolean; summary?: RecordSummary } = { started: false };
    // One idempotent unit per SNS message: a redelivery finds the COMPLETED record and posts nothing.
    const processOnce = makeIdempotent(
      async (input: { messageId?: string; index: number }) => {
        attempt.started = true;
        const read = reads[input.index];
        if (!read?.ok) return { outcome: 'unreadable' };
        attempt.summary = await summarise(read.notification);
        return attempt.summary;
      },
      { persistenceStore, config: idempotency },
    );

    const reads = readAlarmNotifications(event).map(requireAlarm);
    const results: HandlerSummary['results'] = [];
    metric('Notifications', reads.length, 'Count');
    for (const [index, read] of reads.entries()) {
      if (!read.ok) {
        logger.error('not a CloudWatch alarm notification; dead-lettering it', {
          reason: read.reason,
          messageId: read.messageId,
        });
        metric('UnreadableNotifications', 1, 'Count');
        await deadLetters.send({
          reason: read.reason,
          messageId: read.messageId,
          message: event,
          failedAt: new Date().toISOString(),
        });
        results.push({ messageId: read.messageId, outcome: 'dead-lettered' });
        continue;
      }
      const messageId = read.notification.messageId;
      attempt = { started: false };
      try {
        const result = (await processOnce({ messageId, index })) as RecordSummary;
        results.push({ messageId, ...result });
      } catch (error) {
        if (error instanceof IdempotencyAlreadyInProgressError) {
          // The same SNS message is being handled by another invocation right now; that one posts.
          logger.info('this SNS message is already being processed; not posting it twice', { messageId });
          results.push({ messageId, outcome: 'in-progress-elsewhere' });
          continue;
        }
        if (!(error instanceof IdempotencyPersistenceLayerError)) throw error;
        const stored = attempt.summary;
        if (stored) {
          logger.warn('the alarm was handled, but the idempotency store could not record it', {
            messageId,
            error: describeError(error),
          });
          results.push({ messageId, ...stored });
        } else if (!attempt.started) {
          // Better a possible duplicate on redelivery than no alert at all.
          logger.warn('the idempotency store cannot be reached; handling the alarm without it', {
            messageId,
            error: describeError(error),
          });
          metric('IdempotencyStoreFailures', 1, 'Count');
          results.push({ messageId, ...(await summarise(read.notification)) });
        } else {
          throw error;
        }
      }
    }
    return { records: reads.length, results };
  };

  /**
   * Whatever escapes the handler (the Slack token cannot be read, a store refuses): logged with the
   * reason and dead-lettered, so the alarm is kept. Only if the queue refuses too does the invocation
   * fail, and Lambda's retries and its own failure destination take over.
   */
  const deadLetterOnError: MiddlewareObj<unknown, HandlerSummary> = {
    onError: async (request) => {
      const reason = `the triage could not run: ${describeError(request.error)}`;
      logger.error('the alarm could not be handled; dead-lettering the event', { reason });
      metric('HandlerFailures', 1, 'Count');
      try {
        await deadLetters.send({ reason, message: request.event, failedAt: new Date().toISOString() });
      } catch (error) {
        logger.error('the dead-letter queue refused the event; failing the invocation so Lambda retries it', {
          reason,
          error: describeError(error),
        });
        return;
      }
      metric('DeadLettered', 1, 'Count');
      const reads = readAlarmNotifications(request.event);
      request.response = {
        records: reads.length,
        results: reads.map((read) => ({
          messageId: read.ok ? read.notification.messageId : read.messageId,
          outcome: 'dead-lettered',
        })),
      };
    },
  };

  return middy(lambdaHandler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(deadLetterOnError)
    .use(
      secretsManager({
        AwsClient: SecretsManagerClient,
        awsClientOptions: overrides.secretsClientOptions ?? {},
        fetchData: { slackToken: environment.SLACK_TOKEN_SECRET_ID },
        setToContext: true,
        cacheKey: overrides.cacheKey ?? 'slack-token',
        cacheExpiry: 15 * 60_000,
        disablePrefetch: overrides.prefetch === false,
      }),
    );
}

/** JSON that is not an alarm notification would otherwise pass as an alarm in no state and be ignored. */
function requireAlarm(read: NotificationRead): NotificationRead {
  if (!read.ok) return read;
  const { message, messageId } = read.notification;
  if (typeof message.AlarmName === 'string' || typeof message.NewStateValue === 'string') return read;
  return {
    ok: false,
    reason:
      'the SNS Message is JSON but not a CloudWatch alarm notification (no AlarmName, no NewStateValue)',
    messageId,
  };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // middy wraps a failed secret fetch as { cause: { data: [errors] } }: those say which call failed and why.
  const cause: unknown = error.cause;
  const data = cause && typeof cause === 'object' && 'data' in cause ? cause.data : cause;
  const inner = (Array.isArray(data) ? data : [data])
    .filter((item): item is Error => item instanceof Error)
    .map((item) => `${item.name}: ${item.message}`);
  return [`${error.name}: ${error.message}`, ...inner].join(' ← ');
}

/** The secret holds the bot token as plain text, or as JSON with a `token` (or `botToken`) field. */
function slackTokenFrom(secret: unknown): string {
  if (typeof secret === 'string' && secret.trim() !== '') return secret.trim();
  if (secret && typeof secret === 'object') {
    for (const key of ['token', 'botToken', 'SLACK_BOT_TOKEN', 'slackBotToken']) {
      const value = (secret as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  throw new Error('the Slack token secret is empty or has no token field');
}

let cached: ReturnType<typeof createHandler> | undefined;

/** The Lambda entry point: settings are read once, at the first invocation of the environment. */
export const handler = async (event: unknown, context: Context): Promise<HandlerSummary> => {
  cached ??= createHandler(readHandlerSettings(process.env));
  return cached(event, context as TriageContext & { slackToken: unknown });
};
