import type { RootCause } from '../../domain/root-cause.ts';
import { authorizerError } from './authorizer-error.ts';
import { backendReturned5xx } from './backend-returned-5xx.ts';
import type { CauseRule } from './cause-rule.ts';
import { gatewayConfigurationError } from './gateway-configuration-error.ts';
import { integrationError } from './integration-error.ts';
import { integrationTimeout } from './integration-timeout.ts';
import { lambdaInitError } from './lambda-init-error.ts';
import { lambdaMalformedResponse } from './lambda-malformed-response.ts';
import { lambdaOutOfMemory } from './lambda-out-of-memory.ts';
import { lambdaPayloadTooLarge } from './lambda-payload-too-large.ts';
import { lambdaPermissionDenied } from './lambda-permission-denied.ts';
import { lambdaThrottled } from './lambda-throttled.ts';
import { lambdaTimeout } from './lambda-timeout.ts';
import { lambdaUnavailable } from './lambda-unavailable.ts';
import { lambdaUnhandledError } from './lambda-unhandled-error.ts';
import { unknownCause } from './unknown.ts';

/**
 * The classifier's ordered table: first match wins. The order is the precedence where signs
 * overlap, most specific first:
 * - the authorizer runs before the integration, so its failure explains everything after it;
 * - rejected invokes (permission, throttle, function cannot run) never reached the code;
 * - a gateway timeout beats a Lambda timeout (the client got the 504 while the function still ran);
 * - payload, memory, timeout and init are specific ways a function fails, so they beat the generic
 *   "unhandled error" the gateway logs for all of them ("customer function error");
 * - the gateway configuration and non-Lambda integration rules come after the Lambda-specific ones;
 * - a backend that answered 5xx itself is last among causes: only when nothing failed on the way.
 */
export const CAUSE_RULES: readonly CauseRule[] = [
  authorizerError,
  lambdaPermissionDenied,
  lambdaThrottled,
  lambdaUnavailable,
  integrationTimeout,
  lambdaPayloadTooLarge,
  lambdaOutOfMemory,
  lambdaTimeout,
  lambdaInitError,
  lambdaUnhandledError,
  lambdaMalformedResponse,
  integrationError,
  gatewayConfigurationError,
  backendReturned5xx,
  unknownCause,
];

export const RULE_BY_CATEGORY: ReadonlyMap<RootCause, CauseRule> = new Map(
  CAUSE_RULES.map((rule) => [rule.category, rule]),
);
