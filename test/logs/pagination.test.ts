import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/domain/bundle.ts';
import { InvalidNextTokenError } from '../../shared/logs/errors.ts';
import { cutPage, type EventPage, readAllPages, sortByTimestamp } from '../../shared/logs/pagination.ts';

const events: LogEvent[] = Array.from({ length: 50 }, (_, i) => ({
  timestamp: 1000 + i,
  logStreamName: 's',
  message: `event ${i}${i % 7 === 0 ? ' MATCH' : ''}`,
}));
const all = () => true;

describe('cutPage', () => {
  it('returns events in timestamp order, ties in stored order', () => {
    const sorted = sortByTimestamp([
      { timestamp: 2, logStreamName: 'a', message: 'second' },
      { timestamp: 1, logStreamName: 'b', message: 'first' },
      { timestamp: 2, logStreamName: 'c', message: 'third' },
    ]);
    expect(sorted.map((e) => e.message)).toEqual(['first', 'second', 'third']);
  });

  it('cuts at the event and byte limits and continues from the token', () => {
    const first = cutPage(events, {}, all, { maxEvents: 20, maxBytes: 1_000_000 });
    expect(first.events).toHaveLength(20);
    const second = cutPage(events, { ...(first.nextToken ? { nextToken: first.nextToken } : {}) }, all, {
      maxEvents: 20,
      maxBytes: 1_000_000,
    });
    expect(second.events[0]?.message).toBe('event 20');
    // 26 bytes of overhead per event: "event 0 MATCH" = 39, "event 1" = 33, "event 2" = 33.
    const bytes = cutPage(events, {}, all, { maxEvents: 100, maxBytes: 105 });
    expect(bytes.events).toHaveLength(3);
    expect(bytes.nextToken).toBeDefined();
  });

  it('gives empty pages with a token while scanning, and no token past endTime', () => {
    const page = cutPage(events, { startTime: 1001 }, (m) => m.includes('MATCH'), {
      maxEvents: 100,
      maxBytes: 1_000_000,
      scanChunk: 5,
    });
    expect(page.events).toEqual([]);
    expect(page.nextToken).toBeDefined();
    expect(
      cutPage(events, { endTime: 1004 }, all, { maxEvents: 100, maxBytes: 1e6 }).nextToken,
    ).toBeUndefined();
  });

  it('refuses a token it did not hand out', () => {
    expect(() => cutPage(events, { nextToken: 'garbage!' }, all, { maxEvents: 1, maxBytes: 1e6 })).toThrow(
      InvalidNextTokenError,
    );
  });
});

describe('readAllPages', () => {
  const fetcher = (cut: { scanChunk?: number }, matches: (m: string) => boolean = all) => {
    const requests: { limit?: number; nextToken?: string }[] = [];
    const fetch = async (request: { limit?: number; nextToken?: string }): Promise<EventPage> => {
      requests.push(request);
      return cutPage(events, request, matches, { maxEvents: 10_000, maxBytes: 1e6, ...cut });
    };
    return { fetch, requests };
  };

  it('follows tokens through empty pages to the end', async () => {
    const { fetch } = fetcher({ scanChunk: 10 }, (m) => m.includes('MATCH'));
    const read = await readAllPages(fetch);
    expect(read.events.map((e) => e.message)).toEqual(
      [0, 7, 14, 21, 28, 35, 42, 49].map((i) => `event ${i} MATCH`),
    );
    expect(read).toMatchObject({ truncated: false, calls: 5 });
  });

  it('asks for one more than it needs, so truncated is exact', async () => {
    const cut = await readAllPages(fetcher({}).fetch, 10);
    expect(cut).toMatchObject({ truncated: true, calls: 1 });
    expect(cut.events).toHaveLength(10);
    const whole = await readAllPages(fetcher({}).fetch, 50);
    expect(whole).toMatchObject({ truncated: false });
    expect(whole.events).toHaveLength(50);
    const { fetch, requests } = fetcher({});
    await readAllPages(fetch, 10);
    expect(requests[0]).toEqual({ limit: 11 });
  });

  it('stops before the next page once the signal is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const read = readAllPages(
      async () => {
        calls += 1;
        controller.abort();
        return { events: [], nextToken: 'more' };
      },
      undefined,
      controller.signal,
    );
    await expect(read).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
