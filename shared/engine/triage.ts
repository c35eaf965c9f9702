import type { Route } from '../domain/bundle.ts';
import type { IncidentData } from '../domain/incident.ts';
import type { CorrelationCoverage, ReportApi, TriageReport } from '../domain/report.ts';
import { alarmUrl } from '../links/console-links.ts';
import { type AlarmFacts, parseAlarm } from '../parse/alarm.ts';
import type { ClassifiedFailure } from './causes/cause-rule.ts';
import { classify } from './classify.ts';
import { correlate } from './correlate.ts';
import { findGaps } from './gaps.ts';
import { mergeAccessRecords, readAccessLog, readExecutionLog } from './gateway-requests.ts';
import { invocationFailed, readFunctionLog } from './invocations.ts';
import { buildLinks } from './links.ts';
import type { CorrelatedFailure, FunctionLog, GatewayRequest } from './model.ts';
import { buildReport } from './report.ts';
import { incidentWindow, type TimeWindow } from './window.ts';

export interface TriageOptions {
  /** Minutes of logs before the alarm's evaluation window (default 5). */
  lookbackMinutes?: number;
}

/**
 * The engine: incident data (a bundle, or what the live collector read) → triage report.
 * Pure: no AWS, no Slack, no clock. Never throws on data it does not know; what it could not use
 * becomes a gap in the report.
 */
export function triage(data: IncidentData, options: TriageOptions = {}): TriageReport {
  const incident = withOwnKeysOnly(data);
  const alarm = parseAlarm(incident.alarm);
  const api = reportApi(incident, alarm);
  const window = incidentWindow(alarm, options.lookbackMinutes ?? 5) ?? eventsWindow(incident);
  const routes = incident.api.routes ?? [];

  const executionLogGroup = presentGroup(incident, incident.api.executionLogGroup);
  const accessLogGroup = presentGroup(incident, incident.api.accessLogGroup);
  const execution = executionLogGroup
    ? readExecutionLog(executionLogGroup, incident.logGroups[executionLogGroup] ?? [], routes)
    : { failing: [], requestsSeen: 0, unrecognisedLines: 0 };
  const access = accessLogGroup
    ? readAccessLog(accessLogGroup, incident.logGroups[accessLogGroup] ?? [])
    : { failing: [], requestsSeen: 0, unrecognisedLines: 0 };
  const requests: GatewayRequest[] = mergeAccessRecords(execution.failing, access.failing);

  const functionGroups = functionLogGroups(incident);
  const functionLogs = new Map<string, FunctionLog>();
  for (const [name, group] of functionGroups) {
    const events = incident.logGroups[group];
    if (events) functionLogs.set(name, readFunctionLog(name, group, events));
  }

  let correlated: CorrelatedFailure[];
  let source: CorrelationCoverage['source'];
  if (requests.length > 0) {
    correlated = correlate(incident, requests, functionLogs);
    source =
      execution.failing.length > 0 && access.failing.length > 0
        ? 'both'
        : execution.failing.length > 0
          ? 'execution-logs'
          : 'access-logs';
  } else {
    correlated = functionOnlyFailures(incident, functionLogs);
    source =
      correlated.length > 0
        ? 'function-logs-only'
        : executionLogGroup || accessLogGroup
          ? 'execution-logs'
          : 'none';
    if (source === 'execution-logs' && !executionLogGroup) source = 'access-logs';
  }
  const failures: ClassifiedFailure[] = correlated.map((failure) => classify(failure, incident.functions));
  inferRoutes(failures, routes);

  const blamed = blamedFunctions(failures, functionGroups);
  const linkResult = api.region
    ? buildLinks({
        region: api.region,
        alarmName: alarm.name,
        api: { kind: api.kind, id: api.id, stage: api.stage },
        executionLogGroup,
        accessLogGroup,
        functions: blamed,
        failures,
        window,
      })
    : { links: [], problems: ['the Region is unknown, so no console link could be built'] };

  const gaps = findGaps({
    incident,
    alarm,
    executionLogGroup,
    accessLogGroup,
    functionGroups: new Map(blamed.filter((f) => f.logGroup).map((f) => [f.name, f.logGroup as string])),
    failures,
    unrecognisedLines: execution.unrecognisedLines + access.unrecognisedLines,
  });
  if (source === 'function-logs-only') {
    gaps.unshift(
      "No gateway log names the failing requests: the causes below come from the functions' own logs and may include invocations that were not behind the 5XX responses.",
    );
  }
  gaps.push(...linkResult.problems);

  return buildReport({
    incident,
    alarm,
    api,
    window,
    failures,
    functionLogs,
    source,
    gaps,
    links: linkResult.links,
    alarmLink: safeAlarmLink(api.region, alarm.name),
  });
}

