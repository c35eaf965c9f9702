import { RootCause } from '../../domain/root-cause.ts';
import { isObject, tryParseJson } from '../../parse/json.ts';
import { shorten } from '../format.ts';
import { mostCommon } from '../group-facts.ts';
import { evidenceOf, gatewayLine, gatewaySays } from '../signals.ts';
import type { CauseRule, FailureGroup } from './cause-rule.ts';

/** A Lambda authorizer failed, timed out or returned something that is not a policy. */
export const authorizerError: CauseRule = {
  category: RootCause.AUTHORIZER_ERROR,

  detect(failure) {
    const request = failure.request;
    if (!request) return undefined;
    if (request.authorizer?.failed) {
      const failureLine =
        request.failures.find((f) => f.kind === 'execution-failed')?.line ?? gatewayLine(failure);
      return {
        strength: 0.96,
        evidence: evidenceOf(failureLine, failure.authorizerInvocation?.errors[0]?.line),
      };
    }
    const access = request.access;
    if (
      access?.errorResponseType === 'AUTHORIZER_CONFIGURATION_ERROR' ||
      access?.errorResponseType === 'AUTHORIZER_FAILURE' ||
      (access?.authorizerError && (access.status ?? 0) >= 500) ||
      gatewaySays(request, /Authorizer error|AuthorizerConfigurationException/i)
    ) {
      return { strength: 0.88, evidence: evidenceOf(gatewayLine(failure)) };
    }
    return undefined;
  },

  describe(group) {
    const name = authorizerName(group);
    const thrown = authorizerErrorType(group);
    return `The Lambda authorizer${name ? ` ${name}` : ''} failed${thrown ? ` (it threw ${thrown} instead of returning a policy)` : ''}`;
  },

  remediate(group) {
    const thrown = authorizerErrorType(group);
    const detail = mostCommon(
      group.failures
        .flatMap((failure) => failure.request?.failures ?? [])
        .filter((f) => f.kind === 'execution-failed')
        .map((f) => (f.kind === 'execution-failed' ? f.detail : '')),
    );
    const steps: string[] = [];
    if (detail) steps.push(`API Gateway says: "${shorten(detail, 160)}".`);
    if (thrown) {
      steps.push(
        `The authorizer threw ${thrown}: catch errors inside it and return a Deny policy (or throw the exact string "Unauthorized" for a 401); any other error or document becomes a 500 for the client.`,
      );
    } else {
      steps.push(
        'Make the authorizer return `{ principalId, policyDocument: { Version, Statement: [...] } }` within its timeout; anything else is a 500.',
      );
    }
    if (
      group.failures.some((failure) =>
        /signing key|jwks|kid/i.test(`${failure.request?.authorizer?.resultBody ?? ''}`),
      )
    ) {
      steps.push(
        'The key id in the tokens is not in the JWKS the authorizer loads: check for an identity-provider key rotation and refresh the cached JWKS.',
      );
    }
    return steps;
  },
};

function authorizerName(group: FailureGroup): string | undefined {
  return mostCommon(
    group.failures
      .map((failure) => failure.request?.authorizer?.functionName)
      .filter((n): n is string => Boolean(n)),
  );
}

function authorizerErrorType(group: FailureGroup): string | undefined {
  const types: string[] = [];
  for (const failure of group.failures) {
    const fromLog = failure.authorizerInvocation?.errors[0]?.document.errorType;
    if (fromLog) types.push(fromLog);
    const body = failure.request?.authorizer?.resultBody;
    if (body) {
      const parsed = tryParseJson(body);
      const type =
        parsed.ok && isObject(parsed.value)
          ? parsed.value.errorType
          : /"errorType"\s*:\s*"([^"]+)"/.exec(body)?.[1];
      if (typeof type === 'string') types.push(type);
    }
  }
  return mostCommon(types);
}
