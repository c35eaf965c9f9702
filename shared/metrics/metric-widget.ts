import type { BundleApi } from '../domain/bundle.ts';

/**
 * The GetMetricWidgetImage widget for the Slack graph: the API's 5XX rate around the incident, with
 * the alarm threshold and the moment it fired drawn on it. Pure: every time comes in as an argument.
 *
 * REST APIs publish `5XXError` and `Count` with `ApiName`,`Stage`; HTTP APIs publish `5xx` and `Count`
 * with `ApiId`,`Stage` (namespace AWS/ApiGateway for both).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Metric-Widget-Structure.html
 */

export type WidgetApi =
  | { kind: 'REST'; apiName: string; stage: string }
  | { kind: 'HTTP'; apiId: string; stage: string };

export interface WidgetThreshold {
  value: number;
  /** `percent`: the alarm compares the 5XX rate; `count`: it compares the number of 5XX answers. */
  unit: 'percent' | 'count';
}

export interface MetricWidgetInput {
  api: WidgetApi;
  region: string;
  /** When the alarm went to ALARM (ISO-8601). */
  alarmTime: string;
  /** The span drawn, ISO-8601. */
  start: string;
  end: string;
  threshold?: WidgetThreshold;
  /** Seconds per datapoint; default 60. */
  period?: number;
  width?: number;
  height?: number;
  title?: string;
}

type MetricOptions = {
  id: string;
  stat?: string;
  label?: string;
  visible?: boolean;
  yAxis?: 'left' | 'right';
};
type MetricRow =
  | [{ expression: string; label: string; id: string; yAxis?: 'left' | 'right' }]
  | (string | MetricOptions)[];

export interface MetricWidget {
  title: string;
  view: 'timeSeries';
  region: string;
  period: number;
  stat: string;
  start: string;
  end: string;
  width: number;
  height: number;
  timezone: string;
  metrics: MetricRow[];
  yAxis: { left: { label: string; min: number }; right?: { label: string; min: number } };
  annotations: {
    horizontal: { label: string; value: number; yAxis?: 'left' | 'right'; color?: string }[];
    vertical: { label: string; value: string; color?: string }[];
  };
  legend: { position: 'bottom' };
}

const ALARM_RED = '#d62728';

/** The API as the widget needs it, or undefined when the bundle lacks the dimension the metric uses. */
export function widgetApiFrom(api: BundleApi): WidgetApi | undefined {
  if (api.kind === 'REST')
    return api.apiName ? { kind: 'REST', apiName: api.apiName, stage: api.stage } : undefined;
  return api.apiId ? { kind: 'HTTP', apiId: api.apiId, stage: api.stage } : undefined;
}

/** A window of `beforeMinutes` before the alarm to `afterMinutes` after it, cut at `now`. */
export function widgetWindow(
  alarmTime: string,
  now: string,
  beforeMinutes = 45,
  afterMinutes = 15,
): { start: string; end: string } {
  const alarm = Date.parse(alarmTime);
  const end = Math.min(alarm + afterMinutes * 60_000, Date.parse(now));
  return { start: new Date(alarm - beforeMinutes * 60_000).toISOString(), end: new Date(end).toISOString() };
}

export function buildMetricWidget(input: MetricWidgetInput): MetricWidget {
  const { api, threshold } = input;
  const dimensions =
    api.kind === 'REST'
      ? ['ApiName', api.apiName, 'Stage', api.stage]
      : ['ApiId', api.apiId, 'Stage', api.stage];
  const errorsMetric = api.kind === 'REST' ? '5XXError' : '5xx';
  const countAlarm = threshold?.unit === 'count';
  const metrics: MetricRow[] = [
    // FILL keeps quiet minutes at 0 % instead of gaps; requests = 0 still gives no point (no division).
    [{ expression: '100 * FILL(errors, 0) / requests', label: '5XX rate (%)', id: 'rate' }],
    [
      'AWS/ApiGateway',
      errorsMetric,
      ...dimensions,
      { id: 'errors', stat: 'Sum', label: '5XX answers', visible: countAlarm, yAxis: 'right' },
    ],
    [
      'AWS/ApiGateway',
      'Count',
      ...dimensions,
      { id: 'requests', stat: 'Sum', label: 'requests', visible: false },
    ],
  ];
  const horizontal: MetricWidget['annotations']['horizontal'] = threshold
    ? [
        {
          label: countAlarm ? `threshold ${threshold.value} errors` : `threshold ${threshold.value} %`,
          value: threshold.value,
          yAxis: countAlarm ? 'right' : 'left',
          color: ALARM_RED,
        },
      ]
    : [];
  const name = api.kind === 'REST' ? api.apiName : api.apiId;
  return {
    title: input.title ?? `${name} ${api.stage}: 5XX rate`,
    view: 'timeSeries',
    region: input.region,
    period: input.period ?? 60,
    stat: 'Sum',
    start: input.start,
    end: input.end,
    width: input.width ?? 800,
    height: input.height ?? 400,
    timezone: '+0000',
    metrics,
    yAxis: {
      left: { label: '%', min: 0 },
      ...(countAlarm ? { right: { label: 'errors', min: 0 } } : {}),
    },
    annotations: { horizontal, vertical: [{ label: 'ALARM', value: input.alarmTime, color: ALARM_RED }] },
    legend: { position: 'bottom' },
  };
}

/** The `MetricWidget` string the API takes (limit: 100 KB). */
export function serializeMetricWidget(widget: MetricWidget): string {
  return JSON.stringify(widget);
}
