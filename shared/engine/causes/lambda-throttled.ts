import { RootCause } from '../../domain/root-cause.ts';
import { shellQuote } from '../format.ts';
import { functionLabel, groupFacts, regionFlag } from '../group-facts.ts';
import { evidenceOf, gatewayLine, gatewaySays } from '../signals.ts';
import { type CauseRule, onlyFunction } from './cause-rule.ts';

/** Lambda rejected the invoke with 429: reserved concurrency or the account's concurrency limit. */
export const lambdaThrottled: CauseRule = {
  category: RootCause.LAMBDA_THROTTLED,

  detect(failure) {
    const request = failure.request;
    if (!request) return undefined;
    const rejected = request.failures.find((f) => f.kind === 'lambda-invocation-failed' && f.status === 429);
    if (
      rejected ||
      request.errorTypeHeader === 'TooManyRequestsException' ||
      request.integrationStatus === 429
    ) {
      return {
        strength: 0.96,
        evidence: evidenceOf(rejected?.line ?? gatewayLine(failure), request.failureLines[1]),
      };
    }
    if (gatewaySays(request, /Rate Exceeded|TooManyRequestsException|ConcurrentInvocationLimitExceeded/i)) {
      return { strength: 0.9, evidence: evidenceOf(gatewayLine(failure)) };
    }
    const access = request.access;
    if (
      access &&
      (access.lambdaServiceStatus === 429 ||
        (access.integrationStatus === 429 && (access.status ?? 0) >= 500))
    ) {
      return { strength: 0.85, evidence: evidenceOf(gatewayLine(failure)) };
    }
    return undefined;
  },

  suspectFunction(functions) {
    return (
      onlyFunction(functions, (facts) => facts.reservedConcurrency === 0) ??
      onlyFunction(functions, (facts) => typeof facts.reservedConcurrency === 'number')
    );
  },

  describe(group, context) {
    const reserved = context.functionFacts(group.functionName)?.reservedConcurrency;
    if (reserved === 0)
      return `${functionLabel(group)} is throttled on every request: its reserved concurrency is 0`;
    if (typeof reserved === 'number')
      return `${functionLabel(group)} was throttled at its reserved concurrency of ${reserved}`;
    return `Lambda throttled invocations of ${group.functionName ?? 'the function'} (429 Rate Exceeded)`;
  },

  remediate(group, context) {
    const facts = context.functionFacts(group.functionName);
    const reserved = facts?.reservedConcurrency;
    const name = group.functionName ? shellQuote(group.functionName) : 'FUNCTION';
    const region = regionFlag(context.api.region);
    const reasons = new Set(
      group.failures
        .map((failure) => /"Reason"\s*:\s*"(\w+)"/.exec(failure.request?.responseBody ?? '')?.[1])
        .filter(Boolean),
    );
    const peak = groupFacts(
      group,
      facts?.configuration,
      context.functionLog(group.functionName),
    ).peakConcurrency;
    const steps: string[] = [];
    if (reserved === 0) {
      steps.push(
        `ReservedConcurrentExecutions is 0, which switches the function off (often a deliberate kill switch, or a mistake in IaC). Remove it: \`aws lambda delete-function-concurrency --function-name ${name} ${region}\`, or set a real value with \`put-function-concurrency\`.`,
      );
    } else if (typeof reserved === 'number') {
      steps.push(
        `Reserved concurrency caps the function at ${reserved} concurrent executions${peak !== undefined ? ` and the logs show ${peak} running at once` : ''}; requests beyond that are rejected with 429 and API Gateway answers 500.`,
      );
      steps.push(
        `Raise it to cover the burst (\`aws lambda put-function-concurrency --function-name ${name} --reserved-concurrent-executions ${Math.max(reserved * 2, reserved + 5)} ${region}\`), or shape the callers with a usage plan or stage throttling so they get 429s from the gateway instead of 500s.`,
      );
    } else if (reasons.has('ConcurrentInvocationLimitExceeded')) {
      steps.push(
        'The account-wide concurrency limit of the Region is exhausted: find the functions using it (ConcurrentExecutions metric) and request a quota increase or reserve concurrency for this one.',
      );
    } else {
      steps.push(
        'Check ConcurrentExecutions and Throttles for the function and the account; reserve concurrency for this function or request a higher account limit.',
      );
    }
    if (reasons.size > 0) steps.push(`Lambda's reason: ${[...reasons].join(', ')}.`);
    return steps;
  },
};
