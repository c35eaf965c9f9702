import {
  AlarmType,
  type ApiConfig,
  ApiKind,
  apiLabel,
  apiNamePart,
  type GatewayTriageConfig,
  isToken,
  type MissingData,
  safeNamePart,
} from '../config/schema.ts';

/**
 * Every 5XX alarm the config asks for, as plain data: one per API, stage and severity, with the
 * defaults applied. The construct turns each plan into CloudWatch resources; tests read it directly.
 */
export interface AlarmPlan {
  /**
   * Construct id, stable while the API's name, stage and severity stay the same (tokens cannot
   * appear in construct ids, so token-valued names fall back to their position in the list).
   */
  readonly id: string;
  readonly alarmName: string;
  readonly description: string;
  readonly apiKind: ApiKind;
  readonly apiId: string;
  readonly stage: string;
  readonly severity: string;
  readonly type: AlarmType;
  /** REST `5XXError`, HTTP `5xx`. */
  readonly metricName: string;
  /** REST `{ApiName, Stage}`, HTTP `{ApiId, Stage}`. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
  /** rate: the metric-math expression over `errors` (5XX Sum) and `requests` (Count SampleCount). */
  readonly expression?: string;
}

export const Comparison = {
  GREATER_THAN: 'GreaterThanThreshold',
  GREATER_THAN_OR_EQUAL: 'GreaterThanOrEqualToThreshold',
} as const;
export type Comparison = (typeof Comparison)[keyof typeof Comparison];

export const API_GATEWAY_NAMESPACE = 'AWS/ApiGateway';

/** The metric and dimensions CloudWatch uses for each API kind (REST by name, HTTP by id). */
export function errorMetricFor(
  api: Pick<ApiConfig, 'kind' | 'id' | 'name'>,
  stage: string,
): { metricName: string; dimensions: Record<string, string> } {
  if (api.kind === ApiKind.REST) {
    return { metricName: '5XXError', dimensions: { ApiName: api.name ?? api.id, Stage: stage } };
  }
  return { metricName: '5xx', dimensions: { ApiId: api.id, Stage: stage } };
}

/** Periods under `minRequests` requests read as 0 %, so one failure in two requests at night stays quiet. */
export function rateExpression(minRequests: number): string {
  return `IF(requests >= ${minRequests}, 100 * errors / requests, 0)`;
}

export function planAlarms(config: GatewayTriageConfig): AlarmPlan[] {
  return config.apis.flatMap((api, apiIndex) =>
    api.stages.flatMap((stage, stageIndex) =>
      Object.entries(api.alarm.thresholds).map(([severity, settings]) => {
        const { alarm } = api;
        const evaluationPeriods = settings.evaluationPeriods ?? alarm.evaluationPeriods;
        const plan = {
          apiKind: api.kind,
          apiId: api.id,
          stage,
          severity,
          type: alarm.type,
          ...errorMetricFor(api, stage),
          threshold: settings.threshold,
          comparison:
            alarm.type === AlarmType.RATE ? Comparison.GREATER_THAN : Comparison.GREATER_THAN_OR_EQUAL,
          periodSeconds: settings.periodSeconds ?? alarm.periodSeconds,
          evaluationPeriods,
          datapointsToAlarm: settings.datapointsToAlarm ?? alarm.datapointsToAlarm ?? evaluationPeriods,
          treatMissingData: settings.treatMissingData ?? alarm.treatMissingData,
          ...(alarm.type === AlarmType.RATE ? { expression: rateExpression(alarm.minRequests) } : {}),
        };
        const label = apiNamePart(api);
        const stagePart = safeNamePart(stage);
        return {
          ...plan,
          id: `${isToken(label) ? `Api${apiIndex}` : label}-${isToken(stagePart) ? `Stage${stageIndex}` : stagePart}-${severity}`,
          alarmName: `${config.alarmNamePrefix}-${label}-${stagePart}-5xx-${severity}`,
          description: describeAlarm(api, plan, alarm.minRequests),
        };
      }),
    ),
  );
}

/** Names the alarm's rule in words; CloudWatch puts it in the notification the triage reads. */
function describeAlarm(
  api: ApiConfig,
  plan: Pick<
    AlarmPlan,
    'type' | 'threshold' | 'periodSeconds' | 'evaluationPeriods' | 'datapointsToAlarm' | 'stage' | 'severity'
  >,
  minRequests: number,
): string {
  const what =
    plan.type === AlarmType.RATE
      ? `5XX rate above ${plan.threshold}% (periods under ${minRequests} requests count as 0%)`
      : `${plan.threshold} or more 5XX responses`;
  return (
    `[${plan.severity}] ${api.kind} API ${apiLabel(api)} (${api.id}) stage ${plan.stage}: ${what} ` +
    `in ${plan.datapointsToAlarm} of ${plan.evaluationPeriods} periods of ${plan.periodSeconds} s. Triaged by gateway-triage.`
  );
}
