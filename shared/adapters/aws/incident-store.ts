import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { serviceErrorFacts } from './aws-errors.ts';

/**
 * Where the Slack thread of an open incident lives, keyed by alarm ARN: the first ALARM posts and
 * records `{channel, ts}`; a repeat ALARM finds it and replies in the thread; OK resolves it (thread
 * reply with the duration, `chat.update` of the parent).
 *
 * Table layout (shared with Powertools idempotency, one table, one TTL attribute):
 * - partition key `pk` (String), no sort key; TTL attribute `expiresAt` (Number, epoch seconds);
 * - incident items: `pk = "incident#<alarm ARN>"`;
 * - Powertools items: configure it with `idempotencyPersistenceOptions(tableName)`
 *   (`keyAttr: 'pk', expiryAttr: 'expiresAt'`); its keys look like `<function>#<hash>`, so they never
 *   collide with `incident#…`, and its `status` values (INPROGRESS/COMPLETED) with ours only by name.
 */

export const INCIDENT_TABLE_KEYS = { partitionKey: 'pk', ttlAttribute: 'expiresAt' } as const;

/** Options for Powertools' DynamoDBPersistenceLayer so its records fit this table. */
export function idempotencyPersistenceOptions(tableName: string): {
  tableName: string;
  keyAttr: 'pk';
  expiryAttr: 'expiresAt';
} {
  return {
    tableName,
    keyAttr: INCIDENT_TABLE_KEYS.partitionKey,
    expiryAttr: INCIDENT_TABLE_KEYS.ttlAttribute,
  };
}

export const IncidentStatus = { Open: 'OPEN', Resolved: 'RESOLVED' } as const;

export const IncidentRecordSchema = z.object({
  alarmArn: z.string().min(1),
  channel: z.string().min(1),
  /** The parent message's ts: replies go to `thread_ts = ts`. */
  ts: z.string().min(1),
  /** When the triage handled the first ALARM (ISO-8601). */
  firedAt: z.string().min(1),
  /** The alarm's StateChangeTime of that ALARM, as the alarm wrote it. */
  stateChangeTime: z.string().min(1),
  status: z.enum([IncidentStatus.Open, IncidentStatus.Resolved]),
  resolvedAt: z.string().optional(),
  /** The parent alert as posted (JSON of the SlackMessage), to rewrite it in place on OK. */
  parentMessage: z.string().optional(),
  /** TTL, epoch seconds. */
  expiresAt: z.number().int(),
});

export type IncidentRecord = z.infer<typeof IncidentRecordSchema>;
export type OpenIncidentInput = Pick<
  IncidentRecord,
  'alarmArn' | 'channel' | 'ts' | 'firedAt' | 'stateChangeTime' | 'parentMessage'
>;
export type ResolvedIncident = IncidentRecord & {
  status: 'RESOLVED';
  resolvedAt: string;
  durationMs: number;
};

export interface IncidentStore {
  /** Records a new incident; if one is already open for the alarm it is returned untouched. */
  openIncident(input: OpenIncidentInput): Promise<{ created: boolean; incident: IncidentRecord }>;
  getOpenIncident(alarmArn: string): Promise<IncidentRecord | undefined>;
  /** Marks the open incident resolved and returns it; undefined when none was open (a repeat OK). */
  resolveIncident(alarmArn: string, resolvedAt: string): Promise<ResolvedIncident | undefined>;
}

export interface DynamoIncidentStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** How long a record outlives its last change; default 30 days. */
  retentionDays?: number;
  /** Epoch ms; injected so expiry decisions are testable. */
  now?: () => number;
}

const DAY_SECONDS = 86_400;

export class DynamoIncidentStore implements IncidentStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retentionSeconds: number;
  private readonly now: () => number;

  constructor(options: DynamoIncidentStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.retentionSeconds = Math.round((options.retentionDays ?? 30) * DAY_SECONDS);
    this.now = options.now ?? Date.now;
  }

  async openIncident(input: OpenIncidentInput): Promise<{ created: boolean; incident: IncidentRecord }> {
    const incident: IncidentRecord = {
      ...input,
      status: IncidentStatus.Open,
      // Retention counts from when the record is written: old alarm times must not expire it at once.
      expiresAt: this.nowSeconds() + this.retentionSeconds,
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: incidentKey(input.alarmArn), ...incident },
          // A resolved or expired-but-not-yet-deleted item (TTL deletes lazily) may be replaced.
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :resolved OR expiresAt < :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':resolved': IncidentStatus.Resolved, ':now': this.nowSeconds() },
        }),
      );
      return { created: true, incident };
    } catch (error) {
      if (serviceErrorFacts(error).code !== 'ConditionalCheckFailedException') throw error;
      const existing = await this.read(input.alarmArn);
      if (existing) return { created: false, incident: existing };
      throw error;
    }
  }

  async getOpenIncident(alarmArn: string): Promise<IncidentRecord | undefined> {
    const record = await this.read(alarmArn);
    if (!record || record.status !== IncidentStatus.Open || record.expiresAt < this.nowSeconds())
      return undefined;
    return record;
  }

  async resolveIncident(alarmArn: string, resolvedAt: string): Promise<ResolvedIncident | undefined> {
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: incidentKey(alarmArn) },
          UpdateExpression: 'SET #status = :resolved, resolvedAt = :resolvedAt, expiresAt = :expiresAt',
          ConditionExpression: '#status = :open AND expiresAt >= :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':resolved': IncidentStatus.Resolved,
            ':open': IncidentStatus.Open,
            ':resolvedAt': resolvedAt,
            ':expiresAt': this.nowSeconds() + this.retentionSeconds,
            ':now': this.nowSeconds(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const record = IncidentRecordSchema.parse(output.Attributes);
      return {
        ...record,
        status: IncidentStatus.Resolved,
        resolvedAt,
        durationMs: Math.max(0, Date.parse(resolvedAt) - Date.parse(record.firedAt)),
      };
    } catch (error) {
      if (serviceErrorFacts(error).code === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  private async read(alarmArn: string): Promise<IncidentRecord | undefined> {
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: incidentKey(alarmArn) }, ConsistentRead: true }),
    );
    return output.Item ? IncidentRecordSchema.parse(output.Item) : undefined;
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

export function incidentKey(alarmArn: string): string {
  return `incident#${alarmArn}`;
}
