import type { LogEvent, Route } from '../domain/bundle.ts';
import { parseAccessLine } from '../parse/access-log.ts';
import { parseExecutionLine, splitExecutionPrefix } from '../parse/execution-log.ts';
import { parseIntegrationUri } from './integration-target.ts';
import type { GatewayRequest, LineRef } from './model.ts';
import { matchRoute } from './routes.ts';
import { inTimeOrder } from './time-order.ts';

/** The failing requests of one stage, and how many requests the logs showed in all. */
export interface GatewayRead {
  failing: GatewayRequest[];
  /** Requests whose outcome the logs show (completed, or failed before completing). */
  requestsSeen: number;
  /** Execution log lines with a request id we could not classify. */
  unrecognisedLines: number;
}

/** Lines that end a request without a "Method completed" line (authorizer failures do that). */
const FAILURE_PREFIXES = [
  'Execution failed due to',
  'Lambda execution failed',
  'Lambda invocation failed',
  'AuthorizerConfigurationException',
];
const METHOD_COMPLETED = 'Method completed with status: ';

/**
 * Execution log → failing requests. Two passes so that only the failing requests' lines are parsed
 * in full: the first looks at one position of each line (after the request id prefix), which keeps
 * the engine linear and close to a text search in cost on big incidents.
 */
export function readExecutionLog(
  logGroup: string,
  events: readonly LogEvent[],
  routes: readonly Route[],
): GatewayRead {
  const completed = new Map<string, number>();
  const marked = new Set<string>();
  // Where each line's text starts (after `(id) `), kept for the second pass: -1 without a prefix.
  const textStarts = new Int32Array(events.length);
  for (let index = 0; index < events.length; index++) {
    const message = (events[index] as LogEvent).message;
    const textStart = executionTextStart(message);
    textStarts[index] = textStart;
    if (textStart < 0) continue;
    const first = message.charCodeAt(textStart);
    if (first === 77 /* M */ && message.startsWith(METHOD_COMPLETED, textStart)) {
      const status = Number.parseInt(
        message.slice(textStart + METHOD_COMPLETED.length, textStart + METHOD_COMPLETED.length + 3),
        10,
      );
      if (Number.isFinite(status)) completed.set(message.slice(1, textStart - 2), status);
    } else if (
      (first === 69 || first === 76 || first === 65) &&
      FAILURE_PREFIXES.some((prefix) => message.startsWith(prefix, textStart))
    ) {
      marked.add(message.slice(1, textStart - 2));
    }
  }
  const failingIds = new Set<string>();
  for (const [id, status] of completed) if (status >= 500) failingIds.add(id);
  for (const id of marked) if (!completed.has(id)) failingIds.add(id);

  // Pick the failing requests' lines by a key of the id's first characters, slicing an id only on a
  // hit: allocating a substring for each of hundreds of thousands of lines is what would cost here.
  const failingKeys = new Set<number>();
  for (const id of failingIds) failingKeys.add(idKey(`(${id}) `, 1, id.length + 1));
  const buckets = new Map<string, LogEvent[]>();
  if (failingIds.size > 0) {
    for (let index = 0; index < events.length; index++) {
      const textStart = textStarts[index] ?? -1;
      if (textStart < 0) continue;
      const event = events[index] as LogEvent;
      const message = event.message;
      if (!failingKeys.has(idKey(message, 1, textStart - 2))) continue;
      const id = message.slice(1, textStart - 2);
      if (!failingIds.has(id)) continue;
      const bucket = buckets.get(id);
      if (bucket) bucket.push(event);
      else buckets.set(id, [event]);
    }
  }
  let unrecognisedLines = 0;
  const failing: GatewayRequest[] = [];
  for (const [id, lines] of buckets) {
    const folded = foldExecutionLines(logGroup, id, lines, routes);
    unrecognisedLines += folded.unrecognised;
    failing.push(folded.request);
  }
  failing.sort((a, b) => a.firstSeen - b.firstSeen);
  return { failing, requestsSeen: new Set([...completed.keys(), ...marked]).size, unrecognisedLines };
}

/**
 * FNV-1a of the first 8 characters of text[start, end) and its length: a number to test set
 * membership without a substring. Request ids are random (UUIDs), so 8 characters separate them;
 * a rare collision only costs the exact check that follows.
 */
