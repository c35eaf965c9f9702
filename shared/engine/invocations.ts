import type { LogEvent } from '../domain/bundle.ts';
import { parseFunctionLine } from '../parse/function-log.ts';
import type { FunctionLog, Invocation, LineRef } from './model.ts';
import { inTimeOrder } from './time-order.ts';

const MAX_LOGGED_ERRORS = 4;

/**
 * A function's log group → its invocations. Lines without a request id (init errors, heap aborts,
 * "Unknown application error") belong to the invocation that was running in the same log stream,
 * because one stream is one execution environment running one invocation at a time; lines before
 * a START belong to the environment's init and follow the next invocation.
 */
export function readFunctionLog(
  functionName: string,
  logGroup: string,
  events: readonly LogEvent[],
): FunctionLog {
  const invocations = new Map<string, Invocation>();
  const running = new Map<string, Invocation>();
  const pendingInit = new Map<string, { failures: Invocation['initFailures']; coldStart: boolean }>();
  const ordered = inTimeOrder(events);

  const invocationFor = (requestId: string, stream: string): Invocation => {
    let invocation = invocations.get(requestId);
    if (!invocation) {
      invocation = emptyInvocation(requestId, functionName, logGroup, stream);
      invocations.set(requestId, invocation);
    }
    return invocation;
  };

  for (const event of ordered) {
    const stream = event.logStreamName;
    const parsed = parseFunctionLine(event.message);
    const requestId = 'requestId' in parsed ? parsed.requestId : undefined;
    const target = requestId ? invocationFor(requestId, stream) : running.get(stream);
    // Most lines are START/END/app text that is never evidence: a LineRef is made only when kept.
    switch (parsed.kind) {
      case 'start': {
        const invocation = invocationFor(parsed.requestId, stream);
        invocation.startedAt = event.timestamp;
        invocation.logStreamName = stream;
        const init = pendingInit.get(stream);
        if (init) {
          invocation.initFailures.push(...init.failures);
          invocation.coldStart = init.coldStart;
          pendingInit.delete(stream);
        }
        running.set(stream, invocation);
        break;
      }
      case 'end':
        if (target) target.endedAt = event.timestamp;
        break;
      case 'report': {
        const invocation = invocationFor(parsed.requestId, stream);
        const { kind: _kind, requestId: _id, ...figures } = parsed;
        invocation.report = figures;
        invocation.reportLine = lineRef(logGroup, event, target);
        invocation.endedAt ??= event.timestamp;
        if (running.get(stream) === invocation) running.delete(stream);
        break;
      }
      case 'runtime-done':
        invocationFor(parsed.requestId, stream).runtimeDoneStatus = parsed.status;
        break;
      case 'init-start':
        pendingInit.set(stream, { failures: [], coldStart: true });
        break;
      case 'init-report':
        if (parsed.status && parsed.status !== 'success') {
          recordInitFailure(target, pendingInit, stream, {
            errorType: parsed.errorType,
            phase: parsed.phase,
            line: lineRef(logGroup, event, target),
          });
        }
        break;
      case 'timeout':
        if (target) target.timeoutLine ??= lineRef(logGroup, event, target);
        break;
      case 'error':
        if (parsed.duringInit && !requestId) {
          recordInitFailure(target, pendingInit, stream, {
            errorType: parsed.errorType,
            phase: 'init',
            line: lineRef(logGroup, event, target),
          });
        } else if (target) {
          target.errors.push({ document: parsed, line: lineRef(logGroup, event, target) });
          if (parsed.duringInit)
            target.initFailures.push({
              errorType: parsed.errorType,
              phase: 'invoke',
              line: lineRef(logGroup, event, target),
            });
        }
        break;
      case 'runtime-exit':
        if (target)
          target.exits.push({
            detail: parsed.detail,
            errorType: parsed.errorType,
            line: lineRef(logGroup, event, target),
          });
        break;
      case 'out-of-memory':
        if (target) target.outOfMemory.push(lineRef(logGroup, event, target));
        else pendingOrphan(pendingInit, stream, lineRef(logGroup, event, target));
        break;
      case 'response-too-large':
        if (target) target.responseTooLarge.push(lineRef(logGroup, event, target));
        break;
      case 'app':
        if (target) {
          target.appEvents.push(event);
          if (parsed.level === 'ERROR' || parsed.level === 'WARN' || parsed.level === 'FATAL') {
            if (target.loggedErrors.length < MAX_LOGGED_ERRORS)
              target.loggedErrors.push(lineRef(logGroup, event, target));
          }
        }
        break;
      default:
        break;
    }
  }
  const byStart = [...invocations.values()]
    .filter((invocation) => invocation.startedAt !== undefined)
    .sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  return { functionName, logGroup, invocations, byStart };
}

