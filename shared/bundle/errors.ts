/** The bundle file cannot be used; the message names the file and, when it can, the field. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  readonly file: string;
  readonly field?: string;
  constructor(file: string, message: string, options?: ErrorOptions & { field?: string }) {
    super(`${file}: ${message}`, options);
    this.file = file;
    this.field = options?.field;
  }
}
