/** Errors of the link builders: a caller passed something no console URL can be built from. */

export class InvalidLinkInputError extends Error {
  override readonly name = 'InvalidLinkInputError';
  readonly retryable = false;
  readonly field: string;
  constructor(field: string, message: string, options?: ErrorOptions) {
    super(`${field}: ${message}`, options);
    this.field = field;
  }
}
