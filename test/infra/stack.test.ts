import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config/load.ts';
import { buildTriageRuntimeConfig } from '../../infra/lib/triage-environment.ts';
import { TriageEnvironmentSchema, TriageRuntimeConfigSchema } from '../../shared/config/runtime-config.ts';
import {
  agnosticArn as ARN,
  exampleConfig,
  exampleStack,
  flat,
  type Json,
  minimalConfig,
  synthStack,
} from './helpers.ts';

const {
  template,
  only: onlyResource,
  alarmTopicId,
  queueId,
  queue,
  tableId,
  table,
  functionId,
  fn,
  keyId,
  key,
} = exampleStack();

describe('the alarm topic', () => {
  const [, topic] = onlyResource('AWS::SNS::Topic', (p) => p.DisplayName === 'gateway-triage API 5XX alarms');
  const [, topicPolicy] = onlyResource('AWS::SNS::TopicPolicy', (p) =>
    JSON.stringify(p.Topics).includes(alarmTopicId),
  );
  const statements = (topicPolicy.PolicyDocument as Json).Statement as Json[];

  it('is encrypted with the stack key', () => {
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  it('lets only CloudWatch alarms of this account, named with the prefix, publish', () => {
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: 'sns:Publish',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Resource: { Ref: alarmTopicId },
    });
    const conditions = allows[0]?.Condition as Json;
    expect(conditions.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(flat((conditions.ArnLike as Json)['aws:SourceArn'])).toBe(
      ARN('cloudwatch', 'alarm:gateway-triage-*'),
    );
  });

  it('refuses publishing without TLS', () => {
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('uses a rotated key whose policy lets those alarms encrypt', () => {
    expect(key.EnableKeyRotation).toBe(true);
    const cloudWatch = ((key.KeyPolicy as Json).Statement as Json[]).find(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );
    expect(cloudWatch).toMatchObject({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    const conditions = cloudWatch?.Condition as Json;
    expect(conditions.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(flat((conditions.ArnLike as Json)['aws:SourceArn'])).toBe(
      ARN('cloudwatch', 'alarm:gateway-triage-*'),
    );
  });
});

describe('the triage function', () => {
  it('runs Node 24 on arm64 with JSON logs kept for the configured days', () => {
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 60,
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
    });
    const [logGroupId, logGroup] = onlyResource('AWS::Logs::LogGroup');
    expect((fn.LoggingConfig as Json).LogGroup).toEqual({ Ref: logGroupId });
    expect(logGroup.RetentionInDays).toBe(30);
  });

  it('takes memory and timeout from the config', () => {
    const config = minimalConfig();
    config.triageFunction = { memoryMiB: 1024, timeoutSeconds: 120 };
    synthStack(config).template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 120,
    });
  });

  it('gets exactly the runtime environment and Powertools settings', () => {
    const variables = (fn.Environment as Json).Variables as Json;
    expect(Object.keys(variables).sort()).toEqual([
      'DEAD_LETTER_QUEUE_URL',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'SLACK_TOKEN_SECRET_ID',
      'STATE_TABLE_NAME',
      'TRIAGE_CONFIG',
    ]);
    expect(variables).toMatchObject({
      SLACK_TOKEN_SECRET_ID: 'gateway-triage/slack-bot-token',
      STATE_TABLE_NAME: { Ref: tableId },
      DEAD_LETTER_QUEUE_URL: { Ref: queueId },
      POWERTOOLS_SERVICE_NAME: 'gateway-triage',
      POWERTOOLS_METRICS_NAMESPACE: 'GatewayTriage',
    });
    const deployed = {
      ...variables,
      STATE_TABLE_NAME: 'GatewayTriage-State',
      DEAD_LETTER_QUEUE_URL: 'https://sqs',
    };
    expect(TriageEnvironmentSchema.safeParse(deployed).success).toBe(true);
  });

  it('gets a TRIAGE_CONFIG that reads back, through the runtime schema, as the user config', () => {
    const variables = (fn.Environment as Json).Variables as Json;
    const runtime = TriageRuntimeConfigSchema.parse(JSON.parse(String(variables.TRIAGE_CONFIG)));

    expect(runtime).toEqual(buildTriageRuntimeConfig(parseConfig(exampleConfig())));
    expect(runtime.defaultSlackChannel).toBe('#api-alerts');
    expect(runtime.apis.map((api) => [api.kind, api.apiId, api.apiName, api.executionLogging])).toEqual([
      ['REST', 'a1b2c3d4e5', 'orders', true],
      ['HTTP', 'f6g7h8i9j0', 'reports', false],
    ]);
    expect(runtime.apis[0]).toMatchObject({
      slackChannel: '#orders-oncall',
      mention: 'here',
      functions: ['orders-get', 'orders-create', 'orders-authorizer'],
      accessLogGroups: { prod: '/aws/apigateway/orders/prod' },
    });
    expect(runtime.apis[1]?.routes).toEqual([
      { method: 'GET', resource: '/reports/{id}/export', functionName: 'reports-export' },
      { method: 'GET', resource: '/reports', functionName: 'reports-list' },
    ]);
  });

  it('is subscribed to the alarm topic, with the queue as the subscription dead-letter queue', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: alarmTopicId },
      Endpoint: { 'Fn::GetAtt': [functionId, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: alarmTopicId },
    });
  });

  it('sends failed asynchronous invocations to the same queue after two retries', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });
});

describe('the dead-letter queue', () => {
  it('is encrypted and keeps messages 14 days', () => {
    expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('refuses requests without TLS and accepts only the alarm topic as SNS sender', () => {
    const [, policy] = onlyResource('AWS::SQS::QueuePolicy');
    const statements = (policy.PolicyDocument as Json).Statement as Json[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Principal: { Service: 'sns.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': { Ref: alarmTopicId } } },
      }),
    ]);
  });
});

describe('the state table', () => {
  it('is on-demand, keyed by pk, expires items by expiresAt and keeps point-in-time backups', () => {
    expect(table).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });
});
