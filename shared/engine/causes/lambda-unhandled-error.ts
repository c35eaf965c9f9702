import { RootCause } from '../../domain/root-cause.ts';
import { shorten } from '../format.ts';
import { functionLabel, mostCommon } from '../group-facts.ts';
import { evidenceOf, gatewayErrorDocument, gatewayLine, gatewaySaysFunctionError } from '../signals.ts';
import type { CauseRule, FailureGroup } from './cause-rule.ts';

/** The function threw: X-Amz-Function-Error / "customer function error" at the gateway, an uncaught error in its log. */
export const lambdaUnhandledError: CauseRule = {
  category: RootCause.LAMBDA_UNHANDLED_ERROR,

  detect(failure) {
    const { request, invocation } = failure;
    if (request?.completedSuccessfully) return undefined;
    const gatewaySays = gatewaySaysFunctionError(request);
    const errorLine = invocation?.errors[0]?.line ?? invocation?.exits[0]?.line;
    if (gatewaySays && errorLine)
      return { strength: 0.95, evidence: evidenceOf(gatewayLine(failure), errorLine) };
    if (gatewaySays)
      return { strength: 0.85, evidence: evidenceOf(gatewayLine(failure), invocation?.reportLine) };
    const reportSaysError =
      invocation?.report?.status === 'error' || invocation?.runtimeDoneStatus === 'error';
    if (errorLine && !request?.seenIn.execution) {
      return { strength: request ? 0.75 : 0.6, evidence: evidenceOf(gatewayLine(failure), errorLine) };
    }
    if (reportSaysError && invocation)
      return { strength: 0.6, evidence: evidenceOf(gatewayLine(failure), invocation.reportLine) };
    return undefined;
  },

  describe(group) {
    const error = commonError(group);
    return `${functionLabel(group)} threw an unhandled ${error.type ?? 'error'}${error.message ? ` ("${shorten(error.message, 90)}")` : ''}`;
  },

  remediate(group) {
    const error = commonError(group);
    const steps: string[] = [];
    if (error.frame)
      steps.push(
        `The error is raised at \`${shorten(error.frame, 140)}\`: fix the code there (the stack is in the evidence link).`,
      );
    steps.push(
      'Catch expected failures in the handler and answer with a proper status (4xx for bad input, 503 with Retry-After for a failing dependency) instead of letting the error reach API Gateway as a 502.',
    );
    if (error.type === 'KeyError' || error.type === 'TypeError') {
      steps.push(
        `A ${error.type} on request data usually means a field the code expects is missing from some requests: validate the input and answer 400.`,
      );
    }
    return steps;
  },
};

function commonError(group: FailureGroup): { type?: string; message?: string; frame?: string } {
  const documents = group.failures
    .map((failure) => failure.invocation?.errors[0]?.document ?? gatewayErrorDocument(failure.request))
    .filter(Boolean);
  const type = mostCommon(documents.map((doc) => doc?.errorType).filter((t): t is string => Boolean(t)));
  const sample = documents.find((doc) => doc?.errorType === type) ?? documents[0];
  const lambdaDetail = group.failures
    .flatMap((failure) => failure.request?.failures ?? [])
    .find((f) => f.kind === 'lambda-execution-failed');
  const frame = sample?.stack?.find(
    (line) => /\/var\/task\/|File "|\.java:|\.cs:|\.go:|at /.test(line) && !/\/var\/runtime\//.test(line),
  );
  return {
    type,
    message:
      sample?.errorMessage ??
      (lambdaDetail?.kind === 'lambda-execution-failed' ? lambdaDetail.detail : undefined),
    frame: frame?.trim(),
  };
}
