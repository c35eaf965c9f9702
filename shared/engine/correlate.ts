import type { Route } from '../domain/bundle.ts';
import type { IncidentData } from '../domain/incident.ts';
import { mentionIndex } from './invocations.ts';
import type { CorrelatedFailure, FunctionLog, GatewayRequest, Invocation } from './model.ts';
import { findRoute, matchRoute } from './routes.ts';

/** How far after the gateway sent a request its invocation may START and still be joined by time. */
const TIME_JOIN_MS = 2_000;

/**
 * Each failing gateway request → the function it called → that invocation's log, by the strongest
 * join available: the Lambda request id; else the gateway id mentioned in the function's own lines
 * (correlation ids, Powertools); else the invocation that started right after the gateway sent the
 * request. The join kind is kept so that confidence can say how good the evidence is.
 */
export function correlate(
  incident: IncidentData,
  requests: readonly GatewayRequest[],
  functionLogs: ReadonlyMap<string, FunctionLog>,
): CorrelatedFailure[] {
  const byLambdaId = new Map<string, Invocation>();
  for (const log of functionLogs.values())
    for (const [id, invocation] of log.invocations) byLambdaId.set(id, invocation);
  const claimed = new Set<Invocation>();
  const routes = incident.api.routes ?? [];
  const mentionIndexes = new Map<FunctionLog, Map<string, Invocation>>();
  const mentionsOf = (log: FunctionLog): Map<string, Invocation> => {
    let index = mentionIndexes.get(log);
    if (!index) {
      index = mentionIndex(log);
      mentionIndexes.set(log, index);
    }
    return index;
  };

  return requests.map((request) => {
    const functionName = integrationFunction(request, routes);
    const facts = functionName ? incident.functions[functionName] : undefined;
    const failure: CorrelatedFailure = { request, functionName, facts, joinedBy: 'none' };
    const log = functionName ? functionLogs.get(functionName) : undefined;

    const byId = request.lambdaRequestId ? byLambdaId.get(request.lambdaRequestId) : undefined;
    if (byId) {
      failure.invocation = byId;
      failure.joinedBy = 'request-id';
      failure.functionName ??= byId.functionName;
      failure.facts ??= incident.functions[byId.functionName];
    } else {
      // ERROR-level logs may not name the function: then any function that logged the gateway id served it.
      const candidates = log ? [log] : functionName ? [] : [...functionLogs.values()];
      const mentioned = candidates.map((c) => findMention(mentionsOf(c), request)).find(Boolean);
      const timed =
        mentioned || !log || request.lambdaRequestId ? undefined : findByTime(log, request.sentAt, claimed);
      const invocation = mentioned ?? timed;
      if (invocation) {
        failure.invocation = invocation;
        failure.joinedBy = mentioned ? 'mention' : 'time';
        failure.functionName ??= invocation.functionName;
        failure.facts ??= incident.functions[invocation.functionName];
      }
    }
    if (failure.invocation) claimed.add(failure.invocation);

    const authorizerName = request.authorizer?.functionName;
    if (request.authorizer?.failed && authorizerName) {
      const authorizerLog = functionLogs.get(authorizerName);
      if (authorizerLog) {
        failure.authorizerInvocation = findByTime(
          authorizerLog,
          request.authorizer.startedAt,
          claimed,
          request.authorizer.endedAt,
        );
        if (failure.authorizerInvocation) claimed.add(failure.authorizerInvocation);
      }
    }
    return failure;
  });
}

/** The function behind a request: the integration ARN, else the configured route. */
export function integrationFunction(request: GatewayRequest, routes: readonly Route[]): string | undefined {
  if (request.integration?.kind === 'lambda') return request.integration.functionName;
  if (request.integration && request.integration.kind !== 'unknown') return undefined;
  if (request.resource) {
    const route = findRoute(routes, request.httpMethod, request.resource);
    if (route?.functionName) return route.functionName;
  }
  if (request.path && request.httpMethod)
    return matchRoute(routes, request.httpMethod, request.path)?.functionName;
  return undefined;
}

function findMention(
  index: ReadonlyMap<string, Invocation>,
  request: GatewayRequest,
): Invocation | undefined {
  for (const id of [request.requestId, request.access?.extendedRequestId]) {
    const invocation = id ? index.get(id) : undefined;
    if (invocation) return invocation;
  }
  return undefined;
}

/** The nearest unclaimed invocation that started within the join window after `from`. */
function findByTime(
  log: FunctionLog,
  from: number | undefined,
  claimed: ReadonlySet<Invocation>,
  until?: number,
): Invocation | undefined {
  if (from === undefined) return undefined;
  const latest = (until ?? from) + TIME_JOIN_MS;
  let best: Invocation | undefined;
  for (const invocation of log.byStart) {
    const started = invocation.startedAt ?? 0;
    if (started < from - 50) continue;
    if (started > latest) break;
    if (claimed.has(invocation)) continue;
    best = invocation;
    break;
  }
  return best;
}
