import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { INCIDENT_TABLE_KEYS } from '../../adapters/aws/incident-store.ts';

/**
 * DynamoDB for tests and demos: dynalite (an in-memory emulator of the DynamoDB API) on its own
 * 127.0.0.1 port. Point the client at it with `endpoint`, or `AWS_ENDPOINT_URL_DYNAMODB`.
 */

type DynaliteFactory = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

export async function startLocalDynamo(): Promise<LocalDynamo> {
  // dynalite is CommonJS without type declarations; it is typed here by the one call made.
  const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Creates the state table with the key schema the incident store and Powertools idempotency share
 * (`pk` String hash key, on-demand) and turns TTL on `expiresAt` where the endpoint supports it
 * (dynalite does not implement UpdateTimeToLive: the attribute is still written, nothing expires).
 */
export async function createIncidentTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<{ ttlEnabled: boolean }> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: INCIDENT_TABLE_KEYS.partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: INCIDENT_TABLE_KEYS.partitionKey, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 1 }, { TableName: tableName });
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: INCIDENT_TABLE_KEYS.ttlAttribute, Enabled: true },
      }),
    );
    return { ttlEnabled: true };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'UnknownOperationException') return { ttlEnabled: false };
    throw error;
  }
}
