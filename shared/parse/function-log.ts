import { isInitErrorType, isOutOfMemoryText, isResponseTooLargeText } from './failure-signs.ts';
import { isObject, numberField, objectField, stringField, tryParseJson } from './json.ts';
import { parsePlatformRecord } from './platform-record.ts';

/**
 * Lambda function log events, in text and JSON log format, for every managed runtime and custom
 * runtimes: platform lines (START/END/REPORT, INIT_START/INIT_REPORT, platform.* records), timeouts,
 * uncaught errors with type/message/stack, runtime exits, out-of-memory signs, oversized responses and
 * application lines. Unknown text is `unrecognised`, never a throw.
 *
 * @see ../../../shared/research/lambda-logs.md
 */
export type FunctionLine =
  | { kind: 'start'; requestId: string; version?: string }
  | { kind: 'end'; requestId: string }
  | ({ kind: 'report'; requestId: string } & ReportFigures)
  | { kind: 'init-start'; runtimeVersion?: string }
  | { kind: 'init-report'; durationMs?: number; phase?: string; status?: string; errorType?: string }
  | { kind: 'runtime-done'; requestId: string; status: string; errorType?: string }
  | { kind: 'timeout'; requestId?: string; seconds?: number }
  | ({ kind: 'error'; requestId?: string; origin: ErrorOrigin } & ErrorDocument)
  | { kind: 'runtime-exit'; requestId?: string; detail: string; errorType?: string }
  | { kind: 'out-of-memory'; requestId?: string; detail: string }
  | { kind: 'response-too-large'; requestId?: string; detail: string }
  | { kind: 'app'; requestId?: string; level?: string; message: string }
  | { kind: 'unrecognised'; requestId?: string };

export type FunctionLineKind = FunctionLine['kind'];

export interface ReportFigures {
  durationMs?: number;
  billedDurationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  initDurationMs?: number;
  /** `success`, `timeout`, `error`… when the platform says it (newer REPORT lines, JSON records). */
  status?: string;
  errorType?: string;
}

export interface ErrorDocument {
  errorType?: string;
  errorMessage?: string;
  stack?: string[];
  /** Uncaught during init (Node "Uncaught Exception", the init phase of other runtimes). */
  duringInit?: boolean;
}

export type ErrorOrigin =
  | 'invoke-error'
  | 'uncaught-exception'
  | 'python'
  | 'java'
  | 'dotnet'
  | 'json'
  | 'runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID, checked cheaply by shape before the exact pattern. */
function isUuid(text: string): boolean {
  return text.length === 36 && text.charCodeAt(8) === 45 && text.charCodeAt(23) === 45 && UUID.test(text);
}

