/** Errors of the AWS adapters that are not one of the ports' errors (shared/ports/errors.ts). */

/** GetMetricWidgetImage answered 200 without image bytes; retrying the same widget will not help. */
export class EmptyMetricImageError extends Error {
  override readonly name = 'EmptyMetricImageError';
  readonly retryable = false;
  constructor(options?: ErrorOptions) {
    super('GetMetricWidgetImage answered without an image', options);
  }
}
