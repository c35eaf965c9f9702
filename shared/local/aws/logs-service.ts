import { createHash } from 'node:crypto';
import type { LogEvent } from '../../domain/bundle.ts';
import type { IncidentData } from '../../domain/incident.ts';
import { InvalidFilterPatternError, InvalidNextTokenError } from '../../logs/errors.ts';
import { compileFilterPattern } from '../../logs/filter-pattern.ts';
import { cutPage, FILTER_LOG_EVENTS_PAGE, type PageCut, sortByTimestamp } from '../../logs/pagination.ts';
import { LocalServiceError } from './errors.ts';
import {
  type JsonRpcService,
  jsonFaultError,
  type LocalContext,
  numberParam,
  optional,
  stringParam,
} from './wire.ts';

/** CloudWatch Logs (awsJson1_1, `Logs_20140328.*`): FilterLogEvents and DescribeLogGroups over the incident. */
export function logsService(
  incident: Pick<IncidentData, 'logGroups'>,
  ctx: LocalContext,
  cut: Partial<PageCut> = {},
): JsonRpcService {
  const sorted = new Map<string, LogEvent[]>();
  const pageCut: PageCut = { ...FILTER_LOG_EVENTS_PAGE, ...cut };
  const groupArn = (name: string) => `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;

  const eventsOf = (params: Record<string, unknown>): { name: string; events: LogEvent[] } => {
    const identifier = stringParam(params, 'logGroupName') ?? stringParam(params, 'logGroupIdentifier');
    if (!identifier) throw invalidParameter('logGroupName or logGroupIdentifier is required');
    const name = identifier.startsWith('arn:')
      ? identifier.replace(/^arn:[^:]*:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '')
      : identifier;
    const stored = Object.hasOwn(incident.logGroups, name) ? incident.logGroups[name] : undefined;
    if (!stored)
      throw new LocalServiceError(
        400,
        'ResourceNotFoundException',
        'The specified log group does not exist.',
      );
    let events = sorted.get(name);
    if (!events) {
      events = sortByTimestamp(stored);
      sorted.set(name, events);
    }
    return { name, events };
  };

  return {
    name: 'logs',
    targetPrefix: 'Logs_20140328',
    protocol: 'awsJson1_1',
    faultError: (fault, operation) =>
      jsonFaultError(
        fault,
        operation,
        {
          throttle: 'ThrottlingException',
          server: 'ServiceUnavailableException',
          denied: 'AccessDeniedException',
        },
        'logs',
        ctx.accountId,
      ),
    operations: {
      FilterLogEvents: (params) => {
        const { events: all } = eventsOf(params);
        const streams = streamFilter(params);
        // Token positions index this list; a caller keeps the same stream filter across pages.
        const events = streams ? all.filter((event) => streams(event.logStreamName)) : all;
        const limit = numberParam(params, 'limit');
        if (
          limit !== undefined &&
          (limit < 1 || limit > FILTER_LOG_EVENTS_PAGE.maxEvents || !Number.isInteger(limit))
        ) {
          throw invalidParameter(
            `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint`,
          );
        }
        let matches: (message: string) => boolean;
        try {
          matches = compileFilterPattern(stringParam(params, 'filterPattern') ?? '');
        } catch (error) {
          if (error instanceof InvalidFilterPatternError)
            throw invalidParameter(`Invalid filter pattern: ${error.reason}`);
          throw error;
        }
        const request = {
          ...optional('startTime', numberParam(params, 'startTime')),
          ...optional('endTime', numberParam(params, 'endTime')),
          ...optional('limit', limit),
          ...optional('nextToken', stringParam(params, 'nextToken')),
        };
        try {
          const page = cutPage(events, request, (message) => matches(message), pageCut);
          return {
            events: page.events.map((event) => ({
              logStreamName: event.logStreamName,
              timestamp: event.timestamp,
              message: event.message,
              ingestionTime: event.timestamp + 250,
              eventId: eventId(event),
            })),
            searchedLogStreams: [],
            ...optional('nextToken', page.nextToken),
          };
        } catch (error) {
          if (error instanceof InvalidNextTokenError)
            throw invalidParameter('The specified nextToken is invalid.');
          throw error;
        }
      },
      DescribeLogGroups: (params) => {
        const prefix = stringParam(params, 'logGroupNamePrefix') ?? '';
        const pattern = stringParam(params, 'logGroupNamePattern');
        const limit = numberParam(params, 'limit') ?? 50;
        const offset = Number(stringParam(params, 'nextToken') ?? '0') || 0;
        const names = Object.keys(incident.logGroups)
          .filter((name) => name.startsWith(prefix) && (!pattern || name.includes(pattern)))
          .sort();
        const page = names.slice(offset, offset + limit);
        return {
          logGroups: page.map((name) => ({
            logGroupName: name,
            creationTime: 1_700_000_000_000,
            metricFilterCount: 0,
            arn: `${groupArn(name)}:*`,
            logGroupArn: groupArn(name),
            storedBytes: 0,
          })),
          ...optional('nextToken', offset + limit < names.length ? String(offset + limit) : undefined),
        };
      },
    },
  };
}

function invalidParameter(message: string): LocalServiceError {
  return new LocalServiceError(400, 'InvalidParameterException', message);
}

function streamFilter(params: Record<string, unknown>): ((stream: string) => boolean) | undefined {
  const names = params.logStreamNames;
  if (Array.isArray(names) && names.length > 0) {
    const wanted = new Set(names.filter((name): name is string => typeof name === 'string'));
    return (stream) => wanted.has(stream);
  }
  const prefix = stringParam(params, 'logStreamNamePrefix');
  return prefix ? (stream) => stream.startsWith(prefix) : undefined;
}

function eventId(event: LogEvent): string {
  // AWS event ids are opaque digit strings; a digest keeps them stable across pages and runs.
  const digest = createHash('sha256').update(`${event.logStreamName}\n${event.timestamp}\n${event.message}`);
  return BigInt(`0x${digest.digest('hex')}`)
    .toString()
    .slice(0, 56);
}
