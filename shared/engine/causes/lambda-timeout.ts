import { RootCause } from '../../domain/root-cause.ts';
import { parseFunctionLine } from '../../parse/function-log.ts';
import { formatMs, formatSeconds, shellQuote, shorten } from '../format.ts';
import { functionLabel, groupFacts, regionFlag } from '../group-facts.ts';
import { lastAppLine } from '../invocations.ts';
import {
  errorTypes,
  evidenceOf,
  gatewayErrorDocument,
  gatewayLine,
  gatewaySays,
  gatewaySaysFunctionError,
} from '../signals.ts';
import type { CauseRule } from './cause-rule.ts';

/** The function hit its own Timeout: REPORT `Status: timeout`, `Task timed out`, `Sandbox.Timedout`. */
export const lambdaTimeout: CauseRule = {
  category: RootCause.LAMBDA_TIMEOUT,

  detect(failure) {
    const { request, invocation } = failure;
    if (request?.completedSuccessfully) return undefined;
    const status = invocation?.report?.status ?? invocation?.runtimeDoneStatus;
    const invocationTimedOut = invocation?.timeoutLine !== undefined || status === 'timeout';
    if (invocationTimedOut && invocation) {
      const strength = request ? (gatewaySaysFunctionError(request) ? 0.97 : 0.85) : 0.7;
      return {
        strength,
        evidence: evidenceOf(gatewayLine(failure), invocation.reportLine, invocation.timeoutLine),
      };
    }
    const document = gatewayErrorDocument(request);
    if (
      errorTypes(failure).has('Sandbox.Timedout') ||
      gatewaySays(request, /Task timed out after/) ||
      /Task timed out after/.test(document?.errorMessage ?? '')
    ) {
      return { strength: 0.9, evidence: evidenceOf(gatewayLine(failure)) };
    }
    return undefined;
  },

  describe(group, context) {
    const timeout = context.functionFacts(group.functionName)?.configuration.Timeout;
    return `${functionLabel(group)} timed out${timeout ? ` at its ${formatSeconds(timeout)} Timeout` : ''}`;
  },

  remediate(group, context) {
    const facts = groupFacts(
      group,
      context.functionFacts(group.functionName)?.configuration,
      context.functionLog(group.functionName),
    );
    const timeout = facts.configuration?.Timeout;
    const steps: string[] = [];
    const observed = facts.failingDurations.length > 0 ? Math.max(...facts.failingDurations) : undefined;
    const parts = [
      timeout !== undefined ? `Timeout is ${formatSeconds(timeout)}` : undefined,
      observed !== undefined
        ? `the failing invocations ran ${formatMs(observed)} and were stopped`
        : undefined,
      facts.healthyP95 !== undefined
        ? `successful ones take ${formatMs(facts.healthyP95)} at p95`
        : undefined,
    ].filter(Boolean);
    if (parts.length > 0) steps.push(`${parts.join('; ')}.`);
    const lastLine = facts.failingInvocations.map((invocation) => lastAppLine(invocation)).find(Boolean);
    if (lastLine) {
      steps.push(
        `The last line logged before the kill was \`${shorten(appMessage(lastLine.event.message), 160)}\`: that call is where the time goes; give it a client timeout shorter than the function's and handle the failure.`,
      );
    }
    if (group.functionName && timeout !== undefined) {
      const suggested = Math.min(28, Math.max(timeout * 2, Math.ceil(((facts.healthyP95 ?? 0) * 3) / 1000)));
      if (suggested > timeout) {
        steps.push(
          `If the work is legitimately slower, raise the Timeout (keep it under the API's 29 s integration timeout): \`aws lambda update-function-configuration --function-name ${shellQuote(group.functionName)} --timeout ${suggested} ${regionFlag(context.api.region)}\`.`,
        );
      }
    }
    return steps;
  },
};

/** The application's own words, without the runtime's time, request id and level (or JSON envelope). */
function appMessage(message: string): string {
  const line = parseFunctionLine(message);
  return line.kind === 'app' ? line.message : message;
}
