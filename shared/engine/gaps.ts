import type { IncidentData } from '../domain/incident.ts';
import { RootCause } from '../domain/root-cause.ts';
import type { AlarmFacts } from '../parse/alarm.ts';
import type { ClassifiedFailure } from './causes/cause-rule.ts';
import { plural } from './format.ts';

const RAN_FUNCTION: ReadonlySet<RootCause> = new Set<RootCause>([
  RootCause.LAMBDA_TIMEOUT,
  RootCause.LAMBDA_UNHANDLED_ERROR,
  RootCause.LAMBDA_INIT_ERROR,
  RootCause.LAMBDA_OUT_OF_MEMORY,
  RootCause.LAMBDA_PAYLOAD_TOO_LARGE,
  RootCause.LAMBDA_MALFORMED_RESPONSE,
  RootCause.BACKEND_RETURNED_5XX,
  RootCause.UNKNOWN,
]);

const ACCESS_FIELDS =
  '$context.requestId, $context.status, $context.resourcePath (REST) or $context.routeKey (HTTP), $context.error.responseType, $context.integrationErrorMessage, $context.integrationStatus and $context.integration.requestId';

export interface GapInput {
  incident: IncidentData;
  alarm: AlarmFacts;
  executionLogGroup?: string;
  accessLogGroup?: string;
  /** Function name → its log group, for the functions the failures point at. */
  functionGroups: ReadonlyMap<string, string>;
  failures: readonly ClassifiedFailure[];
  unrecognisedLines: number;
}

/** What the triage could not see, each with how to turn it on. */
export function findGaps(input: GapInput): string[] {
  const { incident, alarm } = input;
  const api = incident.api;
  const gaps: string[] = [];
  // A group the collector could not read is explained by its collection gap, not called missing.
  const unread = new Set(incident.unreadLogGroups ?? []);
  const executionUnread = api.executionLogGroup !== undefined && unread.has(api.executionLogGroup);
  const accessUnread = api.accessLogGroup !== undefined && unread.has(api.accessLogGroup);
  if (api.kind === 'REST' && !input.executionLogGroup && !executionUnread) {
    const group =
      api.executionLogGroup ??
      (api.apiId ? `API-Gateway-Execution-Logs_${api.apiId}/${api.stage}` : 'the execution log group');
    gaps.push(
      `Execution logging is off for stage ${api.stage} (no ${group}): turn it on with \`aws apigateway update-stage --rest-api-id ${api.apiId ?? 'API_ID'} --stage-name ${api.stage} --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO\` (the account needs its API Gateway CloudWatch role).`,
    );
  }
  if (
    !input.accessLogGroup &&
    !accessUnread &&
    (api.kind === 'HTTP' || (!input.executionLogGroup && !executionUnread))
  ) {
    gaps.push(
      `No access log for stage ${api.stage}${api.accessLogGroup ? ` (${api.accessLogGroup} does not exist)` : ''}: add one with ${ACCESS_FIELDS}.`,
    );
  }
  for (const [name, group] of input.functionGroups) {
    if (!Object.hasOwn(incident.logGroups, group) && !unread.has(group))
      gaps.push(
        `Log group ${group} of ${name} was not found: the function did not log in the window, or logs to another group (LoggingConfig.LogGroup).`,
      );
  }
  for (const [name, failure] of Object.entries(incident.functionLookups ?? {})) {
    const reason =
      failure === 'not-found'
        ? 'does not exist'
        : failure === 'access-denied'
          ? 'could not be read (access denied)'
          : 'could not be read';
    gaps.push(
      `The configuration of ${name} ${reason}: remediation uses defaults where its settings were needed.`,
    );
  }
  // Rejected invokes never start an invocation: only the causes where the function ran count here.
  const lambdaFailures = input.failures.filter(
    (f) =>
      RAN_FUNCTION.has(f.category) &&
      (f.request?.integration?.kind === 'lambda' || (!f.request?.integration && f.functionName)),
  );
  const unjoined = lambdaFailures.filter((f) => f.joinedBy === 'none' && f.request).length;
  if (unjoined > 0 && lambdaFailures.length > 0) {
    gaps.push(
      `${plural(unjoined, 'failing request')} to Lambda could not be matched to an invocation in the function's log (no Lambda request id in the gateway log, or the invocation never started).`,
    );
  }
  // Failing requests with neither a route nor an error line: only more logging can explain them.
  const unexplained = input.failures.filter(
    (f) => f.category === RootCause.UNKNOWN && f.request && !f.functionName,
  ).length;
  if (unexplained > 0) {
    const steps: string[] = [];
    if (api.kind === 'REST' && input.executionLogGroup) {
      steps.push(
        `log the stage at INFO level (\`aws apigateway update-stage --rest-api-id ${api.apiId ?? 'API_ID'} --stage-name ${api.stage} --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO\`)`,
      );
    }
    steps.push(`log ${ACCESS_FIELDS} in the access log`);
    gaps.push(
      `${plural(unexplained, 'failing request')} ${unexplained === 1 ? 'shows' : 'show'} neither the integration nor an error in the gateway log: ${steps.join(' and ')}.`,
    );
  }
  if (input.unrecognisedLines > 0)
    gaps.push(
      `${plural(input.unrecognisedLines, 'gateway log line')} had a format the triage does not know; they were kept out of the analysis.`,
    );
  for (const warning of alarm.warnings) gaps.push(`Alarm message: ${warning}.`);
  for (const gap of incident.collectionGaps ?? []) gaps.push(gap);
  if (incident.sampling && incident.sampling.kept < incident.sampling.seen) {
    gaps.push(
      `Only ${incident.sampling.kept} of ${incident.sampling.seen} failing requests were followed in full (sample cap); counts cover all of them.`,
    );
  }
  return gaps;
}
