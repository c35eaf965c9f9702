import { RootCause } from '../../domain/root-cause.ts';
import { isObject, tryParseJson } from '../../parse/json.ts';
import { shorten } from '../format.ts';
import { mostCommon } from '../group-facts.ts';
import { backendAnswered, evidenceOf, gatewayLine } from '../signals.ts';
import type { CauseRule, ClassifiedFailure } from './cause-rule.ts';

/** The integration ran and answered 5xx itself (a handled error); the gateway only passed it on. */
export const backendReturned5xx: CauseRule = {
  category: RootCause.BACKEND_RETURNED_5XX,

  detect(failure) {
    const request = failure.request;
    if (!backendAnswered(request)) return undefined;
    const ownError = failure.invocation?.loggedErrors[0];
    const completed = request?.failureLines.length === 0 ? undefined : gatewayLine(failure);
    return {
      strength: request?.seenIn.execution ? 0.93 : 0.82,
      evidence: evidenceOf(request?.responseBodyLine ?? completed ?? request?.accessLine, ownError),
    };
  },

  describe(group) {
    const status = mostCommon(
      group.failures.map((failure) => failure.request?.status).filter((s): s is number => s !== undefined),
    );
    const who = group.functionName ? `Lambda ${group.functionName}` : 'The backend';
    return `${who} answered ${status ?? '5xx'} itself (a handled error, not a gateway or Lambda failure)`;
  },

  remediate(group) {
    const steps: string[] = [];
    const logged = loggedError(group.failures);
    if (logged) steps.push(`Its own log says why: \`${shorten(logged, 180)}\`.`);
    const body = returnedBody(group.failures);
    if (body) steps.push(`The response it returned: \`${shorten(body, 160)}\`.`);
    steps.push(
      group.functionName
        ? 'Fix the dependency or code path behind that error; the gateway and Lambda are healthy. If the 5xx is an expected back-pressure answer (503 + Retry-After), consider counting it apart from real faults in the alarm.'
        : 'Look at the backend service behind the integration: the gateway only relayed its 5xx.',
    );
    return steps;
  },
};

function loggedError(failures: readonly ClassifiedFailure[]): string | undefined {
  const lines = failures
    .map((failure) => failure.invocation?.loggedErrors[0]?.event.message)
    .filter((m): m is string => Boolean(m));
  const first = lines[0];
  return first?.split('\n')[0]?.replace(/^\S+\t\S+\t\w+\t/, '');
}

function returnedBody(failures: readonly ClassifiedFailure[]): string | undefined {
  for (const failure of failures) {
    const body = failure.request?.responseBody;
    if (!body) continue;
    const parsed = tryParseJson(body);
    if (parsed.ok && isObject(parsed.value) && typeof parsed.value.body === 'string') {
      return `statusCode ${String(parsed.value.statusCode)}, body ${parsed.value.body}`;
    }
    return body;
  }
  return undefined;
}
