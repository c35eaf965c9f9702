import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseClientConfig,
  createAwsClients,
  createSecretsManagerClient,
  DEFAULT_MAX_ATTEMPTS,
} from '../../shared/adapters/aws/clients.ts';
import { type LocalAws, startLocalAws } from '../../shared/local/aws/index.ts';
import { FAKE_CREDENTIALS, localSettings, syntheticIncident } from './support.ts';

describe('AWS client factory', () => {
  let local: LocalAws;
  beforeAll(async () => {
    local = await startLocalAws({ incident: syntheticIncident(1), secrets: { s: 'v' } });
  });
  afterAll(() => local.close());

  it('defaults to adaptive retries with 5 attempts and leaves endpoint and region to the SDK', () => {
    expect(baseClientConfig()).toEqual({ retryMode: 'adaptive', maxAttempts: DEFAULT_MAX_ATTEMPTS });
    const injected = localSettings('http://127.0.0.1:1');
    expect(baseClientConfig(injected)).toEqual({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      credentials: FAKE_CREDENTIALS,
      retryStrategy: injected.retryStrategy,
    });
  });

  it('builds each client once, on first use', () => {
    const clients = createAwsClients(localSettings(local.endpoint));
    expect(clients.logs).toBe(clients.logs);
    expect(clients.dynamo).toBe(clients.dynamo);
    expect(Object.keys(clients)).toEqual([
      'logs',
      'lambda',
      'cloudWatch',
      'dynamoDb',
      'dynamo',
      'secretsManager',
      'sqs',
    ]);
    // The DocumentClient wraps the same plain client Powertools idempotency uses: one connection pool.
    expect((clients.dynamo as unknown as { config: unknown }).config).toBe(clients.dynamoDb.config);
  });

  it('fails a hung request after requestTimeoutMs', async () => {
    local.scriptFault('GetSecretValue', { kind: 'slow', ms: 5_000 });
    const client = createSecretsManagerClient({
      endpoint: local.endpoint,
      region: 'us-east-1',
      credentials: FAKE_CREDENTIALS,
      maxAttempts: 1,
      requestTimeoutMs: 150,
    });
    const started = performance.now();
    await expect(client.send(new GetSecretValueCommand({ SecretId: 's' }))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
