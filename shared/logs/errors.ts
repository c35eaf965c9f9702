/** Errors of the CloudWatch Logs area; names end in Error, `cause` kept. */

/**
 * A filter pattern CloudWatch Logs would refuse (it answers InvalidParameterException
 * "Invalid filter pattern"). Raised instead of silently matching everything or nothing.
 */
export class InvalidFilterPatternError extends Error {
  override readonly name = 'InvalidFilterPatternError';
  readonly retryable = false;
  readonly pattern: string;
  /** Character offset in the pattern where the problem was found, when known. */
  readonly position: number | undefined;
  readonly reason: string;
  constructor(pattern: string, reason: string, position?: number, options?: ErrorOptions) {
    const where = position === undefined ? '' : ` at character ${position}`;
    super(`invalid filter pattern${where}: ${reason}`, options);
    this.pattern = pattern;
    this.reason = reason;
    this.position = position;
  }
}

/** A FilterLogEvents `nextToken` that no page handed out (AWS: InvalidParameterException). */
export class InvalidNextTokenError extends Error {
  override readonly name = 'InvalidNextTokenError';
  readonly retryable = false;
  constructor(token: string, options?: ErrorOptions) {
    super(`the nextToken ${JSON.stringify(token.slice(0, 40))} is not one this reader handed out`, options);
  }
}
