import { RootCause } from '../../domain/root-cause.ts';
import { isResponseTooLargeText } from '../../parse/failure-signs.ts';
import { functionLabel } from '../group-facts.ts';
import { errorTypes, evidenceOf, gatewayLine, gatewaySays } from '../signals.ts';
import type { CauseRule } from './cause-rule.ts';

const SYNC_LIMIT_BYTES = 6_291_556;

/** The response was over Lambda's 6 MB synchronous payload limit (Function.ResponseSizeTooLarge, 413). */
export const lambdaPayloadTooLarge: CauseRule = {
  category: RootCause.LAMBDA_PAYLOAD_TOO_LARGE,

  detect(failure) {
    const { request, invocation } = failure;
    if (request?.completedSuccessfully) return undefined;
    const functionLine = invocation?.responseTooLarge[0];
    if (
      errorTypes(failure).has('Function.ResponseSizeTooLarge') ||
      gatewaySays(request, /Response payload size exceeded/) ||
      functionLine
    ) {
      return { strength: 0.95, evidence: evidenceOf(gatewayLine(failure), functionLine) };
    }
    if (request?.responseBody && isResponseTooLargeText(request.responseBody))
      return { strength: 0.9, evidence: evidenceOf(gatewayLine(failure)) };
    return undefined;
  },

  describe(group) {
    return `${functionLabel(group)} returned responses over Lambda's 6 MB synchronous payload limit`;
  },

  remediate(group) {
    const base64 = group.failures.some((failure) =>
      /isBase64Encoded"\s*:\s*true/.test(failure.request?.responseBody ?? ''),
    );
    const steps = [
      `Lambda refuses responses over ${SYNC_LIMIT_BYTES.toLocaleString('en-US')} bytes (6 MB) for synchronous invokes; the function finished its work but its answer was dropped.`,
      'Return large documents out of band: upload to S3 and answer with a short-lived presigned URL (or a 302 redirect to it).',
    ];
    if (base64)
      steps.push(
        'The responses are base64-encoded binaries, which adds a third to their size: a 4.5 MB file is already over the limit.',
      );
    steps.push(
      'For payloads that must stream, Lambda response streaming (function URLs) allows larger responses; API Gateway REST itself caps payloads at 10 MB.',
    );
    return steps;
  },
};
