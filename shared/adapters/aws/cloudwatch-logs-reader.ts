import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvalidFilterPatternError } from '../../logs/errors.ts';
import { readAllPages } from '../../logs/pagination.ts';
import { AccessDeniedError, LogGroupNotFoundError } from '../../ports/errors.ts';
import type { LogEventQuery, LogEventRead, LogReader } from '../../ports/log-reader.ts';
import { ACCESS_DENIED_CODES, serviceErrorFacts } from './aws-errors.ts';

/**
 * LogReader on CloudWatch Logs FilterLogEvents (IAM: logs:FilterLogEvents on the group).
 * Walks every page (empty pages with a nextToken are normal), stops once `limit` is passed, counts the
 * calls. Throttling and 5xx are retried inside the SDK by the client's retry strategy (see clients.ts);
 * what still fails is translated into the port's errors.
 */
export class CloudWatchLogsReader implements LogReader {
  private readonly client: CloudWatchLogsClient;

  constructor(client: CloudWatchLogsClient) {
    this.client = client;
  }

  async readEvents(query: LogEventQuery): Promise<LogEventRead> {
    const { logGroup, startTime, endTime, filterPattern, limit, signal } = query;
    try {
      return await readAllPages(
        async ({ limit: pageLimit, nextToken }) => {
          const output = await this.client.send(
            new FilterLogEventsCommand({
              logGroupName: logGroup,
              startTime,
              endTime,
              ...(filterPattern ? { filterPattern } : {}),
              ...(pageLimit !== undefined ? { limit: pageLimit } : {}),
              ...(nextToken !== undefined ? { nextToken } : {}),
            }),
            signal ? { abortSignal: signal } : {},
          );
          return {
            events: (output.events ?? []).map((event) => ({
              timestamp: event.timestamp ?? 0,
              logStreamName: event.logStreamName ?? '',
              message: event.message ?? '',
            })),
            nextToken: output.nextToken || undefined,
          };
        },
        limit,
        signal,
      );
    } catch (error) {
      throw translate(error, query);
    }
  }
}

function translate(error: unknown, query: LogEventQuery): unknown {
  const { code, message } = serviceErrorFacts(error);
  if (code === 'ResourceNotFoundException')
    return new LogGroupNotFoundError(query.logGroup, { cause: error });
  if (ACCESS_DENIED_CODES.has(code)) return new AccessDeniedError(query.logGroup, message, { cause: error });
  if (code === 'InvalidParameterException' && query.filterPattern && /pattern|term/i.test(message)) {
    const reason = message.replace(/^Invalid filter pattern:?\s*/i, '') || message;
    return new InvalidFilterPatternError(query.filterPattern, reason, undefined, { cause: error });
  }
  return error;
}
