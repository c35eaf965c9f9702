import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createCloudWatchClient,
  createLogsClient,
  createSecretsManagerClient,
  createSqsClient,
} from '../../shared/adapters/aws/clients.ts';
import { type LocalAws, startLocalAws } from '../../shared/local/aws/index.ts';
import { FAKE_CREDENTIALS, loadCorpusBundle, localSettings } from './support.ts';

const bundle = loadCorpusBundle('fn-node-timeout-inventory-call');

async function post(
  endpoint: string,
  target: string,
  body: unknown,
  contentType = 'application/x-amz-json-1.1',
) {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('local AWS endpoints: wire shapes', () => {
  let local: LocalAws;
  beforeAll(async () => {
    local = await startLocalAws({ incident: bundle, secrets: { 'triage/slack': '{"token":"xoxb-test"}' } });
  });
  afterAll(() => local.close());
  afterEach(() => {
    local.clearFaults();
    local.setLatency('*', 0);
  });

  it('answers Logs errors as {"__type", "message"} with HTTP 400', async () => {
    const missing = await post(local.endpoint, 'Logs_20140328.FilterLogEvents', { logGroupName: '/nope' });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    expect(missing.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    local.scriptFault('FilterLogEvents', { kind: 'throttle' });
    const throttled = await post(local.endpoint, 'Logs_20140328.FilterLogEvents', { logGroupName: '/nope' });
    expect([throttled.status, throttled.body.__type, throttled.body.message]).toEqual([
      400,
      'ThrottlingException',
      'Rate exceeded',
    ]);
  });

  it('answers Lambda errors with x-amzn-errortype and a {"Type", "Message"} body', async () => {
    const response = await fetch(`${local.endpoint}/2015-03-31/functions/nope/configuration`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await response.json()).toEqual({
      Type: 'User',
      Message: 'Function not found: arn:aws:lambda:us-east-1:284719365021:function:nope',
    });
    local.scriptFault('GetPolicy', { kind: 'throttle', retryAfterSeconds: 1 });
    const throttled = await fetch(`${local.endpoint}/2015-03-31/functions/orders-get-order/policy`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(await throttled.json()).toMatchObject({ Reason: 'CallerRateLimitExceeded' });
  });

  it('marks CloudWatch errors query-compatible (x-amzn-query-error)', async () => {
    local.scriptFault('DescribeAlarms', { kind: 'throttle' });
    const throttled = await post(
      local.endpoint,
      'GraniteServiceVersion20100801.DescribeAlarms',
      {},
      'application/x-amz-json-1.0',
    );
    expect(throttled.headers.get('x-amzn-query-error')).toBe('Throttling;Sender');
    const client = createCloudWatchClient(localSettings(local.endpoint));
    local.scriptFault('DescribeAlarms', { kind: 'throttle', times: 2 });
    const { MetricAlarms } = await client.send(
      new DescribeAlarmsCommand({ AlarmNames: ['orders-api-prod-5xx'] }),
    );
    expect(
      local
        .callsOf('DescribeAlarms')
        .slice(-3)
        .map((c) => c.status),
    ).toEqual([400, 400, 200]);
    expect(MetricAlarms?.[0]).toMatchObject({
      AlarmName: 'orders-api-prod-5xx',
      StateValue: 'ALARM',
      MetricName: '5XXError',
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Sum',
      Threshold: 5,
      TreatMissingData: 'notBreaching',
      Dimensions: [
        { Name: 'ApiName', Value: 'orders-api' },
        { Name: 'Stage', Value: 'prod' },
      ],
      StateUpdatedTimestamp: new Date('2024-11-01T12:01:10.123Z'),
    });
    const none = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'other-' }));
    expect(none.MetricAlarms).toEqual([]);
  });

  it('serves DescribeLogGroups by prefix', async () => {
    const logs = createLogsClient(localSettings(local.endpoint));
    const { logGroups } = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: 'API-Gateway' }),
    );
    expect(logGroups?.map((g) => g.logGroupName)).toEqual(['API-Gateway-Execution-Logs_k7x2m9p4qa/prod']);
    expect(logGroups?.[0]?.logGroupArn).toBe(
      'arn:aws:logs:us-east-1:284719365021:log-group:API-Gateway-Execution-Logs_k7x2m9p4qa/prod',
    );
  });

  it('serves Secrets Manager GetSecretValue from the secrets map', async () => {
    const secrets = createSecretsManagerClient(localSettings(local.endpoint));
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: 'triage/slack' }));
    expect(JSON.parse(secret.SecretString ?? '')).toEqual({ token: 'xoxb-test' });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'other' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('records SQS SendMessage with a body MD5 the client accepts', async () => {
    const sqs = createSqsClient(localSettings(local.endpoint));
    const body = JSON.stringify({ alarm: 'orders-api-prod-5xx', note: 'ünïcode' });
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: local.queueUrl('triage-dlq'), MessageBody: body }),
    );
    expect(local.sentMessages.at(-1)).toMatchObject({
      body,
      messageId: sent.MessageId,
      queueUrl: local.queueUrl('triage-dlq'),
    });
  });

  it('adds latency per operation and records timing', async () => {
    local.setLatency('GetSecretValue', 120);
    const secrets = createSecretsManagerClient(localSettings(local.endpoint));
    await secrets.send(new GetSecretValueCommand({ SecretId: 'triage/slack' }));
    const call = local.callsOf('GetSecretValue').at(-1);
    expect(call?.durationMs).toBeGreaterThanOrEqual(110);
    expect(call?.startedAt).toBeGreaterThan(Date.parse('2024-01-01'));
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const unknown = await post(local.endpoint, 'Logs_20140328.PutLogEvents', {});
    expect([unknown.status, unknown.body.__type]).toEqual([400, 'UnknownOperationException']);
    expect(
      (await fetch(`${local.endpoint}/2015-03-31/functions/x/invocations`, { method: 'POST' })).status,
    ).toBe(400);
  });

  it('is reached by clients configured only through AWS_ENDPOINT_URL', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = local.endpoint;
    try {
      const config = { region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 };
      const logs = new CloudWatchLogsClient(config);
      const page = await logs.send(
        new FilterLogEventsCommand({ logGroupName: '/aws/lambda/orders-get-order', limit: 1 }),
      );
      expect(page.events).toHaveLength(1);
      const lambda = new LambdaClient(config);
      const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders-get-order' }));
      expect(fn.Timeout).toBe(3);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});
