import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseClientConfig, createDynamoDocumentClient } from '../../shared/adapters/aws/clients.ts';
import {
  DynamoIncidentStore,
  idempotencyPersistenceOptions,
  incidentKey,
} from '../../shared/adapters/aws/incident-store.ts';
import { createIncidentTable, type LocalDynamo, startLocalDynamo } from '../../shared/local/aws/index.ts';
import { localSettings } from './support.ts';

const TABLE = 'triage-state';
const ALARM = 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-api-prod-5xx';
const FIRED = '2024-11-01T12:01:12.000Z';
const DAY = 86_400;

describe('DynamoIncidentStore on dynalite', () => {
  let dynamo: LocalDynamo;
  let raw: DynamoDBClient;
  let clock = Date.parse(FIRED);
  let store: DynamoIncidentStore;

  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    raw = new DynamoDBClient(baseClientConfig(localSettings(dynamo.endpoint)));
    expect(await createIncidentTable(raw, TABLE)).toEqual({ ttlEnabled: false });
    store = new DynamoIncidentStore({
      client: createDynamoDocumentClient(localSettings(dynamo.endpoint)),
      tableName: TABLE,
      now: () => clock,
    });
  });
  afterAll(async () => {
    raw.destroy();
    await dynamo.close();
  });

  it('creates the table with the shared key schema', async () => {
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: TABLE }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
  });

  it('opens an incident once; a repeat ALARM gets the open one back instead of overwriting it', async () => {
    const first = await store.openIncident({
      alarmArn: ALARM,
      channel: 'C0123',
      ts: '1730462472.000100',
      firedAt: FIRED,
      stateChangeTime: '2024-11-01T12:01:10.123+0000',
    });
    expect(first.created).toBe(true);
    expect(first.incident.expiresAt).toBe(Date.parse(FIRED) / 1000 + 30 * DAY);

    clock += 5 * 60_000;
    const repeat = await store.openIncident({
      alarmArn: ALARM,
      channel: 'C0123',
      ts: '1730462772.000200',
      firedAt: '2024-11-01T12:06:12.000Z',
      stateChangeTime: '2024-11-01T12:06:10.000+0000',
    });
    expect(repeat).toEqual({ created: false, incident: first.incident });
    expect(await store.getOpenIncident(ALARM)).toEqual(first.incident);
  });

  it('stores the TTL attribute in epoch seconds under the incident key', async () => {
    const { Items } = await raw.send(new ScanCommand({ TableName: TABLE }));
    const item = Items?.find((i) => i.pk?.S === incidentKey(ALARM));
    expect(item?.expiresAt?.N).toBe(String(Date.parse(FIRED) / 1000 + 30 * DAY));
    expect(item?.status?.S).toBe('OPEN');
  });

  it('resolves the open incident once, with its duration', async () => {
    // The OK arrives when the alarm recovers; retention counts from that write.
    clock = Date.parse('2024-11-01T12:31:12.000Z');
    const resolved = await store.resolveIncident(ALARM, '2024-11-01T12:31:12.000Z');
    expect(resolved).toMatchObject({ status: 'RESOLVED', ts: '1730462472.000100', durationMs: 30 * 60_000 });
    expect(resolved?.expiresAt).toBe(Date.parse('2024-11-01T12:31:12.000Z') / 1000 + 30 * DAY);
    expect(await store.getOpenIncident(ALARM)).toBeUndefined();
    expect(await store.resolveIncident(ALARM, '2024-11-01T12:32:00.000Z')).toBeUndefined();
    expect(await store.resolveIncident(`${ALARM}-never-fired`, '2024-11-01T12:32:00.000Z')).toBeUndefined();
  });

  it('opens a new incident after the previous one was resolved', async () => {
    const next = await store.openIncident({
      alarmArn: ALARM,
      channel: 'C0123',
      ts: '1730470000.000300',
      firedAt: '2024-11-01T14:06:40.000Z',
      stateChangeTime: '2024-11-01T14:06:38.000+0000',
    });
    expect(next.created).toBe(true);
    expect((await store.getOpenIncident(ALARM))?.ts).toBe('1730470000.000300');
  });

  it('treats an expired item that TTL has not deleted yet as gone', async () => {
    const alarm = `${ALARM}-stale`;
    await store.openIncident({
      alarmArn: alarm,
      channel: 'C1',
      ts: '1.0',
      firedAt: FIRED,
      stateChangeTime: FIRED,
    });
    const later = clock;
    clock = Date.parse(FIRED) + 31 * DAY * 1000;
    try {
      expect(await store.getOpenIncident(alarm)).toBeUndefined();
      const reopened = await store.openIncident({
        alarmArn: alarm,
        channel: 'C1',
        ts: '2.0',
        firedAt: new Date(clock).toISOString(),
        stateChangeTime: FIRED,
      });
      expect(reopened).toMatchObject({ created: true, incident: { ts: '2.0' } });
    } finally {
      clock = later;
    }
  });

  it('shares the table with Powertools idempotency configured with keyAttr pk / expiryAttr expiresAt', async () => {
    const persistenceStore = new DynamoDBPersistenceLayer({
      ...idempotencyPersistenceOptions(TABLE),
      awsSdkV3Client: raw,
    });
    let runs = 0;
    const handle = makeIdempotent(
      async (event: { id: string }) => {
        runs += 1;
        return { handled: event.id };
      },
      { persistenceStore },
    );
    expect(await handle({ id: 'sns-message-1' })).toEqual({ handled: 'sns-message-1' });
    expect(await handle({ id: 'sns-message-1' })).toEqual({ handled: 'sns-message-1' });
    expect(runs).toBe(1);
    const { Items } = await raw.send(new ScanCommand({ TableName: TABLE }));
    const record = Items?.find((i) => i.pk?.S !== undefined && !i.pk.S.startsWith('incident#'));
    expect(record?.expiresAt?.N).toMatch(/^\d{10}$/);
    expect(record?.status?.S).toBe('COMPLETED');
  });
});
