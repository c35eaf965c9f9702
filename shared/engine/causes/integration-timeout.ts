import { RootCause } from '../../domain/root-cause.ts';
import { formatMs, formatSeconds, percentile } from '../format.ts';
import { groupFacts } from '../group-facts.ts';
import { lastAppLine } from '../invocations.ts';
import type { GatewayRequest } from '../model.ts';
import { evidenceOf, gatewayLine } from '../signals.ts';
import type { CauseRule } from './cause-rule.ts';

/** The HTTP API maximum; REST defaults to 29 s (raisable for Regional and private REST APIs). */
const HTTP_API_LIMIT_MS = 30_000;
const REST_DEFAULT_MS = 29_000;

/**
 * API Gateway gave up waiting: "Execution failed due to a timeout error", access-log
 * INTEGRATION_TIMEOUT, or an HTTP API 5xx after ~30 s with no integration status. Checked before the
 * Lambda timeout rule: the function may still be running when the client already got its 504.
 */
export const integrationTimeout: CauseRule = {
  category: RootCause.INTEGRATION_TIMEOUT,

  detect(failure) {
    const request = failure.request;
    if (!request) return undefined;
    const timeoutLine = request.failures.find((f) => f.kind === 'execution-failed' && f.reason === 'timeout');
    if (timeoutLine)
      return {
        strength: 0.96,
        evidence: evidenceOf(timeoutLine.line, lastAppLine(failure.invocation)),
      };
    const access = request.access;
    if (!access) return undefined;
    if (
      access.errorResponseType === 'INTEGRATION_TIMEOUT' ||
      /Endpoint request timed out/i.test(access.errorMessage ?? '')
    ) {
      return { strength: 0.92, evidence: evidenceOf(gatewayLine(failure)) };
    }
    if (waitedForIntegrationLimit(request))
      return { strength: 0.8, evidence: evidenceOf(gatewayLine(failure)) };
    return undefined;
  },

  describe(group, context) {
    const limit = context.api.kind === 'HTTP' ? '30 s' : '29 s';
    const target = group.functionName ? ` waiting for Lambda ${group.functionName}` : '';
    return `API Gateway hit its ${limit} integration timeout${target}`;
  },

  remediate(group, context) {
    const facts = groupFacts(
      group,
      context.functionFacts(group.functionName)?.configuration,
      context.functionLog(group.functionName),
    );
    const waited = group.failures
      .map(
        (failure) => failure.request?.integrationLatencyMs ?? failure.request?.access?.integrationLatencyMs,
      )
      .filter((ms): ms is number => ms !== undefined);
    const limitMs = context.api.kind === 'HTTP' ? HTTP_API_LIMIT_MS : REST_DEFAULT_MS;
    const steps: string[] = [];
    const timeout = facts.configuration?.Timeout;
    const facts1 = [
      `API Gateway stopped waiting after ${formatMs(percentile(waited, 50) ?? limitMs)}`,
      timeout !== undefined ? `while the function's own Timeout is ${formatSeconds(timeout)}` : undefined,
      facts.failingDurations.length > 0
        ? `the invocations behind these requests ran ${formatMs(Math.min(...facts.failingDurations))}–${formatMs(Math.max(...facts.failingDurations))}`
        : undefined,
    ].filter(Boolean);
    steps.push(`${facts1.join(', ')}; clients got the gateway's error while the function kept working.`);
    steps.push(
      'Make the slow call asynchronous (accept with 202 and a job id, finish in the background, let the client poll or receive a callback) or make it faster; a synchronous request cannot outlast the integration timeout.',
    );
    if (context.api.kind === 'REST') {
      steps.push(
        'Regional and private REST APIs can raise the integration timeout above 29 s (timeoutInMillis, with a Service Quotas request; it may lower the account throttle quota); HTTP APIs cannot go beyond 30 s.',
      );
    }
    if (timeout !== undefined && timeout * 1000 > limitMs) {
      steps.push(
        `Set the function's Timeout to at most ${Math.floor(limitMs / 1000)} s so that it stops (and logs why) when nobody waits for its answer any more.`,
      );
    }
    return steps;
  },
};

/** HTTP APIs log no timeout text: a 5xx after the 30 s maximum with no integration status is one. */
function waitedForIntegrationLimit(request: GatewayRequest): boolean {
  const access = request.access;
  if (!access || access.status === undefined || access.status < 500) return false;
  const waited = access.integrationLatencyMs ?? access.responseLatencyMs;
  return (
    waited !== undefined &&
    waited >= REST_DEFAULT_MS - 100 &&
    access.integrationStatus === undefined &&
    !access.integrationError
  );
}
