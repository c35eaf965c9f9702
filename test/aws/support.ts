import { readFileSync } from 'node:fs';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsClientSettings } from '../../shared/adapters/aws/clients.ts';
import { BundleSchema, type IncidentBundle } from '../../shared/domain/bundle.ts';

/** Helpers for tests that run the real SDK clients against the local endpoints (no AWS, no credentials). */

export const CORPUS_DIR = new URL('../../../shared/corpus/', import.meta.url);

export function loadCorpusBundle(id: string): IncidentBundle {
  return BundleSchema.parse(JSON.parse(readFileSync(new URL(`${id}.json`, CORPUS_DIR), 'utf8')));
}

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };

/** Client settings for a local endpoint: fake keys and the SDK's retry strategy with 5 ms delays. */
export function localSettings(endpoint: string, maxAttempts = 4): AwsClientSettings {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: FAKE_CREDENTIALS,
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 5),
  };
}

/** A small incident: one gateway group with `count` events a second apart, one function. */
export function syntheticIncident(count: number, start = Date.UTC(2024, 10, 1, 12)) {
  const events = Array.from({ length: count }, (_, i) => ({
    timestamp: start + i * 1000,
    logStreamName: `stream-${i % 3}`,
    message:
      i % 10 === 0
        ? `(req-${i}) Method completed with status: 502`
        : `(req-${i}) Method completed with status: 200`,
  }));
  return {
    alarm: {},
    api: {
      kind: 'REST' as const,
      apiName: 'orders',
      stage: 'prod',
      region: 'us-east-1',
      accountId: '111122223333',
    },
    logGroups: { 'API-Gateway-Execution-Logs_abc/prod': events },
    functions: {},
  };
}
