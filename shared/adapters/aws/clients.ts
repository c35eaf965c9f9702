import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The one place that builds the real AWS SDK clients. Everything else receives a client.
 *
 * Endpoints: without `endpoint` the SDK resolves the AWS one and still honours `AWS_ENDPOINT_URL` and
 * the per-service `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how the bundled handler is pointed
 * at the local endpoints; `endpoint` here wins over both.
 *
 * Retries: the SDK's own strategy. `adaptive` adds a client-side rate limiter on top of the standard
 * backoff, which matters for FilterLogEvents (5 TPS per account and Region, shared with every console
 * user). Throttling errors, 5xx and network resets are retried; the default of 3 attempts is too few
 * for the Logs quota, hence 5.
 */

type RetryStrategy = NonNullable<CloudWatchLogsClientConfig['retryStrategy']>;
type Credentials = NonNullable<CloudWatchLogsClientConfig['credentials']>;

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface AwsClientSettings {
  /** Absent: the SDK reads AWS_REGION (always set in Lambda). */
  region?: string;
  /** e.g. the local endpoint in tests; absent: AWS, or AWS_ENDPOINT_URL* when set. */
  endpoint?: string;
  /** Absent: the default provider chain (the Lambda role). Tests pass fake static keys. */
  credentials?: Credentials;
  /** Total attempts per call including the first; default 5, adaptive mode. */
  maxAttempts?: number;
  /** Replaces the adaptive strategy, e.g. `new ConfiguredRetryStrategy(4, () => 5)` for fast tests. */
  retryStrategy?: RetryStrategy;
  /** Per HTTP request; a timeout is retried like a network error. Default: none (the AbortSignal bounds it). */
  requestTimeoutMs?: number;
}

export interface BaseClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: Credentials;
  maxAttempts?: number;
  retryMode?: string;
  retryStrategy?: RetryStrategy;
  requestHandler?: { requestTimeout: number; throwOnRequestTimeout: boolean };
}

/** The client configuration shared by every client, exported so tests can assert on it. */
export function baseClientConfig(settings: AwsClientSettings = {}): BaseClientConfig {
  const config: BaseClientConfig = {};
  if (settings.region) config.region = settings.region;
  if (settings.endpoint) config.endpoint = settings.endpoint;
  if (settings.credentials) config.credentials = settings.credentials;
  if (settings.retryStrategy) {
    config.retryStrategy = settings.retryStrategy;
  } else {
    config.retryMode = 'adaptive';
    config.maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }
  if (settings.requestTimeoutMs !== undefined) {
    config.requestHandler = { requestTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true };
  }
  return config;
}

export function createLogsClient(settings?: AwsClientSettings): CloudWatchLogsClient {
  return new CloudWatchLogsClient(baseClientConfig(settings));
}

export function createLambdaClient(settings?: AwsClientSettings): LambdaClient {
  return new LambdaClient(baseClientConfig(settings));
}

export function createCloudWatchClient(settings?: AwsClientSettings): CloudWatchClient {
  return new CloudWatchClient(baseClientConfig(settings));
}

export function createSecretsManagerClient(settings?: AwsClientSettings): SecretsManagerClient {
  return new SecretsManagerClient(baseClientConfig(settings));
}

export function createSqsClient(settings?: AwsClientSettings): SQSClient {
  return new SQSClient(baseClientConfig(settings));
}

export function createDynamoDbClient(settings?: AwsClientSettings): DynamoDBClient {
  return new DynamoDBClient(baseClientConfig(settings));
}

/** DocumentClient that drops undefined attributes (optional fields of a record) instead of failing. */
export function createDynamoDocumentClient(
  settings?: AwsClientSettings,
  client: DynamoDBClient = createDynamoDbClient(settings),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export interface AwsClients {
  logs: CloudWatchLogsClient;
  lambda: LambdaClient;
  cloudWatch: CloudWatchClient;
  /** The plain client, e.g. for Powertools idempotency; `dynamo` wraps this same client. */
  dynamoDb: DynamoDBClient;
  dynamo: DynamoDBDocumentClient;
  secretsManager: SecretsManagerClient;
  sqs: SQSClient;
}

/** Every client the triage uses, built on first use so a cold start pays only for what it touches. */
export function createAwsClients(settings?: AwsClientSettings): AwsClients {
  const cache: Partial<AwsClients> = {};
  const lazy = <K extends keyof AwsClients>(key: K, build: (s?: AwsClientSettings) => AwsClients[K]) => ({
    get: (): AwsClients[K] => {
      const existing = cache[key];
      if (existing) return existing;
      const built = build(settings);
      cache[key] = built;
      return built;
    },
    enumerable: true,
  });
  const clients: AwsClients = Object.defineProperties({} as AwsClients, {
    logs: lazy('logs', createLogsClient),
    lambda: lazy('lambda', createLambdaClient),
    cloudWatch: lazy('cloudWatch', createCloudWatchClient),
    dynamoDb: lazy('dynamoDb', createDynamoDbClient),
    dynamo: lazy('dynamo', () => createDynamoDocumentClient(settings, clients.dynamoDb)),
    secretsManager: lazy('secretsManager', createSecretsManagerClient),
    sqs: lazy('sqs', createSqsClient),
  });
  return clients;
}
