import {
  isObject,
  type JsonObject,
  numberField,
  objectField,
  parseAwsTimestamp,
  stringField,
} from './json.ts';

/**
 * What the triage needs of a CloudWatch alarm notification (the parsed SNS Message).
 * Read tolerantly: a field we cannot read becomes a warning, never a throw.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html
 */
export interface AlarmFacts {
  name: string;
  arn?: string;
  region?: string;
  accountId?: string;
  state: string;
  previousState?: string;
  reason: string;
  /** Epoch ms of StateChangeTime. */
  changedAt?: number;
  description?: string;
  kind: AlarmKind;
  metric: { namespace?: string; name?: string; statistic?: string; dimensions: Record<string, string> };
  /** Seconds. */
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparison?: string;
  treatMissingData?: string;
  /** The expression that returns data, for metric-math and anomaly-detection alarms. */
  expression?: string;
  api: { kind?: 'REST' | 'HTTP'; apiName?: string; apiId?: string; stage?: string };
  /** Parts of the message we could not read. */
  warnings: string[];
}

export const AlarmKind = {
  METRIC: 'metric',
  METRIC_MATH: 'metric-math',
  ANOMALY_DETECTION: 'anomaly-detection',
  COMPOSITE: 'composite',
  UNKNOWN: 'unknown',
} as const;
export type AlarmKind = (typeof AlarmKind)[keyof typeof AlarmKind];

/** Display names seen in alarm messages; only a fallback when the ARN is missing. */
const REGION_BY_DISPLAY_NAME: Record<string, string> = {
  'US East (N. Virginia)': 'us-east-1',
  'US East (Ohio)': 'us-east-2',
  'US West (N. California)': 'us-west-1',
  'US West (Oregon)': 'us-west-2',
  'EU (Ireland)': 'eu-west-1',
  'EU (London)': 'eu-west-2',
  'EU (Paris)': 'eu-west-3',
  'EU (Frankfurt)': 'eu-central-1',
  'EU (Milan)': 'eu-south-1',
  'EU (Stockholm)': 'eu-north-1',
  'EU (Spain)': 'eu-south-2',
  'EU (Zurich)': 'eu-central-2',
  'Asia Pacific (Tokyo)': 'ap-northeast-1',
  'Asia Pacific (Seoul)': 'ap-northeast-2',
  'Asia Pacific (Singapore)': 'ap-southeast-1',
  'Asia Pacific (Sydney)': 'ap-southeast-2',
  'Asia Pacific (Mumbai)': 'ap-south-1',
  'Asia Pacific (Osaka)': 'ap-northeast-3',
  'Asia Pacific (Hong Kong)': 'ap-east-1',
  'Asia Pacific (Jakarta)': 'ap-southeast-3',
  'Canada (Central)': 'ca-central-1',
  'South America (Sao Paulo)': 'sa-east-1',
};

