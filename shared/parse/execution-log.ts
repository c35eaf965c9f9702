/**
 * API Gateway REST execution log lines: `(gateway-request-id) message`, or the console test
 * output's `Wed Jun 05 19:31:05 UTC 2024 : message`. Every line is classified; text we have never
 * seen becomes `unrecognised`, never a throw.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-execution-logging.html
 */

export type ExecutionLine =
  | { kind: 'request-start' }
  | { kind: 'method-path'; httpMethod: string; path: string }
  | { kind: 'route'; httpMethod: string; resource: string }
  | { kind: 'endpoint-request-uri'; uri: string }
  | { kind: 'endpoint-request-headers'; headers: Record<string, string> }
  | { kind: 'endpoint-request-body'; resource?: string; methodArn?: string }
  | { kind: 'sending-request'; uri: string }
  | { kind: 'received-response'; status?: number; latencyMs?: number }
  | { kind: 'endpoint-response-headers'; headers: Record<string, string> }
  | { kind: 'endpoint-response-body'; body: string; truncated: boolean }
  | { kind: 'execution-failed'; reason: ExecutionFailureReason; detail: string }
  | { kind: 'lambda-execution-failed'; status?: number; detail: string; lambdaRequestId?: string }
  | { kind: 'lambda-invocation-failed'; status?: number; lambdaRequestId?: string }
  | { kind: 'method-completed'; status: number }
  | { kind: 'successfully-completed' }
  | { kind: 'integration-request-id'; id: string }
  | { kind: 'authorizer-start'; authorizerId: string }
  | { kind: 'authorizer-result'; body: string }
  | { kind: 'authorizer-success' }
  | { kind: 'authorizer-failure'; detail: string }
  | { kind: 'gateway-response'; responseType: string; status?: number }
  | { kind: 'throttled'; detail: string }
  | { kind: 'known' }
  | { kind: 'unrecognised' };

export type ExecutionLineKind = ExecutionLine['kind'];

export const ExecutionFailureReason = {
  CONFIGURATION: 'configuration',
  TIMEOUT: 'timeout',
  NETWORK: 'network',
  OTHER: 'other',
} as const;
export type ExecutionFailureReason = (typeof ExecutionFailureReason)[keyof typeof ExecutionFailureReason];

export interface ExecutionLogPrefix {
  /** The gateway request id, when the line carries one. */
  requestId?: string;
  /** The message after the prefix. */
  text: string;
}

const CONSOLE_PREFIX = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4} : /;

/** Splits the request id prefix off a line; cheap, for the first pass over every event. */
export function splitExecutionPrefix(message: string): ExecutionLogPrefix {
  if (message.charCodeAt(0) === 40 /* ( */) {
    const close = message.indexOf(') ');
    if (close > 1 && close < 80)
      return { requestId: message.slice(1, close), text: message.slice(close + 2) };
  }
  const console = CONSOLE_PREFIX.exec(message);
  if (console) return { text: message.slice(console[0].length) };
  return { text: message };
}

/** The gateway request id of a line, or undefined; no allocation beyond the id itself. */
export function executionRequestId(message: string): string | undefined {
  if (message.charCodeAt(0) !== 40) return undefined;
  const close = message.indexOf(') ');
  return close > 1 && close < 80 ? message.slice(1, close) : undefined;
}

const METHOD_COMPLETED = 'Method completed with status: ';

/** Status of a "Method completed" line, else undefined: the cheap test of the first pass. */
export function methodCompletedStatus(message: string): number | undefined {
  const at = message.indexOf(METHOD_COMPLETED);
  if (at < 0) return undefined;
  const status = Number.parseInt(
    message.slice(at + METHOD_COMPLETED.length, at + METHOD_COMPLETED.length + 3),
    10,
  );
  return Number.isFinite(status) ? status : undefined;
}

type LineParser = (text: string) => ExecutionLine | undefined;

