import type { LogEvent } from '../../domain/bundle.ts';
import type { IncidentData } from '../../domain/incident.ts';
import { compileFilterPattern } from '../../logs/filter-pattern.ts';
import { cutPage, FILTER_LOG_EVENTS_PAGE, readAllPages, sortByTimestamp } from '../../logs/pagination.ts';
import { LogGroupNotFoundError } from '../../ports/errors.ts';
import type { LogEventQuery, LogEventRead, LogReader } from '../../ports/log-reader.ts';

/**
 * LogReader served from an incident bundle: the same pages, filter semantics, limit and errors as
 * FilterLogEvents, so a replay reads exactly what the live triage read (and counts the same calls).
 */
export class BundleLogReader implements LogReader {
  private readonly groups: Record<string, LogEvent[]>;
  private readonly sorted = new Map<string, LogEvent[]>();

  constructor(incident: Pick<IncidentData, 'logGroups'>) {
    this.groups = incident.logGroups;
  }

  async readEvents(query: LogEventQuery): Promise<LogEventRead> {
    query.signal?.throwIfAborted();
    const events = this.sortedGroup(query.logGroup);
    const matches = compileFilterPattern(query.filterPattern ?? '');
    const window = { startTime: query.startTime, endTime: query.endTime };
    return readAllPages(
      async (request) => cutPage(events, { ...window, ...request }, matches, FILTER_LOG_EVENTS_PAGE),
      query.limit,
      query.signal,
    );
  }

  private sortedGroup(logGroup: string): LogEvent[] {
    const cached = this.sorted.get(logGroup);
    if (cached) return cached;
    const stored = Object.hasOwn(this.groups, logGroup) ? this.groups[logGroup] : undefined;
    if (!stored) throw new LogGroupNotFoundError(logGroup);
    const sorted = sortByTimestamp(stored);
    this.sorted.set(logGroup, sorted);
    return sorted;
  }
}
