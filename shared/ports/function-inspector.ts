import type { FunctionConfiguration } from '../domain/bundle.ts';

/** The answer of one Lambda control-plane lookup; failures are values, not exceptions. */
export type Lookup<T> =
  | { status: 'found'; value: T }
  | { status: 'not-found' }
  | { status: 'access-denied'; message: string }
  | { status: 'error'; message: string };

/**
 * Reads what the triage needs of a Lambda function. Real implementation: the Lambda API
 * (GetFunctionConfiguration, GetPolicy, GetFunctionConcurrency); the other one serves a bundle.
 */
export interface FunctionInspector {
  getConfiguration(functionName: string, signal?: AbortSignal): Promise<Lookup<FunctionConfiguration>>;
  /** The resource policy document as a string; `not-found` means the function has no policy. */
  getPolicy(functionName: string, signal?: AbortSignal): Promise<Lookup<string>>;
  /** Reserved concurrency; `null` when none is reserved. */
  getReservedConcurrency(functionName: string, signal?: AbortSignal): Promise<Lookup<number | null>>;
}
