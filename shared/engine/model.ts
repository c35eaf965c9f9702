import type { FunctionFacts, LogEvent } from '../domain/bundle.ts';
import type { AccessRecord } from '../parse/access-log.ts';
import type { ErrorDocument, ReportFigures } from '../parse/function-log.ts';

/** One log event and the group it came from: the unit of evidence. */
export interface LineRef {
  logGroup: string;
  event: LogEvent;
  /** The request id the line belongs to (gateway or Lambda), when known. */
  requestId?: string;
}

export type IntegrationKind = 'lambda' | 'http' | 'aws-service' | 'unknown';

export interface IntegrationTarget {
  kind: IntegrationKind;
  uri: string;
  functionName?: string;
  /** Alias or version in the invoked ARN (`function:name:live`). */
  qualifier?: string;
  functionArn?: string;
}

/** One gateway request as the execution and access logs tell it. */
export interface GatewayRequest {
  requestId: string;
  firstSeen: number;
  lastSeen: number;
  status?: number;
  httpMethod?: string;
  /** Route template, e.g. `/orders/{id}`. */
  resource?: string;
  path?: string;
  /** X-Amz-Source-Arn the gateway sent to Lambda. */
  sourceArn?: string;
  integration?: IntegrationTarget;
  authorizer?: AuthorizerTrace;
  lambdaRequestId?: string;
  /** X-Amz-Function-Error header of the Lambda answer. */
  functionErrorHeader?: string;
  /** x-amzn-ErrorType header of the Lambda answer (rejected invokes). */
  errorTypeHeader?: string;
  integrationStatus?: number;
  integrationLatencyMs?: number;
  responseBody?: string;
  responseBodyTruncated?: boolean;
  responseBodyLine?: LineRef;
  /** When the gateway sent the integration request. */
  sentAt?: number;
  /** The error lines: the decisive evidence. */
  failureLines: LineRef[];
  completedSuccessfully: boolean;
  /** Parsed facts of the failure lines, in order. */
  failures: GatewayFailure[];
  access?: AccessRecord;
  accessLine?: LineRef;
  /** Which logs described it. */
  seenIn: { execution: boolean; access: boolean };
}

export type GatewayFailure =
  | { kind: 'execution-failed'; reason: string; detail: string; line: LineRef }
  | { kind: 'lambda-execution-failed'; detail: string; status?: number; line: LineRef }
  | { kind: 'lambda-invocation-failed'; status?: number; line: LineRef }
  | { kind: 'authorizer-failure'; detail: string; line: LineRef }
  | { kind: 'gateway-response'; responseType: string; status?: number; line: LineRef }
  | { kind: 'throttled'; detail: string; line: LineRef };

export interface AuthorizerTrace {
  authorizerId: string;
  functionName?: string;
  startedAt: number;
  endedAt?: number;
  succeeded: boolean;
  failed: boolean;
  resultBody?: string;
  lines: LineRef[];
}

/** One Lambda invocation as its function's log tells it. */
export interface Invocation {
  requestId: string;
  functionName: string;
  logGroup: string;
  logStreamName: string;
  startedAt?: number;
  endedAt?: number;
  report?: ReportFigures;
  reportLine?: LineRef;
  runtimeDoneStatus?: string;
  timeoutLine?: LineRef;
  errors: Array<{ document: ErrorDocument; line: LineRef }>;
  exits: Array<{ detail: string; errorType?: string; line: LineRef }>;
  outOfMemory: LineRef[];
  responseTooLarge: LineRef[];
  /** Init failures of the execution environment this invocation ran in (or tried to). */
  initFailures: Array<{ errorType?: string; phase?: string; line: LineRef }>;
  /** Its application lines, oldest first (kept as events; LineRefs are made only for evidence). */
  appEvents: LogEvent[];
  /** Application lines at WARN/ERROR level (handled errors the function logged). */
  loggedErrors: LineRef[];
  /** Whether this invocation started a new execution environment (INIT_START before it). */
  coldStart: boolean;
}

/** A function's invocations, indexed for the joins. */
export interface FunctionLog {
  functionName: string;
  logGroup: string;
  invocations: Map<string, Invocation>;
  /** START time order, for the time-based joins. */
  byStart: Invocation[];
}

export type JoinKind = 'request-id' | 'mention' | 'time' | 'none';

/** A failing request with whatever evidence could be joined to it. */
export interface CorrelatedFailure {
  request?: GatewayRequest;
  /** The function the gateway invoked (or, for authorizer failures, the authorizer). */
  functionName?: string;
  facts?: FunctionFacts;
  invocation?: Invocation;
  joinedBy: JoinKind;
  authorizerInvocation?: Invocation;
}
