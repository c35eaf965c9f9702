import { RootCause } from '../../domain/root-cause.ts';
import { checkProxyResponse } from '../../parse/proxy-response.ts';
import { functionLabel } from '../group-facts.ts';
import { evidenceOf, gatewayLine, gatewaySays } from '../signals.ts';
import type { CauseRule, FailureGroup } from './cause-rule.ts';

/** API Gateway could not read the function's answer as a proxy response. */
export const lambdaMalformedResponse: CauseRule = {
  category: RootCause.LAMBDA_MALFORMED_RESPONSE,

  detect(failure) {
    const request = failure.request;
    if (!request) return undefined;
    if (gatewaySays(request, /Malformed Lambda proxy response/i)) {
      return { strength: 0.96, evidence: evidenceOf(request.responseBodyLine, gatewayLine(failure)) };
    }
    const access = request.access;
    if (
      access?.errorResponseType === 'MALFORMED_PROXY_RESPONSE' ||
      /doesn't match the format|wrong type for field|Malformed/i.test(access?.integrationError ?? '')
    ) {
      return { strength: 0.92, evidence: evidenceOf(gatewayLine(failure)) };
    }
    return undefined;
  },

  describe(group, context) {
    const problem = analyse(group, context.api.kind).headline;
    return `${functionLabel(group)} returned a response API Gateway cannot use${problem ? ` (${problem})` : ''}`;
  },

  remediate(group, context) {
    const analysis = analyse(group, context.api.kind);
    const runtime = context.functionFacts(group.functionName)?.configuration.Runtime ?? '';
    const steps: string[] = [];
    if (analysis.problems.length > 0)
      steps.push(`What is wrong with the logged response: ${analysis.problems.slice(0, 3).join('; ')}.`);
    else if (analysis.unreadable) steps.push(`The response could not be checked: ${analysis.unreadable}.`);
    if (analysis.corrected) steps.push(`Return this shape instead: \`${analysis.corrected}\`.`);
    if (runtime.startsWith('python')) {
      steps.push(
        'In Python, build the body with `json.dumps(...)` and return a dict with `statusCode` (int) and `body` (str).',
      );
    } else if (runtime.startsWith('nodejs')) {
      steps.push(
        'In Node.js, `return` the response from the async handler (not `callback` and not nothing) with `body: JSON.stringify(...)`.',
      );
    }
    return steps;
  },
};

function analyse(group: FailureGroup, apiKind: 'REST' | 'HTTP'): ReturnType<typeof checkProxyResponse> {
  for (const failure of group.failures) {
    const body = failure.request?.responseBody;
    if (body === undefined) continue;
    const check = checkProxyResponse(body, { apiKind, truncated: failure.request?.responseBodyTruncated });
    if (check.problems.length > 0) return check;
  }
  const first = group.failures.find((failure) => failure.request?.responseBody !== undefined)?.request;
  if (first?.responseBody !== undefined)
    return checkProxyResponse(first.responseBody, { apiKind, truncated: first.responseBodyTruncated });
  return {
    problems: [],
    unreadable:
      'the response body is not in the logs (execution logging at ERROR level does not log it; INFO does)',
  };
}
