import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
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
import { WebApiSlackNotifier, type WebApiSlackNotifierOptions } from '../../shared/adapters/slack/slack-notifier.ts';
import { readAlarmNotifications } from '../../shared/parse/alarm-notification.ts';
import { SqsDeadLetterSink } from './dead-letter.ts';
import { type HandlerSettings, readHandlerSettings } from './environment.ts';
import { type NotificationDependencies, processNotification } from './process-notification.ts';

/** Time kept for posting to Slack (and dead-lettering) after the triage hands over. */
const POSTING_BUDGET_MS = 8_000;

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
    const notifier = new WebApiSlackNotifier({ ...overrides.slack, token, slackApiUrl: settings.slackApiUrl });
    const deps: NotificationDependencies = {
      config,
      logs,
      lambda,
      notifier,
      store,
      images,
      deadLetters,
      now: Date.now,
      triageDeadline: () =>
        Date.now() + Math.max(1_000, context.getRemainingTimeInMillis() - POSTING_BUDGET_MS),
      log,
      metric,
    };
    // One idempotent unit per SNS message: a redelivery finds the COMPLETED record and posts nothing.
    const processOnce = makeIdempotent(
      async (input: { messageId?: string; index: number }) => {
        const read = reads[input.index];
        if (!read?.ok) return { outcome: 'unreadable' };
        const result = await processNotification(read.notification, deps);
        // Stored as the idempotency record's result: only defined values (DynamoDB has no undefined).
        const summary: { state: string; outcome: string; rootCause?: string } = {
          state: result.state,
          outcome: result.delivery.kind,
        };
        if (result.rootCause) summary.rootCause = result.rootCause;
        return summary;
      },
      { persistenceStore, config: idempotency },
    );

    const reads = readAlarmNotifications(event);
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
      const result = (await processOnce({ messageId, index })) as {
        state?: string;
        outcome: string;
        rootCause?: string;
      };
      results.push({ messageId, ...result });
    }
    return { records: reads.length, results };
  };

  return middy(lambdaHandler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
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
