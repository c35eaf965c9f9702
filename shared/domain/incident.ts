import type { BundleApi, FunctionFacts, LogEvent } from './bundle.ts';

/**
 * What the engine triages: the data of one alarm, as read from AWS or from a bundle.
 * An incident bundle is one of these; the live collector builds one from the AWS APIs.
 */
export interface IncidentData {
  alarm: Record<string, unknown>;
  api: BundleApi;
  /** A group that is not a key here does not exist (or could not be read: see collectionGaps). */
  logGroups: Record<string, LogEvent[]>;
  /** A function that is not a key here was not found (see functionLookups for why). */
  functions: Record<string, FunctionFacts>;
  /** What the collector could not read, in words a person acts on. */
  collectionGaps?: string[];
  /** Log groups whose reads failed or were skipped: absent here does not mean absent in AWS. */
  unreadLogGroups?: string[];
  /** Outcome of the Lambda lookups that did not return a configuration. */
  functionLookups?: Record<string, FunctionLookupFailure>;
  /** Set when the collector kept only a sample of the failing requests. */
  sampling?: { seen: number; kept: number };
}

export type FunctionLookupFailure = 'not-found' | 'access-denied' | 'error';
