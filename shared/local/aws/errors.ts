/** Errors of the local AWS endpoints: an AWS service error to put on the wire, in the service's shape. */
export class LocalServiceError extends Error {
  override readonly name = 'LocalServiceError';
  readonly status: number;
  /** The error code (`__type` / `x-amzn-errortype`), e.g. ResourceNotFoundException. */
  readonly code: string;
  /** For query-compatible JSON services (CloudWatch, SQS): the old Query error code. */
  readonly queryCode: string | undefined;
  /** Extra members of the error body, e.g. Lambda's `Reason`. */
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: string,
    message: string,
    details: { queryCode?: string; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.queryCode = details.queryCode;
    this.extra = details.extra ?? {};
    this.headers = details.headers ?? {};
  }
}
