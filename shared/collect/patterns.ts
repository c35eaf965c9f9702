/**
 * The CloudWatch Logs filter patterns the collector sends. Terms match anywhere in a message
 * (FilterLogEvents semantics), so a prefix of a line is enough.
 */

/** Gateway execution-log lines that mark a failing request. */
export const GATEWAY_FAILURE_PATTERN =
  '?"Method completed with status: 5" ?"Execution failed due to" ?"Lambda execution failed" ?"Lambda invocation failed" ?AuthorizerConfigurationException';

/** Access-log records of 5xx answers, for the usual `"status": "502"` key. */
export const ACCESS_5XX_PATTERN = '{ $.status = "5*" }';

/**
 * A function's skeleton (START/REPORT, text and JSON formats: durations, concurrency, time joins) and
 * its failure lines that carry no request id (init errors, crashes, heap aborts).
 */
export const FUNCTION_SKELETON_PATTERN = [
  '"START RequestId"',
  '"REPORT RequestId"',
  '"platform.start"',
  '"platform.report"',
  '"platform.runtimeDone"',
  '"INIT_REPORT"',
  '"INIT_START"',
  '"platform.initStart"',
  '"platform.initReport"',
  '"Uncaught Exception"',
  '"Task timed out"',
  '"Runtime exited"',
  '"Unknown application error"',
  '"FATAL ERROR"',
  '"OutOfMemory"',
  '"Runtime.ImportModuleError"',
  '"Failed to post handler success response"',
]
  .map((term) => `?${term}`)
  .join(' ');
