/** The texts that name a failure, shared by the log parsers and the cause rules: one place each. */
const OOM_TEXTS = [
  'JavaScript heap out of memory',
  'Reached heap limit',
  'java.lang.OutOfMemoryError',
  'Runtime.OutOfMemory',
  'System.OutOfMemoryException',
  'MemoryError',
  'fatal error: runtime: out of memory',
];

export function isOutOfMemoryText(text: string): boolean {
  return OOM_TEXTS.some((sign) => text.includes(sign));
}

export function isResponseTooLargeText(text: string): boolean {
  return (
    text.includes('Response payload size exceeded') ||
    text.includes('Function.ResponseSizeTooLarge') ||
    /Failed to post handler success response\. Http response code: 413/.test(text) ||
    text.includes('RequestEntityTooLargeException')
  );
}

const INIT_ERROR_TYPES = new Set([
  'Runtime.ImportModuleError',
  'Runtime.HandlerNotFound',
  'Runtime.UserCodeSyntaxError',
  'Runtime.MalformedHandlerName',
  'Runtime.InvalidEntrypoint',
  'Runtime.InitError',
  'Runtime.BadFunctionCode',
]);

export function isInitErrorType(errorType: string | undefined): boolean {
  return errorType !== undefined && INIT_ERROR_TYPES.has(errorType);
}
