import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import {
  type AwsClients,
  createCloudWatchClient,
  createDynamoDbClient,
  createDynamoDocumentClient,
  createLambdaClient,
  createLogsClient,
  createSecretsManagerClient,
  createSqsClient,
} from '../adapters/aws/clients.ts';
import type { TriageRuntimeConfig } from '../config/runtime-config.ts';
import type { IncidentData } from '../domain/incident.ts';
import { createIncidentTable, type LocalDynamo, startLocalDynamo } from './aws/dynamo.ts';
import { type LocalAws, startLocalAws } from './aws/server.ts';
import { type LocalSlack, startLocalSlack } from './slack/local-slack-server.ts';

/**
 * Everything the triage Lambda talks to, on 127.0.0.1, serving one incident: CloudWatch Logs,
 * Lambda, CloudWatch, Secrets Manager and SQS on one endpoint (their real wire protocols), DynamoDB
 * (dynalite) and the Slack Web API. The demo and the integration tests both run on it.
 */
export interface LocalTriageEnvironment {
  aws: LocalAws;
  dynamo: LocalDynamo;
  slack: LocalSlack;
  /** The environment the handler reads: endpoints, fake credentials, config, resource names. */
  env: Record<string, string>;
  config: TriageRuntimeConfig;
  channel: string;
  /** SDK clients pointed at the local endpoints (DynamoDB at dynalite). */
  clients(): AwsClients;
  snsEvent(alarm: Record<string, unknown>, messageId?: string): SnsAlarmEvent;
  close(): Promise<void>;
}

export interface SnsAlarmEvent {
  Records: Array<{
    EventSource: 'aws:sns';
    EventVersion: '1.0';
    EventSubscriptionArn: string;
    Sns: Record<string, unknown>;
  }>;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDLOCALTRIAGE', secretAccessKey: 'local-triage-secret' };
const TOKEN_SECRET_ID = 'gateway-triage/slack-bot-token';
const TABLE = 'gateway-triage-state';
const QUEUE = 'gateway-triage-dead-letters';

export async function startLocalTriageEnvironment(options: {
  incident: IncidentData;
  channel?: string;
  token?: string;
}): Promise<LocalTriageEnvironment> {
  const { incident } = options;
  const channel = options.channel ?? '#api-alerts';
  const token = options.token ?? 'xoxb-local-demo-token';
  const aws = await startLocalAws({ incident, secrets: { [TOKEN_SECRET_ID]: token } });
  const dynamo = await startLocalDynamo();
  const slack = await startLocalSlack({ tokens: [token] });
  const region = aws.region;
  await createIncidentTable(
    createDynamoDbClient({ endpoint: dynamo.endpoint, region, credentials: LOCAL_CREDENTIALS }),
    TABLE,
  );

  const config = runtimeConfigFor(incident, channel);
  const env: Record<string, string> = {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TRIAGE_CONFIG: JSON.stringify(config),
    SLACK_TOKEN_SECRET_ID: TOKEN_SECRET_ID,
    STATE_TABLE_NAME: TABLE,
    DEAD_LETTER_QUEUE_URL: aws.queueUrl(QUEUE),
    SLACK_API_URL: slack.apiUrl,
    POWERTOOLS_SERVICE_NAME: 'gateway-triage',
    POWERTOOLS_METRICS_NAMESPACE: 'GatewayTriage',
  };
  return {
    aws,
    dynamo,
    slack,
    env,
    config,
    channel,
    clients: () => localClients(aws.endpoint, dynamo.endpoint, region),
    snsEvent: (alarm, messageId = randomUUID()) => snsEvent(alarm, messageId, region),
    close: async () => {
      await Promise.allSettled([aws.close(), dynamo.close(), slack.close()]);
    },
  };
}

/** The runtime config the stack would generate for the incident's API. */
export function runtimeConfigFor(incident: IncidentData, channel: string): TriageRuntimeConfig {
  const { api } = incident;
  return {
    apis: [
      {
        kind: api.kind,
        apiId: api.apiId ?? 'unknown',
        apiName: api.apiName,
        stages: [api.stage],
        accessLogGroups: api.accessLogGroup ? { [api.stage]: api.accessLogGroup } : {},
        executionLogging: api.executionLogGroup !== undefined,
        routes: api.routes ?? [],
        functions: Object.keys(incident.functions),
        slackChannel: channel,
      },
    ],
    defaultSlackChannel: channel,
    lookbackMinutes: 10,
    maxFailingRequests: 200,
  };
}

function localClients(endpoint: string, dynamoEndpoint: string, region: string): AwsClients {
  const settings = { endpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 };
  const dynamoSettings = { ...settings, endpoint: dynamoEndpoint };
  const dynamoDb = createDynamoDbClient(dynamoSettings);
  return {
    logs: createLogsClient(settings),
    lambda: createLambdaClient(settings),
    cloudWatch: createCloudWatchClient(settings),
    dynamoDb,
    dynamo: createDynamoDocumentClient(dynamoSettings, dynamoDb),
    secretsManager: createSecretsManagerClient(settings),
    sqs: createSqsClient(settings),
  };
}

function snsEvent(alarm: Record<string, unknown>, messageId: string, region: string): SnsAlarmEvent {
  const topicArn = `arn:aws:sns:${region}:${String(alarm.AWSAccountId ?? '123456789012')}:gateway-triage-alarms`;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: topicArn,
          Subject: `${String(alarm.NewStateValue)}: "${String(alarm.AlarmName).slice(0, 60)}"`,
          Message: JSON.stringify(alarm),
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.local/cert.pem',
          UnsubscribeUrl: 'https://sns.local/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** A Lambda context with a real countdown, as the runtime gives one. */
export function lambdaContext(timeoutMs = 60_000, functionName = 'gateway-triage'): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
