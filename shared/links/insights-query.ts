import { logsInsightsUrl } from './console-links.ts';
import { InvalidLinkInputError } from './errors.ts';

/** The largest `limit` Logs Insights accepts. */
export const INSIGHTS_MAX_LIMIT = 10_000;
/** Slack's limit for a button `url` (aws-facts.md §7.1). */
export const SLACK_BUTTON_URL_MAX = 3000;

const DEFAULT_MAX_IDS = 200;

export interface FailingRequestsQueryInput {
  /** Gateway request ids and Lambda request ids, mixed; the first ones are kept. */
  requestIds: readonly string[];
  /** At most this many ids go into the filter. Default 200. */
  maxIds?: number;
  /** The query's `limit`. Default 10,000 (the Insights maximum). */
  limit?: number;
}

// A line break would end the `filter` command; request ids never hold whitespace.
const UNUSABLE_ID = /[\s\p{Cc}]/u;

/** Trimmed, non-empty, whitespace-free ids, first occurrence kept. */
export function usableRequestIds(requestIds: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of requestIds) {
    const id = raw.trim();
    if (id !== '' && !UNUSABLE_ID.test(id)) seen.add(id);
  }
  return [...seen];
}

/** Escapes regex syntax and the `/` that closes an Insights regex literal. */
export function escapeInsightsRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function assertCount(field: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new InvalidLinkInputError(field, `${value} is not a whole number from 1 to ${max}`);
  }
}

/**
 * Logs Insights query text for every line that mentions one of the request ids, oldest first.
 * `@log` tells gateway lines from function lines when several groups are queried. With no
 * usable id the filter is left out: the query then lists every line of the window.
 */
export function buildFailingRequestsQuery(input: FailingRequestsQueryInput): string {
  const maxIds = input.maxIds ?? DEFAULT_MAX_IDS;
  const limit = input.limit ?? INSIGHTS_MAX_LIMIT;
  assertCount('maxIds', maxIds, Number.MAX_SAFE_INTEGER);
  assertCount('limit', limit, INSIGHTS_MAX_LIMIT);

  const ids = usableRequestIds(input.requestIds).slice(0, maxIds);
  const lines = ['fields @timestamp, @log, @logStream, @message'];
  if (ids.length > 0) lines.push(`| filter @message like /${ids.map(escapeInsightsRegex).join('|')}/`);
  lines.push('| sort @timestamp asc', `| limit ${limit}`);
  return lines.join('\n');
}

export interface FailingRequestsLink {
  logGroups: readonly string[];
  requestIds: readonly string[];
  /** Epoch ms. */
  start: number;
  /** Epoch ms. */
  end: number;
}

export interface FittedInsightsUrl {
  url: string;
  /** Ids in the query: the first `keptIds` of the usable ids. */
  keptIds: number;
  /** Usable ids given (trimmed, deduplicated), for "first N of M requests". */
  totalIds: number;
}

/**
 * The Insights link for the failing requests, with as many ids (the first ones) as fit in
 * `maxUrlLength` characters. `undefined` when not even one id fits (too many or too long log
 * group names); with no ids at all, the link lists the whole window.
 */
export function fitInsightsUrl(
  region: string,
  link: FailingRequestsLink,
  maxUrlLength: number = SLACK_BUTTON_URL_MAX,
): FittedInsightsUrl | undefined {
  const ids = usableRequestIds(link.requestIds);
  const urlWith = (count: number) =>
    logsInsightsUrl(region, {
      logGroups: link.logGroups,
      start: link.start,
      end: link.end,
      query: buildFailingRequestsQuery({ requestIds: ids.slice(0, count), maxIds: Math.max(count, 1) }),
    });

  // The length grows with every id, so the largest count that fits is found by bisection.
  let lo = ids.length === 0 ? 0 : 1;
  let best = urlWith(lo);
  if (best.length > maxUrlLength) return undefined;
  let hi = ids.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const url = urlWith(mid);
    if (url.length <= maxUrlLength) {
      lo = mid;
      best = url;
    } else {
      hi = mid - 1;
    }
  }
  return { url: best, keptIds: lo, totalIds: ids.length };
}
