import { describe, expect, it } from 'vitest';
import { triage } from '../../shared/engine/triage.ts';
import { corpusBundle } from '../support/corpus.ts';

/** The confidence says how the evidence was joined: by Lambda request id, or by weaker signs. */
describe('confidence follows the join', () => {
  it('a timeout joined by time counts for less than the same timeout joined by request id', () => {
    const joined = corpusBundle('fn-node-timeout-inventory-call.json');
    const byTime = corpusBundle('fn-node-timeout-inventory-call.json');
    const group = byTime.api.executionLogGroup ?? '';
    // The same gateway log without any Lambda request id: only the timing links the two logs.
    byTime.logGroups[group] = (byTime.logGroups[group] ?? [])
      .filter((event) => !event.message.includes('AWS Integration Endpoint RequestId'))
      .map((event) => ({
        ...event,
        message: event.message
          .replace(/x-amzn-RequestId=[\w-]+, /, '')
          .replace(/ Lambda request id: [\w-]+$/, '')
          .replace(/RequestId: [\w-]+ Error: /, 'Error: '),
      }));

    const strong = triage(joined);
    const weak = triage(byTime);
    expect(strong.correlation.joinedByRequestId).toBe(strong.correlation.failingRequests);
    expect(weak.correlation.joinedByRequestId).toBe(0);
    expect(weak.correlation.joinedByWeakerEvidence).toBeGreaterThan(0);
    expect(weak.rootCause.category).toBe('LAMBDA_TIMEOUT');
    expect(weak.rootCause.confidence).toBeLessThan(strong.rootCause.confidence);
  });
});