/** Newer consoles say "Europe (X)", a 2017 capture "EU - Ireland": read them as the "EU (X)" names. */
function regionOfDisplayName(display: string): string | undefined {
  const name = display
    .trim()
    .replace(/^Europe \(/, 'EU (')
    .replace(/^EU - (.+)$/, 'EU ($1)');
  return REGION_BY_DISPLAY_NAME[name];
}

const ERROR_METRICS: Record<string, 'REST' | 'HTTP'> = { '5XXError': 'REST', '5xx': 'HTTP' };

export function parseAlarm(message: unknown): AlarmFacts {
  const warnings: string[] = [];
  const alarm: JsonObject = isObject(message) ? message : {};
  if (!isObject(message)) warnings.push('the alarm message is not a JSON object');

  const arn = stringField(alarm, 'AlarmArn');
  const arnParts = arn ? parseAlarmArn(arn) : undefined;
  const name = stringField(alarm, 'AlarmName') ?? arnParts?.name ?? 'unknown alarm';
  if (!stringField(alarm, 'AlarmName')) warnings.push('AlarmName is missing');
  const displayRegion = stringField(alarm, 'Region');
  const region = arnParts?.region ?? (displayRegion ? regionOfDisplayName(displayRegion) : undefined);
  const changedAtText = stringField(alarm, 'StateChangeTime');
  const changedAt = parseAwsTimestamp(changedAtText);
  if (changedAt === undefined)
    warnings.push(`StateChangeTime is missing or not a date (${changedAtText ?? 'absent'})`);

  const facts: AlarmFacts = {
    name,
    arn,
    region,
    accountId: stringField(alarm, 'AWSAccountId') ?? arnParts?.accountId,
    state: stringField(alarm, 'NewStateValue') ?? 'UNKNOWN',
    previousState: stringField(alarm, 'OldStateValue'),
    reason: stringField(alarm, 'NewStateReason') ?? '',
    changedAt,
    description: stringField(alarm, 'AlarmDescription') || undefined,
    kind: AlarmKind.UNKNOWN,
    metric: { dimensions: {} },
    api: {},
    warnings,
  };

  const trigger = objectField(alarm, 'Trigger');
  if (!trigger) {
    if (alarm.AlarmRule !== undefined || alarm.TriggeringChildren !== undefined)
      facts.kind = AlarmKind.COMPOSITE;
    else warnings.push('the alarm has no Trigger (not a metric alarm)');
    return facts;
  }
  readTrigger(trigger, facts);
  readApi(facts);
  return facts;
}

function readTrigger(trigger: JsonObject, facts: AlarmFacts): void {
  facts.period = numberField(trigger, 'Period');
  facts.evaluationPeriods = numberField(trigger, 'EvaluationPeriods');
  facts.datapointsToAlarm = numberField(trigger, 'DatapointsToAlarm');
  facts.threshold = numberField(trigger, 'Threshold');
  facts.comparison = stringField(trigger, 'ComparisonOperator');
  const missing = stringField(trigger, 'TreatMissingData');
  // Real messages pad it: "- TreatMissingData:                    notBreaching".
  if (missing) facts.treatMissingData = missing.replace(/^- TreatMissingData:\s*/, '') || undefined;

  const metrics = trigger.Metrics;
  if (Array.isArray(metrics)) {
    readMetricMath(metrics, facts);
    return;
  }
  facts.kind = AlarmKind.METRIC;
  facts.metric = {
    namespace: stringField(trigger, 'Namespace'),
    name: stringField(trigger, 'MetricName'),
    statistic: stringField(trigger, 'Statistic') ?? stringField(trigger, 'ExtendedStatistic'),
    dimensions: readDimensions(trigger.Dimensions),
  };
}

function readMetricMath(metrics: unknown[], facts: AlarmFacts): void {
  facts.kind = AlarmKind.METRIC_MATH;
  let chosen: { stat: JsonObject; metric: JsonObject } | undefined;
  for (const entry of metrics) {
    if (!isObject(entry)) continue;
    const expression = stringField(entry, 'Expression');
    if (expression && entry.ReturnData !== false) {
      facts.expression = expression;
      if (/ANOMALY_DETECTION_BAND/i.test(expression)) facts.kind = AlarmKind.ANOMALY_DETECTION;
    }
    const stat = objectField(entry, 'MetricStat');
    const metric = stat ? objectField(stat, 'Metric') : undefined;
    if (!stat || !metric) continue;
    const metricName = stringField(metric, 'MetricName');
    // Prefer the 5XX metric; any API Gateway metric carries the same API dimensions.
    if (!chosen || (metricName && ERROR_METRICS[metricName])) chosen = { stat, metric };
  }
  if (!chosen) {
    facts.warnings.push('no metric in the metric-math alarm names an API');
    return;
  }
  facts.period ??= numberField(chosen.stat, 'Period');
  facts.metric = {
    namespace: stringField(chosen.metric, 'Namespace'),
    name: stringField(chosen.metric, 'MetricName'),
    statistic: stringField(chosen.stat, 'Stat'),
    dimensions: readDimensions(chosen.metric.Dimensions),
  };
}

function readDimensions(value: unknown): Record<string, string> {
  const dimensions: Record<string, string> = {};
  if (!Array.isArray(value)) return dimensions;
  for (const dimension of value) {
    if (!isObject(dimension)) continue;
    // Alarm messages use lower-case name/value; the API uses Name/Value.
    const key = stringField(dimension, 'name') ?? stringField(dimension, 'Name');
    const val = stringField(dimension, 'value') ?? stringField(dimension, 'Value');
    if (key && val !== undefined) dimensions[key] = val;
  }
  return dimensions;
}

function readApi(facts: AlarmFacts): void {
  const { dimensions, name, namespace } = facts.metric;
  if (namespace && namespace !== 'AWS/ApiGateway') {
    facts.warnings.push(`the alarm watches ${namespace}, not AWS/ApiGateway`);
  }
  const kindByMetric = name ? ERROR_METRICS[name] : undefined;
  const kindByDimension = dimensions.ApiName ? 'REST' : dimensions.ApiId ? 'HTTP' : undefined;
  facts.api = {
    kind: kindByDimension ?? kindByMetric,
    apiName: dimensions.ApiName,
    apiId: dimensions.ApiId,
    stage: dimensions.Stage,
  };
  if (!kindByDimension) facts.warnings.push('the alarm has neither an ApiName nor an ApiId dimension');
}

export function parseAlarmArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const match = /^arn:aws[\w-]*:cloudwatch:([\w-]+):(\d{12}):alarm:(.+)$/.exec(arn);
  if (!match?.[1] || !match[2] || match[3] === undefined) return undefined;
  return { region: match[1], accountId: match[2], name: match[3] };
}

/** "5XXError Sum >= 5 over 1 of 1 × 60 s", for people. */
export function describeAlarmCondition(facts: AlarmFacts): string | undefined {
  if (facts.period === undefined) return undefined;
  const operator = COMPARISON_SYMBOLS[facts.comparison ?? ''] ?? facts.comparison ?? '?';
  const subject =
    facts.kind === AlarmKind.METRIC
      ? `${facts.metric.name ?? 'metric'} ${titleCase(facts.metric.statistic)}`
      : (facts.expression ?? 'expression');
  const threshold = facts.threshold === undefined ? 'the band' : String(facts.threshold);
  const evaluation = facts.evaluationPeriods ?? 1;
  const needed = facts.datapointsToAlarm ?? evaluation;
  return `${subject} ${operator} ${threshold} in ${needed} of ${evaluation} × ${facts.period} s`;
}

const COMPARISON_SYMBOLS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside',
  GreaterThanUpperThreshold: '> upper band',
  LessThanLowerThreshold: '< lower band',
};

function titleCase(text: string | undefined): string {
  if (!text) return '';
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}
