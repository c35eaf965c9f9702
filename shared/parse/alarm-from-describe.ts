import { isObject } from './json.ts';

/**
 * A DescribeAlarms MetricAlarm → the alarm notification CloudWatch would publish to SNS for it, so
 * `record` and `triage` from a terminal feed the engine the same document the Lambda receives.
 * `at` replays a past incident: the state becomes ALARM at that time.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html
 */
export function alarmMessageFromMetricAlarm(
  alarm: Record<string, unknown>,
  options: { at?: Date } = {},
): Record<string, unknown> {
  const arn = typeof alarm.AlarmArn === 'string' ? alarm.AlarmArn : undefined;
  const arnParts = arn ? /^arn:aws[\w-]*:cloudwatch:([\w-]+):(\d{12}):alarm:/.exec(arn) : null;
  const changed =
    options.at ??
    asDate(alarm.StateUpdatedTimestamp) ??
    asDate(alarm.StateTransitionedTimestamp) ??
    new Date();
  const message: Record<string, unknown> = {
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription ?? null,
    AWSAccountId: arnParts?.[2],
    NewStateValue: options.at ? 'ALARM' : (alarm.StateValue ?? 'ALARM'),
    NewStateReason: options.at
      ? `Replayed at ${changed.toISOString()} by gateway-triage`
      : (alarm.StateReason ?? ''),
    StateChangeTime: awsTime(changed),
    Region: arnParts?.[1],
    AlarmArn: arn,
    OldStateValue: options.at ? 'OK' : undefined,
    OKActions: alarm.OKActions ?? [],
    AlarmActions: alarm.AlarmActions ?? [],
    InsufficientDataActions: alarm.InsufficientDataActions ?? [],
    Trigger: trigger(alarm),
  };
  for (const key of Object.keys(message)) if (message[key] === undefined) delete message[key];
  return message;
}

function trigger(alarm: Record<string, unknown>): Record<string, unknown> {
  const common: Record<string, unknown> = {
    Period: alarm.Period,
    EvaluationPeriods: alarm.EvaluationPeriods,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    ComparisonOperator: alarm.ComparisonOperator,
    Threshold: alarm.Threshold,
    TreatMissingData: `- TreatMissingData:                    ${String(alarm.TreatMissingData ?? 'missing')}`,
    EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile ?? '',
  };
  if (alarm.ThresholdMetricId !== undefined) common.ThresholdMetricId = alarm.ThresholdMetricId;
  if (Array.isArray(alarm.Metrics)) {
    return {
      ...clean(common),
      Metrics: alarm.Metrics.filter(isObject).map((metric) => {
        const stat = isObject(metric.MetricStat) ? metric.MetricStat : undefined;
        const inner = stat && isObject(stat.Metric) ? stat.Metric : undefined;
        return clean({
          Id: metric.Id,
          Expression: metric.Expression,
          Label: metric.Label,
          ReturnData: metric.ReturnData,
          MetricStat: inner
            ? clean({
                Metric: clean({
                  Dimensions: lowerDimensions(inner.Dimensions),
                  MetricName: inner.MetricName,
                  Namespace: inner.Namespace,
                }),
                Period: stat?.Period,
                Stat: stat?.Stat,
              })
            : undefined,
        });
      }),
    };
  }
  return clean({
    MetricName: alarm.MetricName,
    Namespace: alarm.Namespace,
    StatisticType: alarm.ExtendedStatistic ? 'ExtendedStatistic' : 'Statistic',
    Statistic: typeof alarm.Statistic === 'string' ? alarm.Statistic.toUpperCase() : alarm.ExtendedStatistic,
    Unit: alarm.Unit ?? null,
    Dimensions: lowerDimensions(alarm.Dimensions),
    ...common,
  });
}

/** Notifications write dimensions as lower-case name/value; the API answers Name/Value. */
function lowerDimensions(value: unknown): Array<{ name: unknown; value: unknown }> {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((d) => ({ value: d.Value ?? d.value, name: d.Name ?? d.name }));
}

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * (value < 1e12 ? 1000 : 1));
  if (typeof value === 'string' && Number.isFinite(Date.parse(value))) return new Date(value);
  return undefined;
}

/** `2024-11-01T12:01:10.123+0000`, as alarm notifications write times. */
function awsTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

function clean(object: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}
