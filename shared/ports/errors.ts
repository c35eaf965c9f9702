/** Errors the adapters raise; names end in Error, `cause` kept, retryability decided where raised. */

export class LogGroupNotFoundError extends Error {
  override readonly name = 'LogGroupNotFoundError';
  readonly retryable = false;
  readonly logGroup: string;
  constructor(logGroup: string, options?: ErrorOptions) {
    super(`log group ${logGroup} does not exist`, options);
    this.logGroup = logGroup;
  }
}

export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
  readonly retryable = false;
  readonly resource: string;
  constructor(resource: string, message: string, options?: ErrorOptions) {
    super(`access denied to ${resource}: ${message}`, options);
    this.resource = resource;
  }
}

/** The time the Lambda has left ran out before the work finished. */
export class TimeBudgetExceededError extends Error {
  override readonly name = 'TimeBudgetExceededError';
  readonly retryable = false;
  constructor(what: string, options?: ErrorOptions) {
    super(`ran out of time while ${what}`, options);
  }
}
