import type { IncidentData } from '../../domain/incident.ts';
import { LocalServiceError } from './errors.ts';
import { barChartPng } from './png.ts';
import { type JsonRpcService, jsonFaultError, type LocalContext, optional, stringParam } from './wire.ts';

/**
 * CloudWatch as the installed @aws-sdk/client-cloudwatch speaks it: awsJson1_0 with
 * `X-Amz-Target: GraniteServiceVersion20100801.<Operation>` and query-compatible errors
 * (`x-amzn-query-error`), not the old Query/XML protocol. Timestamps are epoch seconds,
 * blobs base64.
 */
export function cloudWatchService(incident: Pick<IncidentData, 'alarm'>, ctx: LocalContext): JsonRpcService {
  return {
    name: 'cloudwatch',
    targetPrefix: 'GraniteServiceVersion20100801',
    protocol: 'awsJson1_0',
    namespace: 'com.amazonaws.cloudwatch',
    queryCompatible: true,
    faultError: (fault, operation) =>
      jsonFaultError(
        fault,
        operation,
        {
          throttle: 'Throttling',
          throttleQuery: 'Throttling',
          server: 'InternalServiceFault',
          serverQuery: 'InternalServiceError',
          denied: 'AccessDenied',
          deniedStatus: 403,
        },
        'cloudwatch',
        ctx.accountId,
      ),
    operations: {
      GetMetricWidgetImage: (params) => {
        const widget = parseWidget(stringParam(params, 'MetricWidget'));
        const width = clampSize(widget.width, 600);
        const height = clampSize(widget.height, 400);
        const png = barChartPng(width, height, typeof widget.title === 'string' ? widget.title : 'widget');
        return { MetricWidgetImage: png.toString('base64') };
      },
      DescribeAlarms: (params) => {
        const alarm = metricAlarmFrom(incident.alarm);
        const names = Array.isArray(params.AlarmNames) ? params.AlarmNames : undefined;
        const prefix = stringParam(params, 'AlarmNamePrefix');
        const state = stringParam(params, 'StateValue');
        const name = String(alarm.AlarmName ?? '');
        const wanted =
          (!names || names.includes(name)) &&
          (!prefix || name.startsWith(prefix)) &&
          (!state || alarm.StateValue === state);
        return { MetricAlarms: wanted ? [alarm] : [], CompositeAlarms: [] };
      },
    },
  };
}

function parseWidget(text: string | undefined): Record<string, unknown> {
  const invalid = (why: string) =>
    new LocalServiceError(400, 'InvalidParameterValueException', `The parameter MetricWidget ${why}.`, {
      queryCode: 'InvalidParameterValue',
    });
  if (!text) throw invalid('is required');
  if (text.length > 100 * 1024) throw invalid('must be at most 100 KB');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('must be valid JSON');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray((parsed as { metrics?: unknown }).metrics)
  ) {
    throw invalid('must be a JSON object with a metrics array');
  }
  return parsed as Record<string, unknown>;
}

function clampSize(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(2000, Math.max(1, Math.round(value)))
    : fallback;
}

const STATISTICS: Record<string, string> = {
  SUM: 'Sum',
  AVERAGE: 'Average',
  MINIMUM: 'Minimum',
  MAXIMUM: 'Maximum',
  SAMPLE_COUNT: 'SampleCount',
  SAMPLECOUNT: 'SampleCount',
};

/** The DescribeAlarms view of the alarm whose SNS message the incident carries. */
export function metricAlarmFrom(message: Record<string, unknown>): Record<string, unknown> {
  const trigger = record(message.Trigger);
  const seconds = (value: unknown) => {
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isFinite(ms) ? ms / 1000 : undefined;
  };
  const statistic = typeof trigger.Statistic === 'string' ? trigger.Statistic : undefined;
  const treatMissing = typeof trigger.TreatMissingData === 'string' ? trigger.TreatMissingData : '';
  return {
    AlarmName: message.AlarmName,
    AlarmArn: message.AlarmArn,
    ...optional(
      'AlarmDescription',
      typeof message.AlarmDescription === 'string' ? message.AlarmDescription : undefined,
    ),
    ...optional('AlarmConfigurationUpdatedTimestamp', seconds(message.AlarmConfigurationUpdatedTimestamp)),
    ActionsEnabled: true,
    OKActions: arrayOr(message.OKActions),
    AlarmActions: arrayOr(message.AlarmActions),
    InsufficientDataActions: arrayOr(message.InsufficientDataActions),
    StateValue: message.NewStateValue,
    StateReason: message.NewStateReason,
    ...optional('StateUpdatedTimestamp', seconds(message.StateChangeTime)),
    ...optional('StateTransitionedTimestamp', seconds(message.StateChangeTime)),
    ...optional('MetricName', trigger.MetricName ?? undefined),
    ...optional('Namespace', trigger.Namespace ?? undefined),
    ...optional('Statistic', statistic ? (STATISTICS[statistic.toUpperCase()] ?? statistic) : undefined),
    ...optional(
      'Dimensions',
      Array.isArray(trigger.Dimensions) ? trigger.Dimensions.map(dimension) : undefined,
    ),
    ...optional('Period', trigger.Period ?? undefined),
    ...optional('EvaluationPeriods', trigger.EvaluationPeriods ?? undefined),
    ...optional('DatapointsToAlarm', trigger.DatapointsToAlarm ?? undefined),
    ...optional('Threshold', trigger.Threshold ?? undefined),
    ...optional('ComparisonOperator', trigger.ComparisonOperator ?? undefined),
    ...optional('TreatMissingData', treatMissing.replace(/^- TreatMissingData:\s*/, '') || undefined),
    ...optional('Metrics', Array.isArray(trigger.Metrics) ? trigger.Metrics.map(metricQuery) : undefined),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function arrayOr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Alarm messages write dimensions as `{name, value}`; the API as `{Name, Value}`. */
function dimension(value: unknown): { Name: unknown; Value: unknown } {
  const d = record(value);
  return { Name: d.Name ?? d.name, Value: d.Value ?? d.value };
}

function metricQuery(value: unknown): Record<string, unknown> {
  const query = record(value);
  const stat = record(query.MetricStat);
  const metric = record(stat.Metric);
  return {
    Id: query.Id,
    ...optional('Expression', query.Expression ?? undefined),
    ...optional('Label', query.Label ?? undefined),
    ...optional('ReturnData', query.ReturnData ?? undefined),
    ...optional(
      'MetricStat',
      query.MetricStat
        ? {
            Metric: {
              Namespace: metric.Namespace,
              MetricName: metric.MetricName,
              Dimensions: arrayOr(metric.Dimensions).map(dimension),
            },
            Period: stat.Period,
            Stat: stat.Stat,
            ...optional('Unit', stat.Unit ?? undefined),
          }
        : undefined,
    ),
  };
}
