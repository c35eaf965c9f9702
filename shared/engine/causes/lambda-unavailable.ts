import { RootCause } from '../../domain/root-cause.ts';
import { shorten } from '../format.ts';
import { functionLabel, mostCommon } from '../group-facts.ts';
import type { GatewayFailure } from '../model.ts';
import { evidenceOf, gatewayFailureTexts, gatewayLine } from '../signals.ts';
import { type CauseRule, type FailureGroup, onlyFunction } from './cause-rule.ts';

const CANNOT_RUN =
  /unable to decrypt the environment variables|KMS|Function not found|function is inactive|is currently in the following state|ResourceNotReady|EFSMountFailure|EFSIOException|ENILimitReached|SubnetIPAddressLimitReached|InvalidSubnet|InvalidSecurityGroup|ImageAccessDenied|InvalidRuntime|does not have permission to assume the execution role|execution role/i;

/** Lambda rejected the invoke because the function cannot run: deleted, failed/inactive state, KMS, VPC/EFS. */
export const lambdaUnavailable: CauseRule = {
  category: RootCause.LAMBDA_UNAVAILABLE,

  detect(failure) {
    const request = failure.request;
    const rejected = request?.failures.find(
      (f): f is Extract<GatewayFailure, { kind: 'lambda-invocation-failed' }> =>
        f.kind === 'lambda-invocation-failed' && f.status !== 429,
    );
    const texts = gatewayFailureTexts(request);
    if (texts.some((text) => CANNOT_RUN.test(text))) {
      return {
        strength: 0.95,
        evidence: evidenceOf(rejected?.line, gatewayLine(failure), request?.failureLines[1]),
      };
    }
    const state = failure.facts?.configuration.State;
    if (rejected && state && state !== 'Active')
      return { strength: 0.9, evidence: evidenceOf(rejected.line) };
    if (rejected && rejected.status === 404) return { strength: 0.9, evidence: evidenceOf(rejected.line) };
    return undefined;
  },

  suspectFunction(functions) {
    return (
      onlyFunction(functions, (facts) => facts.configuration.Environment?.Error !== undefined) ??
      onlyFunction(
        functions,
        (facts) => facts.configuration.State !== undefined && facts.configuration.State !== 'Active',
      )
    );
  },

  describe(group, context) {
    const configuration = context.functionFacts(group.functionName)?.configuration;
    const reason = rejection(group);
    if (/decrypt|KMS/i.test(reason ?? ''))
      return `${functionLabel(group)} cannot start: Lambda may not decrypt its environment variables with its KMS key`;
    if (/not found/i.test(reason ?? '') || context.lookupFailure(group.functionName) === 'not-found') {
      return `${functionLabel(group)} does not exist (deleted or renamed) but the integration still points at it`;
    }
    if (configuration?.State && configuration.State !== 'Active')
      return `${functionLabel(group)} cannot run: its state is ${configuration.State}`;
    return `${functionLabel(group)} cannot run${reason ? ` (${shorten(reason, 100)})` : ''}`;
  },

  remediate(group, context) {
    const configuration = context.functionFacts(group.functionName)?.configuration;
    const reason = rejection(group) ?? '';
    const steps: string[] = [];
    if (/decrypt|KMS/i.test(reason)) {
      steps.push(
        `The function's environment is encrypted with ${configuration?.KMSKeyArn ? `\`${configuration.KMSKeyArn}\`` : 'a customer managed KMS key'} and the decrypt failed${/AccessDenied/i.test(reason) ? ' with AccessDenied' : ''}: the key was disabled, deleted or its policy changed, or the execution role ${configuration?.Role ? `\`${configuration.Role}\`` : ''} lost kms:Decrypt on it.`,
      );
      steps.push(
        'Restore access (key enabled, key policy or role grants kms:Decrypt), then update the function configuration once so Lambda re-encrypts; warm environments kept working, new ones fail.',
      );
    } else if (/not found/i.test(reason) || context.lookupFailure(group.functionName) === 'not-found') {
      steps.push(
        'Point the integration at the function that exists now (update the integration URI and redeploy the stage), or restore the function.',
      );
    } else if (configuration?.State && configuration.State !== 'Active') {
      steps.push(
        `State is ${configuration.State}${configuration.StateReasonCode ? ` (${configuration.StateReasonCode}${configuration.StateReason ? `: ${shorten(configuration.StateReason, 140)}` : ''})` : ''}: fix that cause, then invoke or update the function to bring it back to Active.`,
      );
    } else {
      steps.push(
        `Lambda's reason: ${shorten(reason, 200)}. Fix the function's configuration (VPC subnets and ENIs, EFS mount, execution role) accordingly.`,
      );
    }
    return steps;
  },
};

function rejection(group: FailureGroup): string | undefined {
  return mostCommon(
    group.failures.flatMap((failure) =>
      gatewayFailureTexts(failure.request).filter((text) => CANNOT_RUN.test(text)),
    ),
  );
}
