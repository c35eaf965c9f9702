import { collectIncident } from '../collect/collect-incident.ts';
import type { IncidentData } from '../domain/incident.ts';
import type { ReportLink, TriageReport } from '../domain/report.ts';
import { triage } from '../engine/triage.ts';
import { incidentWindow, type TimeWindow } from '../engine/window.ts';
import { alarmUrl, logEventsUrl } from '../links/console-links.ts';
import type { AlarmFacts } from '../parse/alarm.ts';
import type { FunctionInspector } from '../ports/function-inspector.ts';
import type { LogReader } from '../ports/log-reader.ts';
import type { UntriagedAlertInput } from '../slack/render-lifecycle.ts';
import type { ApiTarget } from './api-target.ts';

export interface LiveTriageRequest {
  message: Record<string, unknown>;
  alarm: AlarmFacts;
  target: ApiTarget;
  logs: LogReader;
  lambda: FunctionInspector;
  now: () => number;
  /** Epoch ms by which a result (report or fallback) must be ready. */
  deadline: number;
  lookbackMinutes: number;
  maxFailingRequests: number;
  progress?: (message: string) => void;
}

export type LiveTriageOutcome =
  | {
      kind: 'report';
      report: TriageReport;
      incident: IncidentData;
      calls: { logs: number; lambda: number };
      durationMs: number;
    }
  | {
      kind: 'untriaged';
      untriaged: UntriagedAlertInput;
      calls: { logs: number; lambda: number };
      durationMs: number;
    };

/** Time kept back from the deadline for the engine itself after the reads. */
const ENGINE_RESERVE_MS = 1_500;

/**
 * Reads the incident from AWS and runs the engine, within the deadline. Whatever goes wrong, the
 * outcome is something to post: the report, or the alarm facts with links and what could not be
 * checked (the alarm is never dropped because the triage failed).
 */
export async function runLiveTriage(request: LiveTriageRequest): Promise<LiveTriageOutcome> {
  const started = request.now();
  const window = liveWindow(request);
  const calls = { logs: 0, lambda: 0 };
  try {
    const collection = await withDeadline(
      collectIncident({
        message: request.message,
        api: request.target.api,
        functions: request.target.functions,
        window,
        mode: 'triage',
        maxFailingRequests: request.maxFailingRequests,
        deadline: request.deadline - ENGINE_RESERVE_MS,
        now: request.now,
        logs: request.logs,
        lambda: request.lambda,
        progress: request.progress,
      }),
      request.deadline - request.now(),
    );
    calls.logs = collection.calls.logs;
    calls.lambda = collection.calls.lambda;
    const incident = collection.incident;
    const { executionLogGroup, accessLogGroup } = request.target.api;
    const gatewayGroups = [executionLogGroup, accessLogGroup].filter((group): group is string => !!group);
    if (gatewayGroups.length > 0 && gatewayGroups.every((group) => collection.unread.includes(group))) {
      // Without the gateway's own logs the engine would take "could not read" for "not there" and
      // tell the reader to turn on logging that is on: better say what could not be checked.
      return {
        kind: 'untriaged',
        untriaged: untriagedInput(request, window, [
          'The gateway logs could not be read, so the failing requests are not known.',
          ...(incident.collectionGaps ?? []),
        ]),
        calls,
        durationMs: request.now() - started,
      };
    }
    if (!request.target.configured) {
      incident.collectionGaps = [
        `The API of this alarm is not in the triage configuration, so only the alarm's own facts were used: add it (${request.alarm.api.apiName ?? request.alarm.api.apiId ?? 'API'}, stage ${request.alarm.api.stage ?? '?'}) to the config file and redeploy.`,
        ...(incident.collectionGaps ?? []),
      ];
    }
    const report = triage(incident, { lookbackMinutes: request.lookbackMinutes });
    return { kind: 'report', report, incident, calls, durationMs: request.now() - started };
  } catch (error) {
    return {
      kind: 'untriaged',
      untriaged: untriagedInput(request, window, describeFailure(error)),
      calls,
      durationMs: request.now() - started,
    };
  }
}

/** The incident window, cut at now: logs from the future do not exist yet. */
function liveWindow(request: LiveTriageRequest): TimeWindow {
  const now = request.now();
  const window = incidentWindow(request.alarm, request.lookbackMinutes) ?? {
    start: now - (request.lookbackMinutes + 5) * 60_000,
    end: now,
  };
  return { start: window.start, end: Math.min(window.end, now) };
}

function describeFailure(error: unknown): string {
  if (error instanceof DeadlineError) return 'the triage ran out of time before it could read the logs';
  return `the triage failed: ${(error as Error)?.message ?? String(error)}`;
}

/** What can still be said without the logs: the alarm, its links, what could not be checked. */
export function untriagedInput(
  request: Pick<LiveTriageRequest, 'alarm' | 'target'>,
  window: TimeWindow,
  problem: string | readonly string[],
): UntriagedAlertInput {
  const { alarm, target } = request;
  const region = alarm.region ?? target.api.region ?? '';
  const links: ReportLink[] = [];
  const add = (label: string, build: () => string): void => {
    try {
      if (region) links.push({ label, url: build() });
    } catch {
      // A link that cannot be built is left out.
    }
  };
  add('CloudWatch alarm', () => alarmUrl(region, alarm.name));
  const { executionLogGroup, accessLogGroup } = target.api;
  if (executionLogGroup) {
    add('Gateway execution log: 5xx responses', () =>
      logEventsUrl(region, executionLogGroup, {
        filterPattern: '"Method completed with status: 5"',
        start: window.start,
        end: window.end,
      }),
    );
  }
  if (accessLogGroup)
    add('Gateway access log', () =>
      logEventsUrl(region, accessLogGroup, { start: window.start, end: window.end }),
    );
  return {
    alarm: {
      name: alarm.name,
      state: alarm.state,
      previousState: alarm.previousState,
      reason: alarm.reason,
      changedAt: alarm.changedAt !== undefined ? new Date(alarm.changedAt).toISOString() : '',
      link: links[0]?.url ?? '',
      arn: alarm.arn,
      description: alarm.description,
    },
    api: {
      kind: target.api.kind,
      id: target.api.apiId,
      name: target.api.apiName,
      stage: target.api.stage,
      region,
      accountId: target.api.accountId ?? alarm.accountId,
    },
    window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
    links,
    problems: [
      ...(typeof problem === 'string' ? [problem] : problem),
      'The gateway and function logs were not checked: open them from the links.',
    ],
  };
}

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError('deadline')), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
