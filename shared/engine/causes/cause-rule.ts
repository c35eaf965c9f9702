import type { FunctionFacts } from '../../domain/bundle.ts';
import type { FunctionLookupFailure } from '../../domain/incident.ts';
import type { ReportApi } from '../../domain/report.ts';
import type { RootCause } from '../../domain/root-cause.ts';
import type { CorrelatedFailure, FunctionLog, LineRef } from '../model.ts';

/** A rule's verdict on one failing request. */
export interface Detection {
  /** 0..1: how decisive the signs are. */
  strength: number;
  /** The lines that show it, gateway side first. */
  evidence: LineRef[];
}

export interface ClassifiedFailure extends CorrelatedFailure {
  category: RootCause;
  strength: number;
  evidence: LineRef[];
}

/** Failing requests of one cause (and one function, when a function is to blame). */
export interface FailureGroup {
  category: RootCause;
  functionName?: string;
  failures: ClassifiedFailure[];
}

/** What a rule may read when it explains a group: the incident's facts, never the clock or AWS. */
export interface CauseContext {
  api: ReportApi;
  functionFacts(name: string | undefined): FunctionFacts | undefined;
  functionLog(name: string | undefined): FunctionLog | undefined;
  lookupFailure(name: string | undefined): FunctionLookupFailure | undefined;
  /** All failing requests of the incident. */
  totalFailing: number;
}

/**
 * One root cause: its signature (detect), the sentence a person reads first (describe) and the fix
 * written with the real values (remediate). The classifier tries the rules in order; first match wins.
 */
export interface CauseRule {
  category: RootCause;
  detect(failure: CorrelatedFailure): Detection | undefined;
  /** A clause such as "Lambda orders-get timed out at its 3 s Timeout". */
  describe(group: FailureGroup, context: CauseContext): string;
  remediate(group: FailureGroup, context: CauseContext): string[];
  /**
   * When the logs do not name the function (ERROR-level execution logs of a rejected invoke), the
   * function among the API's whose configuration explains this cause, if exactly one does.
   */
  suspectFunction?(functions: IncidentFunctions): string | undefined;
}

export type IncidentFunctions = Readonly<Record<string, FunctionFacts>>;

/** The one name a predicate picks out, else undefined (none, or ambiguous). */
export function onlyFunction(
  functions: IncidentFunctions,
  predicate: (facts: FunctionFacts) => boolean,
): string | undefined {
  const names = Object.entries(functions)
    .filter(([, facts]) => predicate(facts))
    .map(([name]) => name);
  return names.length === 1 ? names[0] : undefined;
}