/** `2024-11-01T…` at the given position. */
function isIsoDateAt(text: string, at: number): boolean {
  return (
    text.charCodeAt(at + 4) === 45 &&
    text.charCodeAt(at + 7) === 45 &&
    text.charCodeAt(at + 10) === 84 &&
    isDigit(text.charCodeAt(at)) &&
    isDigit(text.charCodeAt(at + 3))
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function parseFunctionLine(message: string): FunctionLine {
  const text = message.trimEnd();
  const first = text.charCodeAt(0);
  if (first === 123 /* { */) return parseJsonLine(text);
  if (text.startsWith('START RequestId: ')) return parseStart(text);
  if (text.startsWith('END RequestId: ')) return { kind: 'end', requestId: firstToken(text.slice(15)) };
  if (text.startsWith('REPORT RequestId: ')) return parseReport(text);
  if (text.startsWith('INIT_START')) return parseInitStart(text);
  if (text.startsWith('INIT_REPORT')) return parseInitReport(text);
  if (text.startsWith('RequestId: ')) return parseRuntimeRequestLine(text);
  if (text.startsWith('[')) return parsePythonStyle(text);
  return parseTextLine(text);
}

function firstToken(text: string): string {
  const end = text.search(/\s/);
  return end < 0 ? text : text.slice(0, end);
}

function parseStart(text: string): FunctionLine {
  const rest = text.slice(17);
  const version = /Version: (\S+)/.exec(rest)?.[1];
  return { kind: 'start', requestId: firstToken(rest), version };
}

/**
 * REPORT fields, tab-separated in real logs and flattened to spaces in some copies: found by label
 * with indexOf (REPORT is the most common platform line, so no regex per field). `Duration: ` first
 * occurs as the real duration: Billed and Init come after it.
 */
const REPORT_FIELDS: ReadonlyArray<readonly [label: string, field: keyof ReportFigures]> = [
  ['Duration: ', 'durationMs'],
  ['Billed Duration: ', 'billedDurationMs'],
  ['Memory Size: ', 'memorySizeMb'],
  ['Max Memory Used: ', 'maxMemoryUsedMb'],
  ['Init Duration: ', 'initDurationMs'],
];

function parseReport(text: string): FunctionLine {
  const newline = text.indexOf('\n');
  const line = newline < 0 ? text : text.slice(0, newline);
  const figures: ReportFigures = {};
  for (const [label, field] of REPORT_FIELDS) {
    const at = line.indexOf(label);
    if (at < 0) continue;
    const value = Number.parseFloat(line.slice(at + label.length, at + label.length + 24));
    if (Number.isFinite(value)) (figures as Record<string, number>)[field] = value;
  }
  const status = labelledWord(line, 'Status: ');
  if (status) figures.status = status;
  const errorType = labelledWord(line, 'Error Type: ');
  if (errorType) figures.errorType = errorType;
  return { kind: 'report', requestId: firstToken(line.slice(18)), ...figures };
}

/** The whitespace-free word after a label, e.g. `Status: timeout`. */
function labelledWord(line: string, label: string): string | undefined {
  const at = line.indexOf(label);
  if (at < 0) return undefined;
  const word = firstToken(line.slice(at + label.length));
  return word === '' ? undefined : word;
}

function parseInitStart(text: string): FunctionLine {
  return { kind: 'init-start', runtimeVersion: /Runtime Version: (\S+)/.exec(text)?.[1] };
}

function parseInitReport(text: string): FunctionLine {
  const duration = /Init Duration: ([\d.]+) ms/.exec(text)?.[1];
  return {
    kind: 'init-report',
    durationMs: duration ? Number(duration) : undefined,
    phase: /Phase: (\w+)/.exec(text)?.[1],
    status: /Status: (\w+)/.exec(text)?.[1],
    errorType: /Error Type: (\S+)/.exec(text)?.[1],
  };
}

/** `RequestId: … Error: Runtime exited with error: signal: killed\nRuntime.ExitError` and kin. */
function parseRuntimeRequestLine(text: string): FunctionLine {
  const requestId = firstToken(text.slice(11));
  const detail = text.slice(11 + requestId.length).trim();
  const errorType = /\n(Runtime\.\w+|Function\.\w+|Sandbox\.\w+)\s*$/.exec(text)?.[1];
  if (/Task timed out after ([\d.]+) seconds/.test(detail)) {
    return { kind: 'timeout', requestId, seconds: timeoutSeconds(detail) };
  }
  if (isResponseTooLargeText(detail)) return { kind: 'response-too-large', requestId, detail };
  if (/Process exited before completing request/.test(detail) || /Runtime exited/.test(detail)) {
    return { kind: 'runtime-exit', requestId, detail: detail.split('\n')[0] ?? detail, errorType };
  }
  return { kind: 'error', requestId, origin: 'runtime', errorType, errorMessage: detail.split('\n')[0] };
}

function timeoutSeconds(text: string): number | undefined {
  const seconds = /Task timed out after ([\d.]+) seconds/.exec(text)?.[1];
  return seconds ? Number(seconds) : undefined;
}

/** Python text format: `[LEVEL]\ttime\trequestId\tmessage`, and `[ERROR] Type: message\nTraceback…`. */
function parsePythonStyle(text: string): FunctionLine {
  const level = /^\[(\w+)\]/.exec(text)?.[1];
  if (!level) return parseTextLine(text);
  const rest = text.slice(level.length + 2);
  if (rest.startsWith('\t')) {
    const fields = rest.slice(1).split('\t');
    const requestId = fields[1] && UUID.test(fields[1]) ? fields[1] : undefined;
    const message = fields.slice(requestId ? 2 : 1).join('\t');
    if (message.startsWith('LAMBDA_WARNING'))
      return { kind: 'app', requestId, level: normaliseLevel(level), message };
    return classifyMessage(message, requestId, level);
  }
  if (level === 'ERROR') return parsePythonError(rest.trim(), undefined);
  // Node's old runtime-client lines: "[ERROR] [1582551956881] LAMBDA_RUNTIME Failed to post handler…"
  return classifyMessage(rest.trim(), undefined, level);
}

/** `Type.Name` before the first colon of a Python error head; bounded so a long line stays cheap. */
const PYTHON_ERROR_TYPE =
  /^(?:[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Timeout|\w*Error\w*)|Runtime\.\w+|[A-Z]\w*)$/;

function parsePythonError(text: string, requestId: string | undefined): FunctionLine {
  const head = text.split('\n', 1)[0] ?? text;
  if (isResponseTooLargeText(head)) return { kind: 'response-too-large', requestId, detail: head };
  if (isOutOfMemoryText(head)) return { kind: 'out-of-memory', requestId, detail: head };
  const stack = text.includes('Traceback') ? text.split('\n').slice(1) : undefined;
  const colon = head.indexOf(':');
  const errorType = colon > 0 && colon <= 200 ? head.slice(0, colon) : undefined;
  if (!errorType || !PYTHON_ERROR_TYPE.test(errorType)) {
    return { kind: 'error', requestId, origin: 'python', errorMessage: head, stack };
  }
  return {
    kind: 'error',
    requestId,
    origin: 'python',
    errorType,
    errorMessage: head.slice(colon + 1).replace(/^ /, ''),
    stack,
    duringInit: isInitErrorType(errorType),
  };
}

/** Node `time\trequestId\tLEVEL\tmessage`, Java/log4j `date time requestId LEVEL …`, bare text. */
function parseTextLine(text: string): FunctionLine {
  // Node's `time\trequestId\tLEVEL\tmessage`, read by position: the most common line of all.
  const first = text.indexOf('\t');
  const second = first < 0 ? -1 : text.indexOf('\t', first + 1);
  const third = second < 0 ? -1 : text.indexOf('\t', second + 1);
  if (third > 0 && isIsoDateAt(text, 0)) {
    const id = text.slice(first + 1, second);
    const requestId = isUuid(id) ? id : undefined;
    const level = text.slice(second + 1, third);
    const message = text.slice(third + 1);
    if (message.startsWith('Invoke Error') || message.startsWith('Uncaught Exception')) {
      return parseNodeErrorDocument(message, requestId);
    }
    return classifyMessage(message, requestId, level);
  }
  // Older timeout lines are space-separated: "2018-08-26T02:13:13.948Z <id> Task timed out after 30.02 seconds".
  const spaced = /^\d{4}-\d\d-\d\d[T ][\d:.,]+Z? ([0-9a-f-]{36}) (.*)$/s.exec(text);
  if (spaced?.[1] && spaced[2] !== undefined) {
    const level = /^(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\b/.exec(spaced[2])?.[1];
    return classifyMessage(spaced[2], spaced[1], level);
  }
  return classifyMessage(text, undefined, undefined);
}

function parseNodeErrorDocument(message: string, requestId: string | undefined): FunctionLine {
  const uncaught = message.startsWith('Uncaught Exception');
  const jsonStart = message.indexOf('{');
  const document = jsonStart >= 0 ? tryParseJson(message.slice(jsonStart)) : { ok: false as const };
  const origin: ErrorOrigin = uncaught ? 'uncaught-exception' : 'invoke-error';
  if (document.ok && isObject(document.value)) {
    return {
      kind: 'error',
      requestId,
      origin,
      ...readErrorDocument(document.value),
      duringInit: uncaught || undefined,
    };
  }
  // Pretty-printed or cut documents: read the fields with patterns.
  return {
    kind: 'error',
    requestId,
    origin,
    errorType: /"errorType"\s*:\s*"([^"]*)"/.exec(message)?.[1],
    errorMessage: /"errorMessage"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(message)?.[1],
    duringInit: uncaught || undefined,
  };
}

export function readErrorDocument(document: Record<string, unknown>): ErrorDocument {
  const stackValue = document.stack ?? document.stackTrace ?? document.trace;
  let stack: string[] | undefined;
  if (Array.isArray(stackValue)) {
    stack = stackValue.map((frame) =>
      typeof frame === 'string'
        ? frame
        : isObject(frame)
          ? `${stringField(frame, 'label') ?? ''} ${stringField(frame, 'path') ?? ''}:${numberField(frame, 'line') ?? ''}`.trim()
          : String(frame),
    );
  } else if (typeof stackValue === 'string') {
    stack = stackValue.split('\n');
  }
  const errorType = stringField(document, 'errorType') ?? stringField(document, 'exception_name');
  return {
    errorType,
    errorMessage: stringField(document, 'errorMessage') ?? stringField(document, 'exception'),
    stack,
    duringInit: isInitErrorType(errorType) || undefined,
  };
}

/** A message with no platform shape: out-of-memory, oversized response, timeout, Java/.NET errors, app text. */
/**
 * One scan that rules out every failure sign below; most application lines are plain text, and
 * testing each sign separately on each of them is what a big incident would pay for.
 */
const FAILURE_SIGN =
  /Task timed out|heap|OutOfMemory|MemoryError|out of memory|Response payload size|ResponseSizeTooLarge|Failed to post handler|RequestEntityTooLarge|Unknown application error|Runtime|Exception|Error/;

function classifyMessage(
  message: string,
  requestId: string | undefined,
  level: string | undefined,
): FunctionLine {
  if (level !== 'fail' && level !== 'crit' && !FAILURE_SIGN.test(message)) {
    if (!requestId && level === undefined && !/\S/.test(message)) return { kind: 'unrecognised' };
    return { kind: 'app', requestId, level: normaliseLevel(level), message };
  }
  if (message.startsWith('Task timed out after') || message.includes(' Task timed out after ')) {
    return { kind: 'timeout', requestId, seconds: timeoutSeconds(message) };
  }
  if (isOutOfMemoryText(message)) return { kind: 'out-of-memory', requestId, detail: firstLine(message) };
  if (isResponseTooLargeText(message))
    return { kind: 'response-too-large', requestId, detail: firstLine(message) };
  if (message.startsWith('Unknown application error occurred')) {
    // The type follows on the next line, or after a space where a copy flattened the newline.
    const errorType = /\s(Runtime\.\w+)/.exec(message)?.[1];
    return { kind: 'runtime-exit', requestId, detail: 'Unknown application error occurred', errorType };
  }
  // Without the `RequestId:` prefix (copies, older runtimes) the exit is still an exit.
  if (/^Error:? Runtime exited|^Runtime exited with error/.test(message)) {
    const errorType = /\n(Runtime\.\w+)\s*$/.exec(message)?.[1];
    return { kind: 'runtime-exit', requestId, detail: firstLine(message), errorType };
  }
  const java = /^(.*): ((?:[a-z]\w*\.)+[A-Z]\w*(?:Error|Exception))\n/s.exec(message);
  if (java?.[2]) {
    return {
      kind: 'error',
      requestId,
      origin: 'java',
      errorType: java[2],
      errorMessage: java[1],
      stack: message.split('\n').slice(1),
    };
  }
  if (level === 'fail' || level === 'crit') {
    const dotnet = /^([\w.]+(?:Exception|Error)): (.*)$/m.exec(message);
    return {
      kind: 'error',
      requestId,
      origin: 'dotnet',
      errorType: dotnet?.[1],
      errorMessage: dotnet?.[2] ?? firstLine(message),
    };
  }
  if (message.startsWith('Runtime.')) {
    const [errorType, ...rest] = message.split(/[:\n]/);
    return {
      kind: 'error',
      requestId,
      origin: 'runtime',
      errorType,
      errorMessage: rest.join(':').trim() || undefined,
      duringInit: isInitErrorType(errorType) || undefined,
    };
  }
  if (!requestId && level === undefined && !/\S/.test(message)) return { kind: 'unrecognised' };
  return { kind: 'app', requestId, level: normaliseLevel(level), message };
}

function firstLine(text: string): string {
  return (text.split('\n', 1)[0] ?? text).trim();
}

function normaliseLevel(level: string | undefined): string | undefined {
  if (!level) return undefined;
  const upper = level.toUpperCase();
  return upper === 'WARNING' ? 'WARN' : upper;
}

// ---------------------------------------------------------------------------------------------
// JSON log format: platform.* records, and application records of Node, Python and Powertools.

function parseJsonLine(text: string): FunctionLine {
  const parsed = tryParseJson(text);
  if (!parsed.ok || !isObject(parsed.value)) return parseBrokenJsonLine(text);
  const json = parsed.value;
  const type = stringField(json, 'type');
  const record = objectField(json, 'record');
  if (type?.startsWith('platform.') && record) return parsePlatformRecord(type, record);
  // A runtime error document printed as JSON (Go panics, Python JSON errors).
  if (stringField(json, 'errorType') !== undefined || stringField(json, 'errorMessage') !== undefined) {
    const requestId = jsonRequestId(json);
    const document = readErrorDocument(json);
    return errorDocumentLine(document, requestId);
  }
  const level = normaliseLevel(stringField(json, 'level') ?? stringField(json, 'severity'));
  const requestId = jsonRequestId(json);
  const messageValue = json.message ?? json.msg;
  // Node JSON format puts the error document inside "message".
  if (
    isObject(messageValue) &&
    (messageValue.errorType !== undefined || messageValue.errorMessage !== undefined)
  ) {
    return { kind: 'error', requestId, origin: 'json', ...readErrorDocument(messageValue) };
  }
  const message = typeof messageValue === 'string' ? messageValue : JSON.stringify(messageValue ?? json);
  if (level === 'ERROR' && (stringField(json, 'exception_name') || stringField(json, 'stackTrace'))) {
    // Powertools logger.exception(): handled errors, logged by the function itself.
    return { kind: 'app', requestId, level, message };
  }
  const classified = classifyMessage(message, requestId, level);
  return classified.kind === 'app' ? { ...classified, message } : classified;
}

/** A runtime error document: out-of-memory and oversized responses are named as such, as in text. */
function errorDocumentLine(document: ErrorDocument, requestId: string | undefined): FunctionLine {
  const summary = `${document.errorType ?? ''}: ${document.errorMessage ?? ''}`;
  if (isOutOfMemoryText(summary)) return { kind: 'out-of-memory', requestId, detail: summary };
  if (isResponseTooLargeText(summary)) return { kind: 'response-too-large', requestId, detail: summary };
  return { kind: 'error', requestId, origin: 'json', ...document };
}

/** A JSON line that does not parse (cut by a copy or at the event size limit): read its error fields. */
function parseBrokenJsonLine(text: string): FunctionLine {
  const errorType = /"errorType"\s*:\s*"([^"]*)"/.exec(text)?.[1];
  const errorMessage = /"errorMessage"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  if (errorType === undefined && errorMessage === undefined)
    return classifyMessage(text, undefined, undefined);
  const requestId = /"(?:requestId|AWSRequestId|awsRequestId)"\s*:\s*"([^"]+)"/.exec(text)?.[1];
  return errorDocumentLine(
    { errorType, errorMessage, duringInit: isInitErrorType(errorType) || undefined },
    requestId,
  );
}

/** Request id under the names the runtimes and Powertools use. */
function jsonRequestId(json: Record<string, unknown>): string | undefined {
  return (
    stringField(json, 'requestId') ??
    stringField(json, 'AWSRequestId') ??
    stringField(json, 'awsRequestId') ??
    stringField(json, 'function_request_id') ??
    stringField(json, 'lambda_request_id') ??
    stringField(json, 'aws_request_id')
  );
}
