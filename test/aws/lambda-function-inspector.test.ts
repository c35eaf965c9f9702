import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaClient } from '../../shared/adapters/aws/clients.ts';
import { LambdaFunctionInspector } from '../../shared/adapters/aws/lambda-function-inspector.ts';
import { type LocalAws, startLocalAws } from '../../shared/local/aws/index.ts';
import { localSettings } from './support.ts';

const configuration = (name: string) => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:us-east-1:111122223333:function:${name}`,
  Runtime: 'nodejs22.x',
  Handler: 'index.handler',
  Timeout: 3,
  MemorySize: 256,
  LastModified: '2024-10-17T09:41:22.000+0000',
  State: 'Active',
  LastUpdateStatus: 'Successful',
  LoggingConfig: { LogFormat: 'JSON', LogGroup: `/custom/${name}` },
});

const incident = {
  alarm: {},
  api: {
    kind: 'REST' as const,
    apiName: 'orders',
    stage: 'prod',
    region: 'us-east-1',
    accountId: '111122223333',
  },
  logGroups: {},
  functions: {
    'orders-get': {
      configuration: configuration('orders-get'),
      policy: '{"Version":"2012-10-17","Statement":[]}',
    },
    'orders-put': { configuration: configuration('orders-put'), policy: null, reservedConcurrency: 0 },
  },
  functionLookups: { 'orders-secret': 'access-denied' as const },
};

describe('LambdaFunctionInspector against the local Lambda endpoint', () => {
  let local: LocalAws;
  let inspector: LambdaFunctionInspector;

  beforeAll(async () => {
    local = await startLocalAws({ incident });
    inspector = new LambdaFunctionInspector(createLambdaClient(localSettings(local.endpoint, 3)));
  });
  afterAll(() => local.close());
  afterEach(() => {
    local.clearFaults();
    local.calls.length = 0;
  });

  it('reads the configuration, the policy and the reserved concurrency', async () => {
    const found = await inspector.getConfiguration('orders-get');
    expect(found).toEqual({ status: 'found', value: configuration('orders-get') });
    expect(await inspector.getPolicy('orders-get')).toEqual({
      status: 'found',
      value: '{"Version":"2012-10-17","Statement":[]}',
    });
    expect(await inspector.getReservedConcurrency('orders-get')).toEqual({ status: 'found', value: null });
    expect(await inspector.getReservedConcurrency('orders-put')).toEqual({ status: 'found', value: 0 });
    expect(local.calls.map((c) => [c.operation, c.params.FunctionName])).toEqual([
      ['GetFunctionConfiguration', 'orders-get'],
      ['GetPolicy', 'orders-get'],
      ['GetFunctionConcurrency', 'orders-get'],
      ['GetFunctionConcurrency', 'orders-put'],
    ]);
  });

  it('accepts a function ARN with a qualifier', async () => {
    const arn = 'arn:aws:lambda:us-east-1:111122223333:function:orders-get:live';
    expect((await inspector.getConfiguration(arn)).status).toBe('found');
  });

  it('turns a missing function or policy into not-found, never an exception', async () => {
    expect(await inspector.getConfiguration('orders-gone')).toEqual({ status: 'not-found' });
    expect(await inspector.getPolicy('orders-gone')).toEqual({ status: 'not-found' });
    expect(await inspector.getReservedConcurrency('orders-gone')).toEqual({ status: 'not-found' });
    expect(await inspector.getPolicy('orders-put')).toEqual({ status: 'not-found' });
    expect(local.calls.every((c) => c.status === 404)).toBe(true);
  });

  it('turns a denied call into access-denied', async () => {
    const denied = await inspector.getConfiguration('orders-secret');
    expect(denied).toMatchObject({
      status: 'access-denied',
      message: expect.stringContaining('not authorized'),
    });
    local.scriptFault('GetPolicy', { kind: 'access-denied' });
    expect((await inspector.getPolicy('orders-get')).status).toBe('access-denied');
  });

  it('lets the SDK retry a 429 TooManyRequestsException, then succeeds', async () => {
    local.scriptFault('GetFunctionConfiguration', { kind: 'throttle', times: 2 });
    expect((await inspector.getConfiguration('orders-get')).status).toBe('found');
    expect(local.callsOf('GetFunctionConfiguration').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('reports an error value once the retries are used up', async () => {
    local.scriptFault('GetPolicy', { kind: 'server-error', times: 5 });
    const result = await inspector.getPolicy('orders-get');
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('ServiceException') });
    expect(local.callsOf('GetPolicy')).toHaveLength(3);
  });

  it('reports an aborted lookup as an error value, in bounded time', async () => {
    local.scriptFault('GetFunctionConcurrency', { kind: 'slow', ms: 10_000 });
    const started = performance.now();
    const result = await inspector.getReservedConcurrency('orders-get', AbortSignal.timeout(100));
    expect(result.status).toBe('error');
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