function lineRef(logGroup: string, event: LogEvent, target: Invocation | undefined): LineRef {
  return { logGroup, event, requestId: target?.requestId };
}

function emptyInvocation(
  requestId: string,
  functionName: string,
  logGroup: string,
  stream: string,
): Invocation {
  return {
    requestId,
    functionName,
    logGroup,
    logStreamName: stream,
    errors: [],
    exits: [],
    outOfMemory: [],
    responseTooLarge: [],
    initFailures: [],
    appEvents: [],
    loggedErrors: [],
    coldStart: false,
  };
}

function recordInitFailure(
  target: Invocation | undefined,
  pendingInit: Map<string, { failures: Invocation['initFailures']; coldStart: boolean }>,
  stream: string,
  failure: Invocation['initFailures'][number],
): void {
  if (target) {
    target.initFailures.push(failure);
    return;
  }
  const init = pendingInit.get(stream) ?? { failures: [], coldStart: true };
  init.failures.push(failure);
  pendingInit.set(stream, init);
}

/** A heap abort logged between invocations still belongs to the environment's next invocation. */
function pendingOrphan(
  pendingInit: Map<string, { failures: Invocation['initFailures']; coldStart: boolean }>,
  stream: string,
  line: LineRef,
): void {
  const init = pendingInit.get(stream) ?? { failures: [], coldStart: false };
  init.failures.push({ errorType: 'Runtime.OutOfMemory', phase: 'init', line });
  pendingInit.set(stream, init);
}

/** The last application line an invocation logged (what it was doing when it stopped). */
export function lastAppLine(invocation: Invocation | undefined): LineRef | undefined {
  const event = invocation?.appEvents.at(-1);
  return invocation && event
    ? { logGroup: invocation.logGroup, event, requestId: invocation.requestId }
    : undefined;
}

/**
 * UUIDs and HTTP API / extended request ids (`JxIuoM_-NjMEAWw=`: 15 base64url characters and `=`):
 * what an app line may say about its caller.
 */
const ID_TOKEN =
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{15}=/g;

/**
 * Id-like token → the invocation whose application lines mention it, built on demand (only when a
 * failing request has no Lambda request id to join on).
 */
export function mentionIndex(log: FunctionLog): Map<string, Invocation> {
  const index = new Map<string, Invocation>();
  for (const invocation of log.byStart) {
    for (const event of invocation.appEvents) {
      for (const match of event.message.matchAll(ID_TOKEN))
        if (!index.has(match[0])) index.set(match[0], invocation);
    }
  }
  return index;
}

/** Did this invocation fail, by its own log? (Used when no gateway log names the failing requests.) */
export function invocationFailed(invocation: Invocation): boolean {
  const status = invocation.report?.status ?? invocation.runtimeDoneStatus;
  return (
    (status !== undefined && status !== 'success') ||
    invocation.timeoutLine !== undefined ||
    invocation.errors.length > 0 ||
    invocation.exits.length > 0 ||
    invocation.outOfMemory.length > 0 ||
    invocation.responseTooLarge.length > 0 ||
    invocation.initFailures.length > 0
  );
}
