import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogsClient } from '../../shared/adapters/aws/clients.ts';
import { CloudWatchLogsReader } from '../../shared/adapters/aws/cloudwatch-logs-reader.ts';
import { type LocalAws, startLocalAws } from '../../shared/local/aws/index.ts';
import { InvalidFilterPatternError } from '../../shared/logs/errors.ts';
import { AccessDeniedError, LogGroupNotFoundError } from '../../shared/ports/errors.ts';
import { FAKE_CREDENTIALS, localSettings, syntheticIncident } from './support.ts';

const GROUP = 'API-Gateway-Execution-Logs_abc/prod';
const START = Date.UTC(2024, 10, 1, 12);
const incident = syntheticIncident(300, START);
const window = { logGroup: GROUP, startTime: START, endTime: START + 3_600_000 };

describe('CloudWatchLogsReader against the local Logs endpoint', () => {
  let local: LocalAws;
  let reader: CloudWatchLogsReader;

  beforeAll(async () => {
    // 40 events scanned per call: most filtered pages come back empty with a nextToken, as on AWS.
    local = await startLocalAws({ incident, logsPaging: { scanChunk: 40 } });
    reader = new CloudWatchLogsReader(createLogsClient(localSettings(local.endpoint)));
  });
  afterAll(() => local.close());
  afterEach(() => {
    local.clearFaults();
    local.calls.length = 0;
  });

  it('reads every page, including empty pages that carry a nextToken', async () => {
    const read = await reader.readEvents({ ...window, filterPattern: '"status: 502"' });
    expect(read.events).toHaveLength(30);
    expect(read.events.every((e) => e.message.endsWith('status: 502'))).toBe(true);
    expect(read.truncated).toBe(false);
    expect(read.calls).toBe(8);
    expect(local.callsOf('FilterLogEvents')).toHaveLength(8);
    const params = local.callsOf('FilterLogEvents')[0]?.params;
    expect(params).toMatchObject({ logGroupName: GROUP, startTime: START, filterPattern: '"status: 502"' });
  });

  it('honours the inclusive time range', async () => {
    const read = await reader.readEvents({
      logGroup: GROUP,
      startTime: START + 10_000,
      endTime: START + 19_000,
    });
    expect(read.events.map((e) => e.timestamp)).toEqual(
      Array.from({ length: 10 }, (_, i) => START + (10 + i) * 1000),
    );
  });

  it('stops at the limit and says the read was cut', async () => {
    const read = await reader.readEvents({ ...window, limit: 25 });
    expect(read.events).toHaveLength(25);
    expect(read.truncated).toBe(true);
    const exact = await reader.readEvents({ ...window, filterPattern: '"status: 502"', limit: 30 });
    expect(exact).toMatchObject({ truncated: false });
    expect(exact.events).toHaveLength(30);
  });

  it('translates a missing group, a denied read and a refused pattern', async () => {
    await expect(reader.readEvents({ ...window, logGroup: '/aws/lambda/gone' })).rejects.toBeInstanceOf(
      LogGroupNotFoundError,
    );
    local.scriptFault('FilterLogEvents', { kind: 'access-denied' });
    const denied = reader.readEvents(window);
    await expect(denied).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(reader.readEvents({ ...window, filterPattern: 'user@example.com' })).rejects.toBeInstanceOf(
      InvalidFilterPatternError,
    );
  });

  it('lets the SDK retry throttling until it succeeds, attempts counted on the server', async () => {
    local.scriptFault('FilterLogEvents', { kind: 'throttle', times: 3 });
    const read = await reader.readEvents({ ...window, limit: 5 });
    expect(read.events).toHaveLength(5);
    const attempts = local.callsOf('FilterLogEvents');
    expect(attempts.map((c) => c.status)).toEqual([400, 400, 400, 200]);
    expect(attempts.slice(0, 3).every((c) => c.fault === 'throttle')).toBe(true);
  });

  it('retries 5xx answers', async () => {
    local.scriptFault('FilterLogEvents', { kind: 'server-error', status: 503, times: 2 });
    const read = await reader.readEvents({ ...window, limit: 1 });
    expect(read.events).toHaveLength(1);
    expect(local.callsOf('FilterLogEvents').map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('gives up after maxAttempts and surfaces the throttling error', async () => {
    local.scriptFault('FilterLogEvents', { kind: 'throttle', times: 10 });
    await expect(reader.readEvents(window)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(local.callsOf('FilterLogEvents')).toHaveLength(4);
  });

  it('aborts a slow answer in bounded time when the signal fires', async () => {
    local.scriptFault('FilterLogEvents', { kind: 'slow', ms: 10_000 });
    const started = performance.now();
    await expect(reader.readEvents({ ...window, signal: AbortSignal.timeout(150) })).rejects.toMatchObject({
      name: expect.stringMatching(/Abort|Timeout/),
    });
    expect(performance.now() - started).toBeLessThan(1_500);
    await expect.poll(() => local.callsOf('FilterLogEvents')[0]?.aborted).toBe(true);
  });

  it('retries a throttle with the production client config (adaptive mode, 5 attempts)', async () => {
    const client = createLogsClient({
      endpoint: local.endpoint,
      region: 'us-east-1',
      credentials: FAKE_CREDENTIALS,
    });
    expect(await client.config.maxAttempts()).toBe(5);
    const mode = client.config.retryMode;
    expect(typeof mode === 'function' ? await mode() : mode).toBe('adaptive');
    local.scriptFault('FilterLogEvents', { kind: 'throttle' });
    const read = await new CloudWatchLogsReader(client).readEvents({ ...window, limit: 2 });
    expect(read.events).toHaveLength(2);
    expect(local.callsOf('FilterLogEvents').map((c) => c.status)).toEqual([400, 200]);
  });
});
