import {
  encodeConsoleFragmentValue,
  FragmentSeparator,
  serializeQueryDetail,
  strictEncodeURIComponent,
} from './console-encoding.ts';
import { InvalidLinkInputError } from './errors.ts';

/**
 * AWS console deep links the report carries (aws-facts.md §5). Pure: the region is an argument,
 * and the console host is derived from its partition.
 */

// The region goes into the host name unencoded, so only region-shaped codes are accepted.
const REGION_CODE = /^[a-z]{2,5}(-[a-z]+)+-\d{1,2}$/;

/** `https://` + the console host of the region's partition. */
export function consoleOrigin(region: string): string {
  if (!REGION_CODE.test(region)) {
    throw new InvalidLinkInputError('region', `"${region}" is not an AWS region code such as us-east-1`);
  }
  if (region.startsWith('cn-')) return 'https://console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com';
  return `https://${region}.console.aws.amazon.com`;
}

function cloudWatchHome(region: string): string {
  return `${consoleOrigin(region)}/cloudwatch/home?region=${region}`;
}

function assertEpochMs(field: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new InvalidLinkInputError(field, `${value} is not a whole number of milliseconds`);
  }
}

/** The log group's page (its streams). */
export function logGroupUrl(region: string, logGroup: string): string {
  return `${cloudWatchHome(region)}#logsV2:log-groups/log-group/${encodeConsoleFragmentValue(logGroup)}`;
}

export interface LogEventsOptions {
  /** A CloudWatch Logs filter pattern, e.g. `"c0ffee01-…"` (quoted). */
  filterPattern?: string;
  /** Epoch ms, or negative ms relative to now (`-1800000` = the last 30 minutes). */
  start?: number;
  /** Epoch ms. */
  end?: number;
  /** One stream; without it the console searches every stream of the group. */
  logStream?: string;
}

/** The log events view of a group (or one stream), optionally filtered and time-boxed. */
export function logEventsUrl(region: string, logGroup: string, options: LogEventsOptions = {}): string {
  const { filterPattern, start, end, logStream } = options;
  let url = `${logGroupUrl(region, logGroup)}/log-events`;
  if (logStream !== undefined && logStream !== '') url += `/${encodeConsoleFragmentValue(logStream)}`;

  const params: string[] = [];
  const add = (key: string, value: string) =>
    params.push(`${key}${FragmentSeparator.Equals}${encodeConsoleFragmentValue(value)}`);
  if (filterPattern !== undefined && filterPattern !== '') add('filterPattern', filterPattern);
  if (start !== undefined) {
    assertEpochMs('start', start);
    add('start', String(start));
  }
  if (end !== undefined) {
    assertEpochMs('end', end);
    add('end', String(end));
  }
  return params.length === 0 ? url : `${url}${FragmentSeparator.Query}${params.join(FragmentSeparator.And)}`;
}

export interface LogsInsightsLink {
  logGroups: readonly string[];
  query: string;
  /** Epoch ms, shown as an absolute UTC range. */
  start: number;
  /** Epoch ms. */
  end: number;
}

/** Logs Insights with the query typed in, the groups selected and an absolute UTC range. */
export function logsInsightsUrl(region: string, link: LogsInsightsLink): string {
  assertEpochMs('start', link.start);
  assertEpochMs('end', link.end);
  // Key order as in the console's own URLs.
  const detail = serializeQueryDetail({
    end: new Date(link.end).toISOString(),
    start: new Date(link.start).toISOString(),
    timeType: 'ABSOLUTE',
    tz: 'UTC',
    editorString: link.query,
    source: link.logGroups,
  });
  return `${cloudWatchHome(region)}#logsV2:logs-insights${detail}`;
}

/**
 * The alarm's page. Percent-encoded like AWS's alarm e-mails, so `/` becomes `%2F` (a raw `/`
 * broke notify-slack's links, terraform-aws-notify-slack#203).
 */
export function alarmUrl(region: string, alarmName: string): string {
  return `${cloudWatchHome(region)}#alarmsV2:alarm/${strictEncodeURIComponent(alarmName)}`;
}

/** Tabs of the Lambda console's function page that are known to open by `?tab=`. */
export const LambdaConsoleTab = { Code: 'code', Monitoring: 'monitoring', Configure: 'configure' } as const;
export type LambdaConsoleTab = (typeof LambdaConsoleTab)[keyof typeof LambdaConsoleTab];

/** The function's page in the Lambda console; pass the function name, not its ARN. */
export function lambdaFunctionUrl(
  region: string,
  functionName: string,
  tab: LambdaConsoleTab = LambdaConsoleTab.Monitoring,
): string {
  return `${consoleOrigin(region)}/lambda/home?region=${region}#/functions/${strictEncodeURIComponent(functionName)}?tab=${tab}`;
}

export interface ApiStageRef {
  kind: 'REST' | 'HTTP';
  apiId: string;
  /**
   * Not part of the URL: no console parameter that pre-selects a stage is verified
   * (aws-facts.md §5), so the link opens the API's stage list.
   */
  stage: string;
}

/** The API's stage list in the API Gateway console (REST and HTTP pages differ). */
export function apiGatewayStageUrl(region: string, api: ApiStageRef): string {
  const apiId = strictEncodeURIComponent(api.apiId);
  const page = api.kind === 'REST' ? `apis/${apiId}/stages` : 'deploy/stages';
  return `${consoleOrigin(region)}/apigateway/main/${page}?api=${apiId}&region=${region}`;
}
