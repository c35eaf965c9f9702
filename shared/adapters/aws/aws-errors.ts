/** How the SDK v3 reports a service error: `name` is the error code, `$metadata` the HTTP facts. */
export interface ServiceErrorFacts {
  code: string;
  message: string;
  httpStatus: number | undefined;
}

/** Reads the code and message of whatever an SDK call rejected with, without trusting its shape. */
export function serviceErrorFacts(error: unknown): ServiceErrorFacts {
  if (typeof error !== 'object' || error === null) {
    return { code: 'Unknown', message: String(error), httpStatus: undefined };
  }
  const record = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = record.$metadata?.httpStatusCode;
  return {
    code: typeof record.name === 'string' ? record.name : 'Unknown',
    message: typeof record.message === 'string' ? record.message : String(error),
    httpStatus: typeof status === 'number' ? status : undefined,
  };
}

/** Error codes that mean "the caller's role may not do this"; Lambda and Logs both use the first. */
export const ACCESS_DENIED_CODES: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
]);
