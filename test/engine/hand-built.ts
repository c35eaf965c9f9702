import type {
  FunctionConfiguration,
  FunctionFacts,
  IncidentBundle,
  LogEvent,
  Route,
} from '../../shared/domain/bundle.ts';
import { readExecutionLog } from '../../shared/engine/gateway-requests.ts';
import { readFunctionLog } from '../../shared/engine/invocations.ts';
import type { GatewayRequest, Invocation } from '../../shared/engine/model.ts';

/**
 * Small incidents written by hand, line by line, in the real formats (research/lambda-logs.md), so
 * each engine test shows exactly which signs it gives the engine.
 */

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const API_ID = 'a1b2c3d4e5';
export const STAGE = 'prod';
export const EXEC_GROUP = `API-Gateway-Execution-Logs_${API_ID}/${STAGE}`;
export const ACCESS_GROUP = '/aws/apigateway/orders-prod';
/** The first failing request. */
export const T0 = Date.UTC(2025, 4, 19, 22, 0, 0);
/** The alarm fires four minutes later. */
export const ALARM_AT = T0 + 4 * 60_000;

export type Line = string | readonly [offsetMs: number, text: string];

/** AWS writes `+0000`, not `Z`. */
export function awsTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function functionArn(name: string, qualifier?: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

export function lambdaUri(name: string, qualifier?: string): string {
  return `https://lambda.${REGION}.amazonaws.com/2015-03-31/functions/${functionArn(name, qualifier)}/invocations`;
}

export function sourceArn(method: string, resource: string): string {
  return `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${STAGE}/${method}${resource}`;
}

/** Events of one gateway request: `(id) text`, one millisecond apart unless an offset is given. */
export function gatewayLines(
  requestId: string,
  at: number,
  lines: readonly Line[],
  stream = 'gw-0',
): LogEvent[] {
  return lines.map((line, index) => {
    const [offset, text] = typeof line === 'string' ? [index, line] : line;
    return { timestamp: at + offset, logStreamName: stream, message: `(${requestId}) ${text}` };
  });
}

/** Events of a function's log stream. */
export function functionLines(
  at: number,
  lines: readonly Line[],
  stream = '2025/05/19/[$LATEST]0f0f',
): LogEvent[] {
  return lines.map((line, index) => {
    const [offset, text] = typeof line === 'string' ? [index, line] : line;
    return { timestamp: at + offset, logStreamName: stream, message: text };
  });
}

/** The INFO-level lines of a Lambda proxy request up to `Sending request to`. */
export function proxyRequestStart(options: {
  requestId: string;
  functionName: string;
  qualifier?: string;
  method?: string;
  resource?: string;
  path?: string;
}): string[] {
  const method = options.method ?? 'GET';
  const resource = options.resource ?? '/orders/{id}';
  const path = options.path ?? '/orders/o-1';
  const uri = lambdaUri(options.functionName, options.qualifier);
  return [
    `Extended Request Id: ${options.requestId.slice(0, 14)}=`,
    `Starting execution for request: ${options.requestId}`,
    `HTTP Method: ${method}, Resource Path: ${path}`,
    `API Key authorized because method '${method} ${resource}' does not require API Key. Request will not contribute to throttle or quota limits`,
    `Endpoint request URI: ${uri}`,
    `Endpoint request headers: {x-amzn-lambda-integration-tag=${options.requestId}, X-Amz-Date=20250519T220000Z, x-amzn-apigateway-api-id=${API_ID}, X-Amz-Source-Arn=${sourceArn(method, resource)}, Accept=application/json, User-Agent=AmazonAPIGateway_${API_ID}}`,
    `Endpoint request body after transformations: {"resource":"${resource}","path":"${path}","httpMethod":"${method}"}`,
    `Sending request to ${uri}`,
  ];
}

export function responseHeaders(lambdaRequestId: string, functionError = false): string {
  return `Endpoint response headers: {Date=Mon, 19 May 2025 22:00:06 GMT, Content-Type=application/json, Content-Length=120, Connection=keep-alive, x-amzn-RequestId=${lambdaRequestId}${functionError ? ', X-Amz-Function-Error=Unhandled' : ''}, x-amzn-Remapped-Content-Length=0, X-Amz-Executed-Version=$LATEST}`;
}

export function report(
  lambdaRequestId: string,
  figures: { durationMs: number; memoryMb?: number; maxMemoryMb?: number; tail?: string },
): string {
  const memory = figures.memoryMb ?? 512;
  return `REPORT RequestId: ${lambdaRequestId}\tDuration: ${figures.durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(figures.durationMs)} ms\tMemory Size: ${memory} MB\tMax Memory Used: ${figures.maxMemoryMb ?? 90} MB\t${figures.tail ?? ''}\n`;
}

export function configuration(
  name: string,
  overrides: Partial<FunctionConfiguration> = {},
): FunctionConfiguration {
  return {
    FunctionName: name,
    FunctionArn: functionArn(name),
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Timeout: 6,
    MemorySize: 512,
    LastModified: '2025-05-01T10:00:00.000+0000',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    ...overrides,
  };
}

export function invokePolicy(name: string, sourceArns: Array<{ sid: string; arn: string }>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'default',
    Statement: sourceArns.map(({ sid, arn }) => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: functionArn(name),
      Condition: { ArnLike: { 'AWS:SourceArn': arn } },
    })),
  });
}