/** A request whose route the logs do not give: the one route configured for its function, if only one. */
function inferRoutes(failures: ClassifiedFailure[], routes: readonly Route[]): void {
  for (const failure of failures) {
    const request = failure.request;
    if (!request || request.resource || !failure.functionName) continue;
    const candidates = routes.filter((route) => route.functionName === failure.functionName);
    const only = candidates.length === 1 ? candidates[0] : undefined;
    if (only) {
      request.resource = only.resource;
      request.httpMethod ??= only.method;
    }
  }
}

function reportApi(incident: IncidentData, alarm: AlarmFacts): ReportApi {
  return {
    kind: incident.api.kind,
    id: incident.api.apiId ?? alarm.api.apiId,
    name: incident.api.apiName ?? alarm.api.apiName,
    stage: incident.api.stage ?? alarm.api.stage ?? '',
    region: incident.api.region ?? alarm.region ?? '',
    accountId: incident.api.accountId ?? alarm.accountId,
  };
}

function presentGroup(incident: IncidentData, group: string | undefined): string | undefined {
  return group && group in incident.logGroups ? group : undefined;
}

/** Function name → its log group: LoggingConfig.LogGroup, else the default, else the group's own name. */
export function functionLogGroups(incident: IncidentData): Map<string, string> {
  const groups = new Map<string, string>();
  for (const [name, facts] of Object.entries(incident.functions)) {
    groups.set(name, facts.configuration.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`);
  }
  const claimed = new Set(groups.values());
  for (const group of Object.keys(incident.logGroups)) {
    if (
      claimed.has(group) ||
      group === incident.api.executionLogGroup ||
      group === incident.api.accessLogGroup
    )
      continue;
    const match = /^\/aws\/lambda\/(.+)$/.exec(group);
    if (match?.[1]) groups.set(match[1], group);
  }
  for (const route of incident.api.routes ?? []) {
    if (route.functionName && !groups.has(route.functionName))
      groups.set(route.functionName, `/aws/lambda/${route.functionName}`);
  }
  return groups;
}

/** With no gateway log of the failing requests, the failed invocations of the API's functions are the only lead. */
function functionOnlyFailures(
  incident: IncidentData,
  functionLogs: ReadonlyMap<string, FunctionLog>,
): CorrelatedFailure[] {
  const failures: CorrelatedFailure[] = [];
  for (const log of functionLogs.values()) {
    for (const invocation of log.byStart) {
      if (!invocationFailed(invocation)) continue;
      failures.push({
        functionName: log.functionName,
        facts: incident.functions[log.functionName],
        invocation,
        joinedBy: 'none',
      });
    }
  }
  return failures;
}

function blamedFunctions(
  failures: readonly ClassifiedFailure[],
  groups: ReadonlyMap<string, string>,
): Array<{ name: string; logGroup?: string }> {
  const counts = new Map<string, number>();
  for (const failure of failures)
    if (failure.functionName) counts.set(failure.functionName, (counts.get(failure.functionName) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => ({ name, logGroup: groups.get(name) }));
}

/**
 * Log group and function names come from the bundle: a group named `constructor` or `valueOf` must
 * not find Object.prototype's members, so the lookups see own keys only.
 */
function withOwnKeysOnly(data: IncidentData): IncidentData {
  const own = <T>(record: Record<string, T> | undefined): Record<string, T> | undefined =>
    record && Object.assign(Object.create(null) as Record<string, T>, record);
  return {
    ...data,
    logGroups: own(data.logGroups) ?? {},
    functions: own(data.functions) ?? {},
    functionLookups: own(data.functionLookups),
  };
}

/** Beyond ±8.64e15 ms a Date is invalid (and toISOString throws): such stamps are damage, not time. */
const MAX_DATE_MS = 8.64e15;

function eventsWindow(incident: IncidentData): TimeWindow {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const events of Object.values(incident.logGroups)) {
    for (const event of events) {
      if (!(Math.abs(event.timestamp) <= MAX_DATE_MS)) continue;
      if (event.timestamp < start) start = event.timestamp;
      if (event.timestamp > end) end = event.timestamp;
    }
  }
  return Number.isFinite(start) ? { start, end } : { start: 0, end: 0 };
}

function safeAlarmLink(region: string, name: string): string {
  try {
    return region ? alarmUrl(region, name) : '';
  } catch {
    return '';
  }
}
