import { RootCause } from '../../domain/root-cause.ts';
import { evidenceOf, gatewayLine } from '../signals.ts';
import type { CauseRule } from './cause-rule.ts';

/** Nothing supports a cause: say so rather than guess; the report's gaps say what to turn on. */
export const unknownCause: CauseRule = {
  category: RootCause.UNKNOWN,

  detect(failure) {
    return { strength: 0, evidence: evidenceOf(gatewayLine(failure), failure.invocation?.reportLine) };
  },

  describe() {
    return 'The logs do not show why these requests failed';
  },

  remediate() {
    return ['See the gaps below: the logs that would tell the causes apart are off or missing.'];
  },
};
