import { type ErrorDocument, readErrorDocument } from '../parse/function-log.ts';
import { isObject, tryParseJson } from '../parse/json.ts';
import type { CorrelatedFailure, GatewayRequest, LineRef } from './model.ts';

/**
 * Facts about a failing request that several cause rules read. Each is a small function of the
 * correlated data, so the rules stay short and agree on what a sign means.
 */

/** The function error document the gateway received (X-Amz-Function-Error answers), if any. */
export function gatewayErrorDocument(request: GatewayRequest | undefined): ErrorDocument | undefined {
  const body = request?.responseBody;
  if (!body?.includes('error')) return undefined;
  const parsed = tryParseJson(body);
  if (
    parsed.ok &&
    isObject(parsed.value) &&
    ('errorType' in parsed.value || 'errorMessage' in parsed.value)
  ) {
    return readErrorDocument(parsed.value);
  }
  const errorType = /"errorType"\s*:\s*"([^"]*)"/.exec(body)?.[1];
  const errorMessage = /"errorMessage"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body)?.[1];
  return errorType || errorMessage ? { errorType, errorMessage } : undefined;
}

/** Every error type either side names for this failure. */
export function errorTypes(failure: CorrelatedFailure): Set<string> {
  const types = new Set<string>();
  const add = (type: string | undefined): void => {
    if (type) types.add(type);
  };
  add(gatewayErrorDocument(failure.request)?.errorType);
  const invocation = failure.invocation;
  if (invocation) {
    add(invocation.report?.errorType);
    for (const error of invocation.errors) add(error.document.errorType);
    for (const exit of invocation.exits) add(exit.errorType);
    for (const init of invocation.initFailures) add(init.errorType);
  }
  return types;
}

/** Texts the gateway logged about the failure: execution failure details and access-log errors. */
export function gatewayFailureTexts(request: GatewayRequest | undefined): string[] {
  if (!request) return [];
  const texts: string[] = [];
  for (const failure of request.failures) {
    if (
      failure.kind === 'execution-failed' ||
      failure.kind === 'lambda-execution-failed' ||
      failure.kind === 'authorizer-failure'
    ) {
      texts.push(failure.detail);
    }
  }
  const access = request.access;
  if (access) {
    for (const text of [access.integrationError, access.errorMessage, access.authorizerError])
      if (text) texts.push(text);
  }
  return texts;
}

export function gatewaySays(request: GatewayRequest | undefined, pattern: RegExp): boolean {
  return gatewayFailureTexts(request).some((text) => pattern.test(text));
}

/** The gateway's own words that the function failed (threw, timed out, crashed). */
export function gatewaySaysFunctionError(request: GatewayRequest | undefined): boolean {
  if (!request) return false;
  if (request.functionErrorHeader) return true;
  if (request.failures.some((failure) => failure.kind === 'lambda-execution-failed')) return true;
  return gatewaySays(request, /customer function error|The Lambda function returned the following error/i);
}

/** The integration answered and the gateway passed its answer on: a 5xx the backend chose. */
export function backendAnswered(request: GatewayRequest | undefined): boolean {
  if (!request) return false;
  if (request.completedSuccessfully) return true;
  const access = request.access;
  if (!access || request.seenIn.execution) return false;
  const silent =
    !access.integrationError && !access.errorResponseType && !access.errorMessage && !access.authorizerError;
  if (!silent || access.status === undefined || access.status < 500) return false;
  // Lambda proxy: the service answered 200 and the function's own statusCode went through.
  if (access.integrationStatus === 200 || access.lambdaServiceStatus === 200) return true;
  return access.integrationStatus !== undefined && access.integrationStatus === access.status;
}

/** The request's failure lines first, then the function lines that explain them. */
export function evidenceOf(...lines: Array<LineRef | undefined>): LineRef[] {
  const seen = new Set<LineRef>();
  const result: LineRef[] = [];
  for (const line of lines) {
    if (line && !seen.has(line)) {
      seen.add(line);
      result.push(line);
    }
  }
  return result;
}

/** The line that ended the request at the gateway (its first failure line). */
export function gatewayLine(failure: CorrelatedFailure): LineRef | undefined {
  return failure.request?.failureLines[0] ?? failure.request?.accessLine;
}
