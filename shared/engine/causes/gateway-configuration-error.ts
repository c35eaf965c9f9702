import { RootCause } from '../../domain/root-cause.ts';
import { shorten } from '../format.ts';
import { mostCommon } from '../group-facts.ts';
import { evidenceOf, gatewayLine } from '../signals.ts';
import type { CauseRule, FailureGroup } from './cause-rule.ts';

/** A gateway-side mapping, role or configuration failure ("Execution failed due to configuration error: …"). */
export const gatewayConfigurationError: CauseRule = {
  category: RootCause.GATEWAY_CONFIGURATION_ERROR,

  detect(failure) {
    const request = failure.request;
    if (!request) return undefined;
    const configuration = request.failures.find(
      (f) => f.kind === 'execution-failed' && f.reason === 'configuration',
    );
    if (configuration)
      return {
        strength: 0.9,
        evidence: evidenceOf(
          configuration.line,
          request.failureLines.find((l) => l !== configuration.line),
        ),
      };
    if (request.access?.errorResponseType === 'API_CONFIGURATION_ERROR')
      return { strength: 0.8, evidence: evidenceOf(gatewayLine(failure)) };
    return undefined;
  },

  describe(group) {
    const detail = configurationDetail(group);
    return `API Gateway's own configuration fails${detail ? `: ${shorten(detail, 110)}` : ''}`;
  },

  remediate(group) {
    const detail = configurationDetail(group) ?? '';
    const role = /role (arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+)/.exec(detail)?.[1];
    const steps: string[] = [];
    if (/assume the provided role/i.test(detail) && role) {
      const roleName = role.split('/').pop() ?? role;
      steps.push(
        `The integration's credentials role ${role} does not trust API Gateway. Its trust policy must allow \`{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}\`: \`aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://trust.json\`.`,
      );
      steps.push(
        'No request reaches the backend until then; check who changed the role (CloudTrail UpdateAssumeRolePolicy / role re-creation).',
      );
    } else if (/mapping|template|transform/i.test(detail)) {
      steps.push(
        `A mapping template fails on these requests ("${shorten(detail, 140)}"): test the method in the console with one of the failing inputs and fix the template.`,
      );
    } else {
      steps.push(
        `API Gateway reports "${shorten(detail || 'a configuration error', 160)}": fix the integration settings of the route and redeploy the stage.`,
      );
    }
    return steps;
  },
};

function configurationDetail(group: FailureGroup): string | undefined {
  return (
    mostCommon(
      group.failures
        .flatMap((failure) => failure.request?.failures ?? [])
        .map((f) => (f.kind === 'execution-failed' && f.reason === 'configuration' ? f.detail : undefined))
        .filter((d): d is string => Boolean(d)),
    ) ??
    mostCommon(
      group.failures
        .map((f) => f.request?.access?.integrationError ?? f.request?.access?.errorMessage)
        .filter((d): d is string => Boolean(d)),
    )
  );
}