/** Dispatch table on the line's leading words; first match wins. */
const PARSERS: ReadonlyArray<readonly [prefix: string, parse: LineParser]> = [
  [METHOD_COMPLETED, (t) => statusLine(t, METHOD_COMPLETED)],
  ['Starting execution for request', () => ({ kind: 'request-start' })],
  ['HTTP Method: ', parseMethodPath],
  ['API Key ', parseApiKeyRoute],
  ['Endpoint request URI: ', (t) => ({ kind: 'endpoint-request-uri', uri: t.slice(22).trim() })],
  [
    'Endpoint request headers: ',
    (t) => ({ kind: 'endpoint-request-headers', headers: parseHeaderMap(t.slice(26)) }),
  ],
  ['Endpoint request body after transformations: ', parseRequestBody],
  ['Sending request to ', (t) => ({ kind: 'sending-request', uri: t.slice(19).trim() })],
  ['Received response.', parseReceivedResponse],
  [
    'Endpoint response headers: ',
    (t) => ({ kind: 'endpoint-response-headers', headers: parseHeaderMap(t.slice(27)) }),
  ],
  ['Endpoint response body before transformations: ', parseResponseBody],
  ['Execution failed due to ', parseExecutionFailed],
  ['Lambda execution failed with status ', parseLambdaExecutionFailed],
  ['Lambda invocation failed with status', parseLambdaInvocationFailed],
  ['Successfully completed execution', () => ({ kind: 'successfully-completed' })],
  [
    'AWS Integration Endpoint RequestId : ',
    (t) => ({ kind: 'integration-request-id', id: t.slice(37).trim() }),
  ],
  ['Starting authorizer: ', parseAuthorizerStart],
  ['Authorizer result body before parsing: ', (t) => ({ kind: 'authorizer-result', body: t.slice(39) })],
  ['Successfully completed authorizer execution', () => ({ kind: 'authorizer-success' })],
  ['Using valid authorizer policy', () => ({ kind: 'known' })],
  ['AuthorizerConfigurationException', (t) => ({ kind: 'authorizer-failure', detail: t.trim() })],
  ['Authorizer error', (t) => ({ kind: 'authorizer-failure', detail: t.trim() })],
  ['Unauthorized request', (t) => ({ kind: 'authorizer-failure', detail: t.trim() })],
  ['Gateway response type: ', parseGatewayResponse],
  ['Key throttle limit exceeded', (t) => ({ kind: 'throttled', detail: t.trim() })],
  ['API Stage throttle limit exceeded', (t) => ({ kind: 'throttled', detail: t.trim() })],
  ['Method throttle limit exceeded', (t) => ({ kind: 'throttled', detail: t.trim() })],
];

/** Recognised lines that carry nothing the triage reads. */
const KNOWN_NOISE = [
  'Extended Request Id',
  'Verifying Usage Plan',
  'Usage Plan check',
  'Method request ',
  'Method response ',
  'X-ray Tracing ID',
  'Incoming identity',
  'Endpoint request body',
  'Request validation',
  'Lambda request id',
];

export function parseExecutionLine(text: string): ExecutionLine {
  for (const [prefix, parse] of PARSERS) {
    if (text.startsWith(prefix)) return parse(text) ?? { kind: 'unrecognised' };
  }
  for (const noise of KNOWN_NOISE) if (text.startsWith(noise)) return { kind: 'known' };
  return { kind: 'unrecognised' };
}

function statusLine(text: string, prefix: string): ExecutionLine | undefined {
  const status = Number.parseInt(text.slice(prefix.length), 10);
  return Number.isFinite(status) ? { kind: 'method-completed', status } : undefined;
}

function parseMethodPath(text: string): ExecutionLine | undefined {
  const match = /^HTTP Method: ([A-Z]+), Resource Path: (.*)$/s.exec(text);
  return match?.[1] && match[2] !== undefined
    ? { kind: 'method-path', httpMethod: match[1], path: match[2].trim() }
    : undefined;
}

function parseApiKeyRoute(text: string): ExecutionLine | undefined {
  const match = /method '([A-Z]+) ([^']*)'/.exec(text);
  return match?.[1] && match[2] !== undefined
    ? { kind: 'route', httpMethod: match[1], resource: match[2] }
    : { kind: 'known' };
}

