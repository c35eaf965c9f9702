/**
 * The root-cause vocabulary, version 1 (see the incident-bundle contract).
 * A closed set: `as const` object plus the union type derived from it.
 */
export const RootCause = {
  LAMBDA_MALFORMED_RESPONSE: 'LAMBDA_MALFORMED_RESPONSE',
  LAMBDA_PERMISSION_DENIED: 'LAMBDA_PERMISSION_DENIED',
  LAMBDA_TIMEOUT: 'LAMBDA_TIMEOUT',
  INTEGRATION_TIMEOUT: 'INTEGRATION_TIMEOUT',
  LAMBDA_UNHANDLED_ERROR: 'LAMBDA_UNHANDLED_ERROR',
  LAMBDA_INIT_ERROR: 'LAMBDA_INIT_ERROR',
  LAMBDA_OUT_OF_MEMORY: 'LAMBDA_OUT_OF_MEMORY',
  LAMBDA_THROTTLED: 'LAMBDA_THROTTLED',
  LAMBDA_PAYLOAD_TOO_LARGE: 'LAMBDA_PAYLOAD_TOO_LARGE',
  LAMBDA_UNAVAILABLE: 'LAMBDA_UNAVAILABLE',
  BACKEND_RETURNED_5XX: 'BACKEND_RETURNED_5XX',
  AUTHORIZER_ERROR: 'AUTHORIZER_ERROR',
  INTEGRATION_ERROR: 'INTEGRATION_ERROR',
  GATEWAY_CONFIGURATION_ERROR: 'GATEWAY_CONFIGURATION_ERROR',
  UNKNOWN: 'UNKNOWN',
} as const;

export type RootCause = (typeof RootCause)[keyof typeof RootCause];

export const ROOT_CAUSES: readonly RootCause[] = Object.values(RootCause);

export function isRootCause(value: unknown): value is RootCause {
  return typeof value === 'string' && (ROOT_CAUSES as readonly string[]).includes(value);
}

/** Short human names, for headers and the text report. */
export const ROOT_CAUSE_TITLES: Record<RootCause, string> = {
  LAMBDA_MALFORMED_RESPONSE: 'Malformed Lambda proxy response',
  LAMBDA_PERMISSION_DENIED: 'API Gateway may not invoke the function',
  LAMBDA_TIMEOUT: 'Lambda function timed out',
  INTEGRATION_TIMEOUT: 'API Gateway integration timeout',
  LAMBDA_UNHANDLED_ERROR: 'Unhandled error in the Lambda function',
  LAMBDA_INIT_ERROR: 'Lambda function failed to initialise',
  LAMBDA_OUT_OF_MEMORY: 'Lambda function ran out of memory',
  LAMBDA_THROTTLED: 'Lambda invocations throttled',
  LAMBDA_PAYLOAD_TOO_LARGE: 'Lambda response over the 6 MB limit',
  LAMBDA_UNAVAILABLE: 'Lambda function cannot run',
  BACKEND_RETURNED_5XX: 'The backend answered 5xx itself',
  AUTHORIZER_ERROR: 'Lambda authorizer failed',
  INTEGRATION_ERROR: 'Non-Lambda integration failed',
  GATEWAY_CONFIGURATION_ERROR: 'API Gateway configuration error',
  UNKNOWN: 'Cause not determined',
};
