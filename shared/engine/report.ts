import type { IncidentData } from '../domain/incident.ts';
import type {
  CauseGroup,
  CorrelationCoverage,
  DeployNotice,
  ReportApi,
  ReportRootCause,
  RouteCount,
  TriageReport,
} from '../domain/report.ts';
import { ROOT_CAUSES, RootCause } from '../domain/root-cause.ts';
import { type AlarmFacts, describeAlarmCondition } from '../parse/alarm.ts';
import { parseAwsTimestamp } from '../parse/json.ts';
import type { CauseContext, ClassifiedFailure, FailureGroup } from './causes/cause-rule.ts';
import { RULE_BY_CATEGORY } from './causes/index.ts';
import { pickEvidence } from './evidence.ts';
import { clockTime, isoTime, plural } from './format.ts';
import { mostCommon } from './group-facts.ts';
import type { FunctionLog } from './model.ts';
import type { TimeWindow } from './window.ts';

export interface ReportInput {
  incident: IncidentData;
  alarm: AlarmFacts;
  api: ReportApi;
  window: TimeWindow;
  failures: ClassifiedFailure[];
  functionLogs: ReadonlyMap<string, FunctionLog>;
  source: CorrelationCoverage['source'];
  gaps: string[];
  links: TriageReport['links'];
  alarmLink: string;
}

/** How much a share below 1 lowers the confidence in the dominant cause. */
const SHARE_WEIGHT = 0.45;
/** With no gateway log naming the failing requests, a cause is at best a lead. */
const FUNCTION_ONLY_CAP = 0.5;
/** The dominant cause is UNKNOWN when most failing requests have no explanation. */
const UNKNOWN_MAJORITY = 0.5;
const DEPLOY_LOOKBACK_MINUTES = 120;

