import type { LogEvent } from '../domain/bundle.ts';

/** One read of one log group: a time range and, optionally, a CloudWatch Logs filter pattern. */
export interface LogEventQuery {
  logGroup: string;
  /** Epoch milliseconds, inclusive. */
  startTime: number;
  /** Epoch milliseconds, inclusive. */
  endTime: number;
  /** CloudWatch Logs filter pattern syntax; absent: every event. */
  filterPattern?: string;
  /** Stop after this many events (the result says it was cut). */
  limit?: number;
  signal?: AbortSignal;
}

export interface LogEventRead {
  events: LogEvent[];
  /** True when `limit` cut the read short. */
  truncated: boolean;
  /** API calls (pages) it took. */
  calls: number;
}

/**
 * Reads log events. Real implementation: CloudWatch Logs FilterLogEvents; the other one serves an
 * incident bundle. A group that does not exist rejects with LogGroupNotFoundError, a denied read with
 * AccessDeniedError (shared/ports/errors.ts).
 */
export interface LogReader {
  readEvents(query: LogEventQuery): Promise<LogEventRead>;
}