function idKey(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5 ^ (end - start);
  const stop = Math.min(end, start + 8);
  for (let i = start; i < stop; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Index of the text after `(request-id) `, or -1 for lines without the prefix. */
function executionTextStart(message: string): number {
  if (message.charCodeAt(0) !== 40 /* ( */) return -1;
  const close = message.indexOf(') ', 1);
  return close > 1 && close < 80 ? close + 2 : -1;
}

function foldExecutionLines(
  logGroup: string,
  requestId: string,
  events: LogEvent[],
  routes: readonly Route[],
): { request: GatewayRequest; unrecognised: number } {
  const ordered = inTimeOrder(events);
  const first = ordered[0];
  const request: GatewayRequest = {
    requestId,
    firstSeen: first?.timestamp ?? 0,
    lastSeen: ordered[ordered.length - 1]?.timestamp ?? 0,
    failureLines: [],
    failures: [],
    completedSuccessfully: false,
    seenIn: { execution: true, access: false },
  };
  let inAuthorizer = false;
  let unrecognised = 0;
  for (const event of ordered) {
    const line: LineRef = { logGroup, event, requestId };
    const parsed = parseExecutionLine(splitExecutionPrefix(event.message).text);
    switch (parsed.kind) {
      case 'method-path':
        request.httpMethod ??= parsed.httpMethod;
        request.path ??= parsed.path;
        break;
      case 'route':
        request.httpMethod ??= parsed.httpMethod;
        request.resource ??= parsed.resource;
        break;
      case 'endpoint-request-headers':
        if (!inAuthorizer) request.sourceArn ??= parsed.headers['x-amz-source-arn'];
        break;
      case 'endpoint-request-body':
        if (!inAuthorizer && parsed.resource) request.resource ??= parsed.resource;
        if (inAuthorizer && parsed.methodArn) readMethodArn(request, parsed.methodArn);
        break;
      case 'endpoint-request-uri':
      case 'sending-request': {
        const target = parseIntegrationUri(parsed.uri);
        if (inAuthorizer && request.authorizer) request.authorizer.functionName ??= target.functionName;
        else request.integration ??= target;
        if (parsed.kind === 'sending-request' && !inAuthorizer) request.sentAt = event.timestamp;
        break;
      }
      case 'received-response':
        if (!inAuthorizer) {
          request.integrationStatus = parsed.status ?? request.integrationStatus;
          request.integrationLatencyMs = parsed.latencyMs ?? request.integrationLatencyMs;
        }
        break;
      case 'endpoint-response-headers':
        if (!inAuthorizer) {
          request.lambdaRequestId ??= parsed.headers['x-amzn-requestid'];
          request.functionErrorHeader ??= parsed.headers['x-amz-function-error'];
          request.errorTypeHeader ??= parsed.headers['x-amzn-errortype'];
        }
        break;
      case 'endpoint-response-body':
        if (!inAuthorizer) {
          request.responseBody = parsed.body;
          request.responseBodyTruncated = parsed.truncated;
          request.responseBodyLine = line;
        }
        break;
      case 'execution-failed':
        addFailure(request, line, {
          kind: 'execution-failed',
          reason: parsed.reason,
          detail: parsed.detail,
          line,
        });
        if (inAuthorizer && request.authorizer) request.authorizer.failed = true;
        break;
      case 'lambda-execution-failed':
        addFailure(request, line, {
          kind: 'lambda-execution-failed',
          detail: parsed.detail,
          status: parsed.status,
          line,
        });
        if (!inAuthorizer) request.lambdaRequestId ??= parsed.lambdaRequestId;
        break;
      case 'lambda-invocation-failed':
        addFailure(request, line, { kind: 'lambda-invocation-failed', status: parsed.status, line });
        if (!inAuthorizer) request.lambdaRequestId ??= parsed.lambdaRequestId;
        break;
      case 'method-completed':
        request.status = parsed.status;
        break;
      case 'successfully-completed':
        request.completedSuccessfully = true;
        break;
      case 'integration-request-id':
        if (request.integration?.kind === 'lambda') request.lambdaRequestId ??= parsed.id;
        break;
      case 'authorizer-start':
        inAuthorizer = true;
        request.authorizer = {
          authorizerId: parsed.authorizerId,
          startedAt: event.timestamp,
          succeeded: false,
          failed: false,
          lines: [line],
        };
        break;
      case 'authorizer-result':
        if (request.authorizer) request.authorizer.resultBody = parsed.body;
        break;
      case 'authorizer-success':
        if (request.authorizer) {
          request.authorizer.succeeded = true;
          request.authorizer.endedAt = event.timestamp;
        }
        inAuthorizer = false;
        break;
      case 'authorizer-failure':
        addFailure(request, line, { kind: 'authorizer-failure', detail: parsed.detail, line });
        if (request.authorizer) {
          request.authorizer.failed = true;
          request.authorizer.endedAt = event.timestamp;
        }
        inAuthorizer = false;
        break;
      case 'gateway-response':
        addFailure(request, line, {
          kind: 'gateway-response',
          responseType: parsed.responseType,
          status: parsed.status,
          line,
        });
        break;
      case 'throttled':
        addFailure(request, line, { kind: 'throttled', detail: parsed.detail, line });
        break;
      case 'unrecognised':
        unrecognised++;
        break;
      default:
        break;
    }
    if (inAuthorizer && request.authorizer && parsed.kind !== 'authorizer-start')
      request.authorizer.lines.push(line);
  }
  // An authorizer failure ends the request without a "Method completed" line: the client saw 500.
  if (request.status === undefined && request.failures.length > 0) request.status = 500;
  resolveRoute(request, routes);
  return { request, unrecognised };
}

/** `arn:aws:execute-api:region:account:api/stage/METHOD/path`: the request the authorizer guards. */
function readMethodArn(request: GatewayRequest, methodArn: string): void {
  const match = /:[^:/]+\/[^/]+\/([A-Z]+)(\/.*)?$/.exec(methodArn);
  if (!match?.[1]) return;
  request.httpMethod ??= match[1];
  request.path ??= match[2] ?? '/';
}

function addFailure(
  request: GatewayRequest,
  line: LineRef,
  failure: GatewayRequest['failures'][number],
): void {
  request.failures.push(failure);
  request.failureLines.push(line);
}

/** Route template from the source ARN when the logs gave none, else from the configured routes. */
export function resolveRoute(request: GatewayRequest, routes: readonly Route[]): void {
  if (!request.resource && request.sourceArn) {
    const match = /:[\w]+\/[^/]+\/([A-Z]+|\*)(\/.*)?$/.exec(request.sourceArn);
    if (match) {
      request.httpMethod ??= match[1] === '*' ? undefined : match[1];
      request.resource = match[2] ?? '/';
    }
  }
  if (!request.resource && request.path && request.httpMethod) {
    request.resource = matchRoute(routes, request.httpMethod, request.path)?.resource;
  }
}

/**
 * Access log → records by gateway request id; `onlyFailing` keeps the 5xx ones. A cheap text test
 * before JSON.parse keeps the big access logs of healthy traffic cheap.
 */
export function readAccessLog(
  logGroup: string,
  events: readonly LogEvent[],
): { failing: GatewayRequest[]; requestsSeen: number; unrecognisedLines: number } {
  const failing: GatewayRequest[] = [];
  let unrecognisedLines = 0;
  for (const event of events) {
    if (!/\b5\d\d\b/.test(event.message)) continue;
    const parsed = parseAccessLine(event.message);
    if (parsed.kind !== 'access') {
      unrecognisedLines++;
      continue;
    }
    const record = parsed.record;
    if (record.status === undefined || record.status < 500) continue;
    const line: LineRef = { logGroup, event, requestId: record.requestId };
    failing.push({
      requestId: record.requestId ?? `${event.logStreamName}@${event.timestamp}`,
      firstSeen: event.timestamp,
      lastSeen: event.timestamp,
      status: record.status,
      httpMethod: record.httpMethod,
      resource: record.resource,
      path: record.path,
      lambdaRequestId: record.lambdaRequestId,
      integrationStatus: record.integrationStatus,
      integrationLatencyMs: record.integrationLatencyMs,
      failureLines: [line],
      failures: [],
      completedSuccessfully: false,
      access: record,
      accessLine: line,
      seenIn: { execution: false, access: true },
    });
  }
  return { failing, requestsSeen: events.length, unrecognisedLines };
}

/** Joins access records onto the execution-log requests of the same gateway request id. */
export function mergeAccessRecords(execution: GatewayRequest[], access: GatewayRequest[]): GatewayRequest[] {
  if (execution.length === 0) return access;
  const byId = new Map(execution.map((request) => [request.requestId, request]));
  const merged = [...execution];
  for (const record of access) {
    const known = byId.get(record.requestId);
    if (!known) {
      merged.push(record);
      continue;
    }
    known.access = record.access;
    known.accessLine = record.accessLine;
    known.seenIn.access = true;
    known.resource ??= record.resource;
    known.httpMethod ??= record.httpMethod;
    known.lambdaRequestId ??= record.lambdaRequestId;
    known.status ??= record.status;
  }
  return merged.sort((a, b) => a.firstSeen - b.firstSeen);
}