function parseRequestBody(text: string): ExecutionLine {
  // The proxy event starts with "resource"; the line may be cut at 1 KB, so no JSON.parse.
  const match = /"resource"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  // An authorizer's request names the method it guards: "methodArn":"arn:…:api/stage/GET/path".
  const methodArn = /"methodArn"\s*:\s*"([^"]*)"/.exec(text)?.[1];
  return { kind: 'endpoint-request-body', resource: match?.[1], methodArn };
}

function parseReceivedResponse(text: string): ExecutionLine {
  const status = /Status: (\d{3})/.exec(text);
  const latency = /Integration latency: (\d+) ms/.exec(text);
  return {
    kind: 'received-response',
    status: status?.[1] ? Number(status[1]) : undefined,
    latencyMs: latency?.[1] ? Number(latency[1]) : undefined,
  };
}

function parseResponseBody(text: string): ExecutionLine {
  const body = text.slice('Endpoint response body before transformations: '.length);
  const truncated = body.endsWith('[TRUNCATED]');
  return { kind: 'endpoint-response-body', body: truncated ? body.slice(0, -11).trimEnd() : body, truncated };
}

function parseExecutionFailed(text: string): ExecutionLine {
  const rest = text.slice('Execution failed due to '.length);
  if (rest.startsWith('configuration error')) {
    return { kind: 'execution-failed', reason: 'configuration', detail: afterColon(rest) };
  }
  if (rest.startsWith('a timeout error'))
    return { kind: 'execution-failed', reason: 'timeout', detail: rest };
  if (rest.startsWith('a network error')) {
    return { kind: 'execution-failed', reason: 'network', detail: afterColon(rest) || rest };
  }
  return { kind: 'execution-failed', reason: 'other', detail: rest };
}

function afterColon(text: string): string {
  const colon = text.indexOf(':');
  return colon < 0 ? '' : text.slice(colon + 1).trim();
}

const LAMBDA_REQUEST_ID = /Lambda request id: ([\w-]+)\s*$/;

function parseLambdaExecutionFailed(text: string): ExecutionLine {
  const status = /^Lambda execution failed with status (\d{3})/.exec(text);
  const id = LAMBDA_REQUEST_ID.exec(text);
  let detail = text;
  const marker = text.indexOf('due to customer function error:');
  if (marker >= 0) detail = text.slice(marker + 'due to customer function error:'.length);
  if (id) detail = detail.slice(0, detail.lastIndexOf('Lambda request id:'));
  // The gateway appends ". Lambda request id: …" after the function's own message.
  detail = detail.trim().replace(/\.$/, '');
  return {
    kind: 'lambda-execution-failed',
    status: status?.[1] ? Number(status[1]) : undefined,
    detail,
    lambdaRequestId: id?.[1],
  };
}

function parseLambdaInvocationFailed(text: string): ExecutionLine {
  const status = /status:? (\d{3})/.exec(text);
  return {
    kind: 'lambda-invocation-failed',
    status: status?.[1] ? Number(status[1]) : undefined,
    lambdaRequestId: LAMBDA_REQUEST_ID.exec(text)?.[1],
  };
}

function parseAuthorizerStart(text: string): ExecutionLine {
  const match = /^Starting authorizer: (\S+)/.exec(text);
  return { kind: 'authorizer-start', authorizerId: match?.[1] ?? '' };
}

function parseGatewayResponse(text: string): ExecutionLine {
  const match = /^Gateway response type: (\S+)(?: with status code: (\d{3}))?/.exec(text);
  return {
    kind: 'gateway-response',
    responseType: match?.[1] ?? '',
    status: match?.[2] ? Number(match[2]) : undefined,
  };
}

/**
 * `{Date=Wed, 27 Feb 2019 11:31:11 GMT, Content-Type=application/json, x-amzn-RequestId=…}`: values may
 * contain commas (dates) and `=` (trace ids), so split only before `, Name=`.
 */
export function parseHeaderMap(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let body = text.trim();
  if (body.startsWith('{')) body = body.slice(1);
  body = body.replace(/\s*\[TRUNCATED\]\s*$/, '');
  if (body.endsWith('}')) body = body.slice(0, -1);
  for (const part of body.split(/, (?=[A-Za-z0-9-]+=)/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    headers[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return headers;
}
