import { RootCause } from '../domain/root-cause.ts';
import type { CauseRule, ClassifiedFailure, IncidentFunctions } from './causes/cause-rule.ts';
import { CAUSE_RULES } from './causes/index.ts';
import type { CorrelatedFailure } from './model.ts';

/**
 * One failing request → one root cause: the first rule of the ordered table whose signature matches.
 * Total by construction: the last rule (UNKNOWN) matches everything, and a rule that throws on data
 * it did not expect is skipped rather than allowed to lose the alert.
 */
export function classify(failure: CorrelatedFailure, functions: IncidentFunctions = {}): ClassifiedFailure {
  for (const rule of CAUSE_RULES) {
    let detection: ReturnType<typeof rule.detect>;
    try {
      detection = rule.detect(failure);
    } catch {
      continue;
    }
    if (detection) {
      const functionName =
        ruleBlamesAuthorizer(rule.category, failure) ??
        failure.functionName ??
        suspect(rule, failure, functions);
      const facts = failure.facts ?? (functionName ? functions[functionName] : undefined);
      return {
        ...failure,
        functionName,
        facts,
        category: rule.category,
        strength: detection.strength * joinWeight(failure, detection.evidence),
        evidence: detection.evidence,
      };
    }
  }
  return { ...failure, category: RootCause.UNKNOWN, strength: 0, evidence: [] };
}

/**
 * Evidence from an invocation joined by a weaker sign than the Lambda request id counts for less:
 * the gateway id mentioned in its lines is nearly as good; "it started when the request was sent"
 * may be another request's invocation.
 */
const JOIN_WEIGHT = { 'request-id': 1, mention: 0.95, time: 0.8, none: 1 } as const;

function joinWeight(failure: CorrelatedFailure, evidence: readonly { logGroup: string }[]): number {
  const invocation = failure.invocation;
  if (!invocation || !evidence.some((line) => line.logGroup === invocation.logGroup)) return 1;
  return JOIN_WEIGHT[failure.joinedBy];
}

/** An authorizer failure is the authorizer function's, not the integration's. */
function ruleBlamesAuthorizer(category: RootCause, failure: CorrelatedFailure): string | undefined {
  return category === RootCause.AUTHORIZER_ERROR ? failure.request?.authorizer?.functionName : undefined;
}

/** Only Lambda causes of requests whose integration is unknown may be pinned on a function by its settings. */
function suspect(
  rule: CauseRule,
  failure: CorrelatedFailure,
  functions: IncidentFunctions,
): string | undefined {
  const integration = failure.request?.integration?.kind;
  if (!rule.category.startsWith('LAMBDA_') || (integration !== undefined && integration !== 'lambda'))
    return undefined;
  try {
    return rule.suspectFunction?.(functions) ?? onlyOne(Object.keys(functions));
  } catch {
    return undefined;
  }
}

function onlyOne(names: string[]): string | undefined {
  return names.length === 1 ? names[0] : undefined;
}
