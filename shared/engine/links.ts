import type { ReportLink } from '../domain/report.ts';
import { alarmUrl, apiGatewayStageUrl, lambdaFunctionUrl, logEventsUrl } from '../links/console-links.ts';
import { fitInsightsUrl } from '../links/insights-query.ts';
import type { ClassifiedFailure } from './causes/cause-rule.ts';
import type { TimeWindow } from './window.ts';

export interface LinkInput {
  region: string;
  alarmName: string;
  api: { kind: 'REST' | 'HTTP'; id?: string; stage: string };
  executionLogGroup?: string;
  accessLogGroup?: string;
  /** Function name → its log group, for the functions to blame (dominant first). */
  functions: Array<{ name: string; logGroup?: string }>;
  /** Failing requests, dominant cause first. */
  failures: readonly ClassifiedFailure[];
  window: TimeWindow;
}

/**
 * Console deep links that open the evidence: a Logs Insights query over the gateway and function
 * groups for the failing request ids in the window (cut to fit a Slack button), the log groups, the
 * function and the alarm. A link that cannot be built is left out, never a broken URL.
 */
export function buildLinks(input: LinkInput): { links: ReportLink[]; problems: string[] } {
  const links: ReportLink[] = [];
  const problems: string[] = [];
  const attempt = (label: string, build: () => string | ReportLink | undefined): void => {
    try {
      const built = build();
      if (typeof built === 'string') links.push({ label, url: built });
      else if (built) links.push(built);
    } catch (error) {
      problems.push(`link "${label}" could not be built: ${(error as Error).message}`);
    }
  };
  const gatewayGroups = [input.executionLogGroup, input.accessLogGroup].filter((g): g is string =>
    Boolean(g),
  );
  const functionGroups = input.functions.map((f) => f.logGroup).filter((g): g is string => Boolean(g));
  const requestIds: string[] = [];
  for (const failure of input.failures) {
    if (failure.request?.requestId) requestIds.push(failure.request.requestId);
    const lambdaId = failure.invocation?.requestId ?? failure.request?.lambdaRequestId;
    if (lambdaId) requestIds.push(lambdaId);
  }
  const insightsGroups = [...gatewayGroups, ...functionGroups].slice(0, 50);
  if (insightsGroups.length > 0 && requestIds.length > 0) {
    attempt('Logs Insights', () => {
      const fitted = fitInsightsUrl(input.region, {
        logGroups: insightsGroups,
        requestIds,
        start: input.window.start,
        end: input.window.end,
      });
      if (!fitted) return undefined;
      const label =
        fitted.keptIds < fitted.totalIds
          ? `Logs Insights: first ${fitted.keptIds} of ${fitted.totalIds} request ids`
          : 'Logs Insights: the failing requests';
      return { label, url: fitted.url };
    });
  }
  // Most useful first: a Slack alert shows only the first five as buttons.
  const gatewayLog = (): void => {
    if (input.executionLogGroup) {
      const group = input.executionLogGroup;
      attempt('Gateway execution log: 5xx responses', () =>
        logEventsUrl(input.region, group, {
          filterPattern: '"Method completed with status: 5"',
          start: input.window.start,
          end: input.window.end,
        }),
      );
    } else if (input.accessLogGroup) {
      accessLog();
    }
  };
  const accessLog = (): void => {
    const group = input.accessLogGroup;
    if (group) {
      attempt('Gateway access log', () =>
        logEventsUrl(input.region, group, { start: input.window.start, end: input.window.end }),
      );
    }
  };
  const functionLog = (fn: { name: string; logGroup?: string }): void => {
    const group = fn.logGroup;
    if (group) {
      attempt(`Function log: ${fn.name}`, () =>
        logEventsUrl(input.region, group, { start: input.window.start, end: input.window.end }),
      );
    }
  };
  const [blamed, second] = input.functions;
  gatewayLog();
  if (blamed) functionLog(blamed);
  attempt('CloudWatch alarm', () => alarmUrl(input.region, input.alarmName));
  if (blamed) attempt(`Lambda console: ${blamed.name}`, () => lambdaFunctionUrl(input.region, blamed.name));
  if (input.executionLogGroup) accessLog();
  if (second) {
    functionLog(second);
    attempt(`Lambda console: ${second.name}`, () => lambdaFunctionUrl(input.region, second.name));
  }
  if (input.api.id) {
    const id = input.api.id;
    attempt(`API Gateway stage ${input.api.stage}`, () =>
      apiGatewayStageUrl(input.region, { kind: input.api.kind, apiId: id, stage: input.api.stage }),
    );
  }
  return { links, problems };
}