export function groupFailures(failures: readonly ClassifiedFailure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of failures) {
    const key = `${failure.category}|${failure.functionName ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { category: failure.category, functionName: failure.functionName, failures: [] };
      groups.set(key, group);
    }
    group.failures.push(failure);
  }
  const precedence = (category: RootCause): number => ROOT_CAUSES.indexOf(category);
  return [...groups.values()].sort(
    (a, b) => b.failures.length - a.failures.length || precedence(a.category) - precedence(b.category),
  );
}

export function buildReport(input: ReportInput): TriageReport {
  const { incident, alarm, failures } = input;
  const total = failures.length;
  const context = causeContext(input);
  const groups = groupFailures(failures);
  const deploys = findDeploys(incident, failures);
  const causes: CauseGroup[] = groups.map((group) => describeGroup(group, total, context, input.source));
  const rootCause = chooseRootCause(groups, causes, total, context, deploys, input);
  const seen = Math.max(total, incident.sampling?.seen ?? 0);
  return {
    reportVersion: 1,
    alarm: {
      name: alarm.name,
      state: alarm.state,
      previousState: alarm.previousState,
      reason: alarm.reason,
      changedAt: alarm.changedAt !== undefined ? isoTime(alarm.changedAt) : '',
      link: input.alarmLink,
      arn: alarm.arn,
      description: alarm.description,
      condition: describeAlarmCondition(alarm),
    },
    api: input.api,
    window: { start: isoTime(input.window.start), end: isoTime(input.window.end) },
    rootCause,
    causes,
    affected: {
      requests: seen,
      routes: countRoutes(failures),
      functions: [
        ...new Set(
          failures
            .filter((f) => f.category !== RootCause.UNKNOWN)
            .map((f) => f.functionName)
            .filter((n): n is string => Boolean(n)),
        ),
      ],
    },
    links: input.links,
    gaps: input.gaps,
    deploys,
    correlation: coverage(failures, input.source, incident),
  };
}

function causeContext(input: ReportInput): CauseContext {
  return {
    api: input.api,
    functionFacts: (name) => (name ? input.incident.functions[name] : undefined),
    functionLog: (name) => (name ? input.functionLogs.get(name) : undefined),
    lookupFailure: (name) => (name ? input.incident.functionLookups?.[name] : undefined),
    totalFailing: input.failures.length,
  };
}

function describeGroup(
  group: FailureGroup,
  total: number,
  context: CauseContext,
  source: CorrelationCoverage['source'],
): CauseGroup {
  const rule = RULE_BY_CATEGORY.get(group.category);
  const share = total === 0 ? 0 : group.failures.length / total;
  let remediation: string[] = [];
  try {
    remediation = rule ? rule.remediate(group, context) : [];
  } catch (error) {
    remediation = [`(remediation could not be written: ${(error as Error).message})`];
  }
  const strength =
    group.failures.reduce((sum, failure) => sum + failure.strength, 0) / Math.max(1, group.failures.length);
  const statusCodes = [
    ...new Set(group.failures.map((f) => f.request?.status).filter((s): s is number => s !== undefined)),
  ].sort();
  return {
    category: group.category,
    requests: group.failures.length,
    share: round(share),
    evidence: pickEvidence(group.failures),
    remediation,
    functionName: group.functionName,
    statusCodes,
    routes: countRoutes(group.failures),
    confidence: round(source === 'function-logs-only' ? Math.min(strength, FUNCTION_ONLY_CAP) : strength),
  };
}

function chooseRootCause(
  groups: FailureGroup[],
  causes: CauseGroup[],
  total: number,
  context: CauseContext,
  deploys: DeployNotice[],
  input: ReportInput,
): ReportRootCause {
  if (total === 0) {
    return {
      category: RootCause.UNKNOWN,
      confidence: 0,
      summary:
        input.source === 'none'
          ? 'No gateway or function log shows a failing request in the window; the gaps say which logs to turn on.'
          : 'No failing request was found in the logs of the window; the alarm may count requests whose logs are not delivered yet, or logging is incomplete.',
    };
  }
  const unknownShare =
    groups.filter((g) => g.category === RootCause.UNKNOWN).reduce((n, g) => n + g.failures.length, 0) / total;
  const knownIndex = groups.findIndex((group) => group.category !== RootCause.UNKNOWN);
  const known = knownIndex >= 0 ? groups[knownIndex] : undefined;
  const knownCause = knownIndex >= 0 ? causes[knownIndex] : undefined;
  if (!known || !knownCause || unknownShare > UNKNOWN_MAJORITY) {
    const unknown = groups.find((group) => group.category === RootCause.UNKNOWN);
    return {
      category: RootCause.UNKNOWN,
      confidence: round(unknownShare),
      summary: `${plural(unknown?.failures.length ?? total, 'failing request')} of ${total} show no sign of why they failed${known ? ` (the rest: ${RULE_BY_CATEGORY.get(known.category)?.describe(known, context) ?? known.category})` : ''}; the gaps say which logs would tell.`,
      statusCode: mostCommon(
        input.failures.map((f) => f.request?.status).filter((s): s is number => s !== undefined),
      ),
    };
  }
  const share = known.failures.length / total;
  const confidence = (knownCause.confidence ?? 0) * (1 - SHARE_WEIGHT + SHARE_WEIGHT * share);
  const statusCode = mostCommon(
    known.failures.map((f) => f.request?.status).filter((s): s is number => s !== undefined),
  );
  const rule = RULE_BY_CATEGORY.get(known.category);
  const what = rule ? safeDescribe(() => rule.describe(known, context)) : known.category;
  const routes = countRoutes(known.failures);
  const routeText =
    routes.length > 0
      ? ` on ${routes
          .slice(0, 2)
          .map((r) => `${r.method} ${r.resource}`)
          .join(', ')}${routes.length > 2 ? ` and ${routes.length - 2} more` : ''}`
      : '';
  const deploy = deploys.find(
    (d) => d.functionName === known.functionName && d.minutesBeforeFirstFailure >= 0,
  );
  const deployText = deploy
    ? ` It started ${deployDelay(deploy.minutesBeforeFirstFailure)} after ${deploy.functionName} was changed (LastModified ${clockTime(Date.parse(deploy.lastModified))}).`
    : '';
  return {
    category: known.category,
    confidence: round(confidence),
    summary: `${what}: ${known.failures.length} of ${plural(total, 'failing request')}${routeText}${statusCode ? `, clients got ${statusCode}` : ''}.${deployText}`,
    statusCode,
    functionName: known.functionName,
  };
}

function deployDelay(minutes: number): string {
  if (minutes < 1) return 'less than a minute';
  return plural(Math.round(minutes), 'minute');
}

function safeDescribe(describe: () => string): string {
  try {
    return describe();
  } catch {
    return 'the cause could not be described';
  }
}

function countRoutes(failures: readonly ClassifiedFailure[]): RouteCount[] {
  const counts = new Map<string, RouteCount>();
  for (const failure of failures) {
    const request = failure.request;
    if (!request || (!request.resource && !request.path)) continue;
    const method = request.httpMethod ?? 'ANY';
    const resource = request.resource ?? request.path ?? '?';
    const key = `${method} ${resource}`;
    const count = counts.get(key) ?? { method, resource, count: 0 };
    count.count++;
    counts.set(key, count);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

/** Functions whose configuration changed within two hours before (or during) the failures. */
function findDeploys(incident: IncidentData, failures: readonly ClassifiedFailure[]): DeployNotice[] {
  const firstFailure = new Map<string, number>();
  for (const failure of failures) {
    if (!failure.functionName || failure.category === RootCause.UNKNOWN) continue;
    const at = failure.request?.firstSeen ?? failure.invocation?.startedAt;
    if (at === undefined) continue;
    const known = firstFailure.get(failure.functionName);
    if (known === undefined || at < known) firstFailure.set(failure.functionName, at);
  }
  const notices: DeployNotice[] = [];
  for (const [name, first] of firstFailure) {
    const lastModified = parseAwsTimestamp(incident.functions[name]?.configuration.LastModified);
    if (lastModified === undefined) continue;
    const minutes = (first - lastModified) / 60_000;
    if (minutes >= -5 && minutes <= DEPLOY_LOOKBACK_MINUTES) {
      notices.push({
        functionName: name,
        lastModified: isoTime(lastModified),
        minutesBeforeFirstFailure: round(minutes),
      });
    }
  }
  return notices;
}

function coverage(
  failures: readonly ClassifiedFailure[],
  source: CorrelationCoverage['source'],
  incident: IncidentData,
): CorrelationCoverage {
  const withRequest = failures.filter((f) => f.request);
  const result: CorrelationCoverage = {
    failingRequests: source === 'function-logs-only' ? 0 : withRequest.length,
    joinedByRequestId: withRequest.filter((f) => f.joinedBy === 'request-id').length,
    joinedByWeakerEvidence: withRequest.filter((f) => f.joinedBy === 'mention' || f.joinedBy === 'time')
      .length,
    notJoined: withRequest.filter((f) => f.joinedBy === 'none').length,
    source,
  };
  if (incident.sampling) result.sampled = incident.sampling;
  return result;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
