import { randomUUID } from 'node:crypto';
import { LocalServiceError } from './errors.ts';
import type { Fault } from './faults.ts';

/**
 * What each AWS protocol puts on the wire, as the SDK v3 clients parse it.
 * - awsJson1_0 / awsJson1_1: `POST /`, `X-Amz-Target: <prefix>.<Operation>`, errors
 *   `{"__type": "...", "message": "..."}`; query-compatible services (CloudWatch, SQS) add
 *   `x-amzn-query-error: <QueryCode>;Sender|Receiver`.
 * - restJson1 (Lambda): errors carry `x-amzn-errortype` and a `{"Type": "User", "Message": "..."}` body.
 */
export type Protocol = 'awsJson1_0' | 'awsJson1_1' | 'restJson1';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface ServiceWire {
  protocol: Protocol;
  /** Prefix of `__type` for query-compatible services (`com.amazonaws.sqs`). */
  namespace?: string;
  queryCompatible?: boolean;
  /** The service's error for each injectable fault. */
  faultError(fault: Exclude<Fault, { kind: 'slow' }>, operation: string): LocalServiceError;
}

const CONTENT_TYPES: Record<Protocol, string> = {
  awsJson1_0: 'application/x-amz-json-1.0',
  awsJson1_1: 'application/x-amz-json-1.1',
  restJson1: 'application/json',
};

export function jsonReply(wire: ServiceWire, body: unknown, status = 200): Reply {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPES[wire.protocol], 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body ?? {}),
  };
}

export function errorReply(wire: ServiceWire, error: LocalServiceError): Reply {
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[wire.protocol],
    'x-amzn-requestid': randomUUID(),
    ...error.headers,
  };
  const side = error.status < 500 ? 'Sender' : 'Receiver';
  if (wire.protocol === 'restJson1') {
    headers['x-amzn-errortype'] = error.code;
    const body = { Type: error.status < 500 ? 'User' : 'Service', Message: error.message, ...error.extra };
    return { status: error.status, headers, body: JSON.stringify(body) };
  }
  if (wire.queryCompatible) headers['x-amzn-query-error'] = `${error.queryCode ?? error.code};${side}`;
  const type = wire.namespace ? `${wire.namespace}#${error.code}` : error.code;
  return {
    status: error.status,
    headers,
    body: JSON.stringify({ __type: type, message: error.message, ...error.extra }),
  };
}

/** The response to a request the endpoint cannot route: the shape an unknown operation gets. */
export function unknownOperation(what: string): Reply {
  return {
    status: 400,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': 'UnknownOperationException',
    },
    body: JSON.stringify({
      __type: 'UnknownOperationException',
      message: `the local endpoint does not serve ${what}`,
    }),
  };
}

/** Standard fault errors for JSON-RPC services that follow the common naming. */
export function jsonFaultError(
  fault: Exclude<Fault, { kind: 'slow' }>,
  operation: string,
  names: {
    throttle: string;
    throttleQuery?: string;
    server: string;
    serverQuery?: string;
    denied: string;
    deniedStatus?: number;
  },
  service: string,
  accountId: string,
): LocalServiceError {
  if (fault.kind === 'throttle') {
    return new LocalServiceError(400, names.throttle, 'Rate exceeded', withQuery(names.throttleQuery));
  }
  if (fault.kind === 'server-error') {
    return new LocalServiceError(
      fault.status ?? 500,
      names.server,
      'The service is unavailable. Please try again later.',
      withQuery(names.serverQuery),
    );
  }
  return new LocalServiceError(
    names.deniedStatus ?? 400,
    names.denied,
    `User: arn:aws:sts::${accountId}:assumed-role/triage/triage is not authorized to perform: ${service}:${operation}`,
  );
}

function withQuery(queryCode: string | undefined): { queryCode?: string } {
  return queryCode ? { queryCode } : {};
}

/** Reads a JSON-RPC body; AWS answers SerializationException to what is not a JSON object. */
export function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new LocalServiceError(
      400,
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LocalServiceError(
      400,
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  return parsed as Record<string, unknown>;
}

/** One JSON-RPC service of the local endpoint: routed by the `X-Amz-Target` prefix. */
export interface JsonRpcService extends ServiceWire {
  /** Service name as in IAM actions / recorded calls, e.g. `logs`. */
  name: string;
  /** `X-Amz-Target` prefix, e.g. `Logs_20140328`. */
  targetPrefix: string;
  operations: Record<string, (params: Record<string, unknown>) => unknown>;
}

/** Where the local services live, for ARNs and URLs they hand out. */
export interface LocalContext {
  endpoint: string;
  region: string;
  accountId: string;
}

export function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

export function numberParam(params: Record<string, unknown>, name: string): number | undefined {
  const value = params[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `{ key: value }` when the value is defined, else `{}`: AWS omits absent members. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
