import type { LogEvent } from '../domain/bundle.ts';
import type { LogEventRead } from '../ports/log-reader.ts';
import { InvalidNextTokenError } from './errors.ts';
import type { MessageMatcher } from './filter-pattern.ts';

/**
 * FilterLogEvents paging, both sides of it: how a page is cut from stored events (the local endpoint and
 * the bundle reader) and how a reader walks the pages (the SDK adapter and the bundle reader). Sharing
 * both is what makes a bundle replay count the same pages, events and truncation as the live API.
 */

/** One FilterLogEvents page holds at most 10,000 events or 1 MB, whichever comes first. */
export const FILTER_LOG_EVENTS_PAGE = { maxEvents: 10_000, maxBytes: 1_048_576 } as const;

/** CloudWatch Logs counts an event as its UTF-8 message plus 26 bytes of overhead. */
const EVENT_OVERHEAD_BYTES = 26;
const encoder = new TextEncoder();

export interface PageCut {
  maxEvents: number;
  maxBytes: number;
  /**
   * Stored events examined per call. AWS stops a call after scanning a slice of the group and answers
   * with whatever matched (often nothing) plus a nextToken; a finite value reproduces those empty pages.
   */
  scanChunk?: number;
}

export interface PageRequest {
  /** Epoch ms, inclusive. */
  startTime?: number;
  /** Epoch ms, inclusive. */
  endTime?: number;
  /** Most events this page may return (FilterLogEvents `limit`). */
  limit?: number;
  nextToken?: string;
}

export interface EventPage {
  events: LogEvent[];
  nextToken?: string | undefined;
}

/** Events in the order FilterLogEvents returns them: by timestamp, ties in stored order. */
export function sortByTimestamp(events: readonly LogEvent[]): LogEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index)
    .map(({ event }) => ({
      timestamp: event.timestamp,
      logStreamName: event.logStreamName,
      message: event.message,
    }));
}

/** Cuts one page out of `sorted` (from sortByTimestamp), starting where `request.nextToken` says. */
export function cutPage(
  sorted: readonly LogEvent[],
  request: PageRequest,
  matches: MessageMatcher,
  cut: PageCut,
): EventPage {
  const maxEvents = Math.min(cut.maxEvents, request.limit ?? cut.maxEvents);
  const scanEnd = Math.min(sorted.length, decodeToken(request.nextToken) + (cut.scanChunk ?? sorted.length));
  const events: LogEvent[] = [];
  let bytes = 0;
  let position = decodeToken(request.nextToken);
  for (; position < scanEnd && events.length < maxEvents; position += 1) {
    const event = sorted[position];
    if (!event) break;
    if (request.startTime !== undefined && event.timestamp < request.startTime) continue;
    if (request.endTime !== undefined && event.timestamp > request.endTime) continue;
    if (!matches(event.message)) continue;
    const size = encoder.encode(event.message).length + EVENT_OVERHEAD_BYTES;
    if (events.length > 0 && bytes + size > cut.maxBytes) break;
    bytes += size;
    events.push(event);
  }
  // Past endTime nothing further can match, so the last page carries no token.
  const beyondWindow =
    request.endTime !== undefined &&
    (sorted[position]?.timestamp ?? Number.POSITIVE_INFINITY) > request.endTime;
  const done = position >= sorted.length || beyondWindow;
  return done ? { events } : { events, nextToken: encodeToken(position) };
}

function encodeToken(position: number): string {
  return Buffer.from(JSON.stringify({ v: 1, at: position })).toString('base64url');
}

function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'at' in parsed) {
      const at = (parsed as { at: unknown }).at;
      if (typeof at === 'number' && Number.isInteger(at) && at >= 0) return at;
    }
  } catch (error) {
    throw new InvalidNextTokenError(token, { cause: error });
  }
  throw new InvalidNextTokenError(token);
}

/**
 * Reads every page until there is no nextToken (empty pages that carry a token are normal), or until
 * `limit` is passed. It asks for one event more than it still needs, so `truncated` is exact rather
 * than "a token was left over".
 */
export async function readAllPages(
  fetchPage: (request: { limit?: number; nextToken?: string }) => Promise<EventPage>,
  limit?: number,
  signal?: AbortSignal,
): Promise<LogEventRead> {
  const events: LogEvent[] = [];
  let calls = 0;
  let nextToken: string | undefined;
  do {
    signal?.throwIfAborted();
    const request: { limit?: number; nextToken?: string } = {};
    if (limit !== undefined) {
      request.limit = Math.min(Math.max(0, limit - events.length) + 1, FILTER_LOG_EVENTS_PAGE.maxEvents);
    }
    if (nextToken !== undefined) request.nextToken = nextToken;
    const page = await fetchPage(request);
    calls += 1;
    events.push(...page.events);
    if (limit !== undefined && events.length > limit) {
      return { events: events.slice(0, Math.max(0, limit)), truncated: true, calls };
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return { events, truncated: false, calls };
}
