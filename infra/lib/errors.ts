/** The config is valid but what it asks for does not fit a limit AWS enforces at deploy time. */
export class SynthLimitError extends Error {
  readonly limit: string;

  constructor(limit: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SynthLimitError';
    this.limit = limit;
  }
}