export function alarmMessage(overrides: Record<string, unknown> = {}, trigger: Record<string, unknown> = {}) {
  return {
    AlarmName: 'orders-api-prod-5xx',
    AlarmDescription: null,
    AWSAccountId: ACCOUNT,
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    NewStateReason:
      'Threshold Crossed: 1 out of the last 1 datapoints [9.0 (19/05/25 22:03:00)] was greater than or equal to the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).',
    StateChangeTime: awsTime(ALARM_AT),
    Region: 'US East (N. Virginia)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:orders-api-prod-5xx`,
    Trigger: {
      MetricName: '5XXError',
      Namespace: 'AWS/ApiGateway',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [
        { value: 'orders-api', name: 'ApiName' },
        { value: STAGE, name: 'Stage' },
      ],
      Period: 60,
      EvaluationPeriods: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 5.0,
      TreatMissingData: '- TreatMissingData:                    notBreaching',
      EvaluateLowSampleCountPercentile: '',
      ...trigger,
    },
    ...overrides,
  };
}

export interface IncidentParts {
  kind?: 'REST' | 'HTTP';
  /** Execution log events; absent: execution logging is off. */
  exec?: LogEvent[];
  /** Access log events; absent: no access log. */
  access?: LogEvent[];
  /** Function name → its log events (absent key: no log group). */
  logs?: Record<string, LogEvent[]>;
  functions?: Record<string, FunctionFacts>;
  routes?: Route[];
  alarm?: Record<string, unknown>;
}

export function incident(parts: IncidentParts): IncidentBundle {
  const kind = parts.kind ?? 'REST';
  const logGroups: Record<string, LogEvent[]> = {};
  if (parts.exec) logGroups[EXEC_GROUP] = parts.exec;
  if (parts.access) logGroups[ACCESS_GROUP] = parts.access;
  for (const [name, events] of Object.entries(parts.logs ?? {})) logGroups[`/aws/lambda/${name}`] = events;
  return {
    version: 1,
    id: 'hand-built',
    alarm: parts.alarm ?? alarmMessage(),
    api: {
      kind,
      apiId: API_ID,
      ...(kind === 'REST' ? { apiName: 'orders-api' } : {}),
      stage: STAGE,
      region: REGION,
      accountId: ACCOUNT,
      ...(kind === 'REST' ? { executionLogGroup: EXEC_GROUP } : {}),
      ...(parts.access ? { accessLogGroup: ACCESS_GROUP } : {}),
      routes: parts.routes ?? [],
    },
    logGroups,
    functions: parts.functions ?? {},
  };
}

/** One gateway request read from its execution-log lines, as the engine reads it. */
export function requestFrom(requestId: string, at: number, lines: readonly Line[]): GatewayRequest {
  const read = readExecutionLog(EXEC_GROUP, gatewayLines(requestId, at, lines), []);
  const request = read.failing[0];
  if (!request) throw new Error(`the lines of ${requestId} do not make a failing request`);
  return request;
}

/** One invocation read from its function-log lines, as the engine reads it. */
export function invocationFrom(
  name: string,
  lambdaRequestId: string,
  at: number,
  lines: readonly Line[],
): Invocation {
  const log = readFunctionLog(name, `/aws/lambda/${name}`, functionLines(at, lines));
  const invocation = log.invocations.get(lambdaRequestId);
  if (!invocation) throw new Error(`no invocation ${lambdaRequestId} in the lines`);
  return invocation;
}
