import { isObject, tryParseJson } from './json.ts';

/**
 * One API Gateway access-log record, whatever names the stage's format gives the `$context` fields.
 * Teams name the keys themselves (`integrationErrorMessage`, `integration_error`, `lambdaRequestId`…),
 * so keys are matched by an alias table on their normalised spelling.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
 */
export interface AccessRecord {
  requestId?: string;
  extendedRequestId?: string;
  status?: number;
  httpMethod?: string;
  /** Route template: `$context.resourcePath` (REST) or the path part of `$context.routeKey` (HTTP). */
  resource?: string;
  path?: string;
  /** `$context.integrationStatus` or `$context.integration.status`: whichever the format logs. */
  integrationStatus?: number;
  /** The Lambda service's own status when the format logs it under a separate name. */
  lambdaServiceStatus?: number;
  integrationError?: string;
  errorMessage?: string;
  errorResponseType?: string;
  lambdaRequestId?: string;
  integrationLatencyMs?: number;
  responseLatencyMs?: number;
  responseLength?: number;
  authorizerError?: string;
}

type AccessField = keyof AccessRecord;

/** Normalised key (lower case, letters and digits only) → field. */
const ALIASES: Record<string, AccessField> = {
  requestid: 'requestId',
  extendedrequestid: 'extendedRequestId',
  status: 'status',
  statuscode: 'status',
  httpstatus: 'status',
  httpmethod: 'httpMethod',
  method: 'httpMethod',
  resourcepath: 'resource',
  resource: 'resource',
  path: 'path',
  requestpath: 'path',
  integrationstatus: 'integrationStatus',
  integrationintegrationstatus: 'lambdaServiceStatus',
  lambdaservicestatus: 'lambdaServiceStatus',
  lambdastatus: 'lambdaServiceStatus',
  integrationerrormessage: 'integrationError',
  integrationerror: 'integrationError',
  errormessage: 'errorMessage',
  errormessagestring: 'errorMessage',
  error: 'errorMessage',
  errorresponsetype: 'errorResponseType',
  errortype: 'errorResponseType',
  responsetype: 'errorResponseType',
  integrationrequestid: 'lambdaRequestId',
  lambdarequestid: 'lambdaRequestId',
  awsendpointrequestid: 'lambdaRequestId',
  integrationlatency: 'integrationLatencyMs',
  responselatency: 'responseLatencyMs',
  responselength: 'responseLength',
  authorizererror: 'authorizerError',
  authorizeerror: 'authorizerError',
};

const NUMERIC: ReadonlySet<AccessField> = new Set<AccessField>([
  'status',
  'integrationStatus',
  'lambdaServiceStatus',
  'integrationLatencyMs',
  'responseLatencyMs',
  'responseLength',
]);

export type AccessLine = { kind: 'access'; record: AccessRecord } | { kind: 'unrecognised' };

export function parseAccessLine(message: string): AccessLine {
  const trimmed = message.trim();
  if (trimmed.startsWith('{')) {
    const parsed = tryParseJson(trimmed);
    if (parsed.ok && isObject(parsed.value)) return { kind: 'access', record: readJsonRecord(parsed.value) };
    return { kind: 'unrecognised' };
  }
  const clf = parseCommonLogFormat(trimmed);
  return clf ? { kind: 'access', record: clf } : { kind: 'unrecognised' };
}

function readJsonRecord(json: Record<string, unknown>): AccessRecord {
  const record: AccessRecord = {};
  const assign = (key: string, value: unknown): void => {
    const field = ALIASES[key.toLowerCase().replace(/[^a-z0-9]/g, '')];
    if (!field || record[field] !== undefined) return;
    const text = scalarText(value);
    if (text === undefined) return;
    if (NUMERIC.has(field)) {
      const number = Number(text);
      if (Number.isFinite(number)) (record as Record<string, unknown>)[field] = number;
    } else {
      (record as Record<string, unknown>)[field] = text;
    }
  };
  for (const [key, value] of Object.entries(json)) {
    // Nested formats, e.g. {"integration": {"error": "..."}}: flatten one level as "integration.error".
    if (isObject(value))
      for (const [inner, innerValue] of Object.entries(value)) assign(key + inner, innerValue);
    else assign(key, value);
  }
  splitRouteKey(json, record);
  return record;
}

/** `$context` variables that had no value are logged as "-". */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' || text === '-' ? undefined : text;
}

function splitRouteKey(json: Record<string, unknown>, record: AccessRecord): void {
  const routeKey = Object.entries(json).find(
    ([key]) => key.toLowerCase().replace(/[^a-z]/g, '') === 'routekey',
  )?.[1];
  if (typeof routeKey !== 'string') return;
  const match = /^([A-Z]+) (\S+)$/.exec(routeKey.trim());
  if (match?.[1] && match[2]) {
    record.resource ??= match[2];
    record.httpMethod ??= match[1] === 'ANY' ? record.httpMethod : match[1];
  } else if (routeKey.trim() === '$default') {
    record.resource ??= '$default';
  }
}

/**
 * The console's CLF presets. REST: `ip caller user [time]"METHOD resourcePath protocol" status length
 * requestId[ extendedRequestId]` (the newer preset adds the extended id, and has no space before the
 * quote). HTTP: `ip - - [time] "METHOD routeKey protocol" …`, where the routeKey repeats the method.
 */
const CLF = /^(\S+) (\S+) (\S+) \[([^\]]+)\] ?"([A-Z]+) ([^"]+) (\S+)" (\d{3}|-) (\d+|-) (\S+)(?: (\S+))?$/;

function parseCommonLogFormat(line: string): AccessRecord | undefined {
  const match = CLF.exec(line);
  if (!match) return undefined;
  const [, , , , , method, target = '', , status, length, requestId, extendedRequestId] = match;
  const routeKey = /^([A-Z]+) (\S+)$/.exec(target);
  const record: AccessRecord = {
    requestId: requestId === '-' ? undefined : requestId,
    httpMethod: method,
    resource: routeKey?.[2] ?? target,
    status: status && status !== '-' ? Number(status) : undefined,
    responseLength: length && length !== '-' ? Number(length) : undefined,
  };
  if (extendedRequestId && extendedRequestId !== '-') record.extendedRequestId = extendedRequestId;
  return record;
}
