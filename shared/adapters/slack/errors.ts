import {
  WebAPIFileUploadInvalidArgumentsError,
  WebAPIFileUploadReadFileDataError,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

/**
 * Why a Slack call failed, as a closed set the handler can branch on. `retryable` says whether
 * the same call may succeed later without anyone changing anything (rate limits, Slack or network
 * trouble); the others need a person (a token, a scope, an invitation, a channel id) or different
 * content.
 */
export const SlackFailure = {
  RATE_LIMITED: 'rate_limited',
  CHANNEL_NOT_FOUND: 'channel_not_found',
  NOT_IN_CHANNEL: 'not_in_channel',
  CHANNEL_ARCHIVED: 'channel_archived',
  INVALID_AUTH: 'invalid_auth',
  MISSING_SCOPE: 'missing_scope',
  INVALID_BLOCKS: 'invalid_blocks',
  MSG_TOO_LONG: 'msg_too_long',
  MSG_BLOCKS_TOO_LONG: 'msg_blocks_too_long',
  MESSAGE_NOT_FOUND: 'message_not_found',
  CANT_UPDATE_MESSAGE: 'cant_update_message',
  INVALID_ARGUMENTS: 'invalid_arguments',
  SLACK_SERVER_ERROR: 'slack_server_error',
  HTTP_5XX: 'http_5xx',
  HTTP_4XX: 'http_4xx',
  TIMEOUT: 'timeout',
  NETWORK: 'network',
  UPLOAD_FAILED: 'upload_failed',
  PLATFORM_ERROR: 'platform_error',
  /** Not a Slack failure we know: most likely a bug on our side; not retried. */
  UNEXPECTED: 'unexpected',
} as const;

export type SlackFailure = (typeof SlackFailure)[keyof typeof SlackFailure];

/** Slack refused the content: the same words as a text-only message may still go out. */
export const CONTENT_REJECTED: ReadonlySet<SlackFailure> = new Set([
  SlackFailure.INVALID_BLOCKS,
  SlackFailure.MSG_TOO_LONG,
  SlackFailure.MSG_BLOCKS_TOO_LONG,
]);

export interface SlackDeliveryDetails {
  code: SlackFailure;
  retryable: boolean;
  /** The Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** Slack's own `error` string when it answered `ok: false`. */
  slackError?: string;
  httpStatus?: number;
  /** From `Retry-After` on a 429. */
  retryAfterSeconds?: number;
}

export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
  readonly code: SlackFailure;
  readonly retryable: boolean;
  readonly method: string;
  readonly slackError?: string;
  readonly httpStatus?: number;
  readonly retryAfterSeconds?: number;
  constructor(details: SlackDeliveryDetails, options?: ErrorOptions) {
    const extra =
      details.slackError ?? (details.httpStatus === undefined ? undefined : `HTTP ${details.httpStatus}`);
    super(
      `Slack ${details.method} failed: ${details.code}${extra === undefined || extra === details.code ? '' : ` (${extra})`}`,
      options,
    );
    this.code = details.code;
    this.retryable = details.retryable;
    this.method = details.method;
    this.slackError = details.slackError;
    this.httpStatus = details.httpStatus;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** Slack `error` strings (ok:false) → our code and whether a retry can help. */
const PLATFORM_ERRORS: Record<string, { code: SlackFailure; retryable: boolean }> = {
  ratelimited: { code: SlackFailure.RATE_LIMITED, retryable: true },
  rate_limited: { code: SlackFailure.RATE_LIMITED, retryable: true },
  channel_not_found: { code: SlackFailure.CHANNEL_NOT_FOUND, retryable: false },
  not_in_channel: { code: SlackFailure.NOT_IN_CHANNEL, retryable: false },
  is_archived: { code: SlackFailure.CHANNEL_ARCHIVED, retryable: false },
  invalid_auth: { code: SlackFailure.INVALID_AUTH, retryable: false },
  not_authed: { code: SlackFailure.INVALID_AUTH, retryable: false },
  account_inactive: { code: SlackFailure.INVALID_AUTH, retryable: false },
  token_revoked: { code: SlackFailure.INVALID_AUTH, retryable: false },
  token_expired: { code: SlackFailure.INVALID_AUTH, retryable: false },
  no_permission: { code: SlackFailure.MISSING_SCOPE, retryable: false },
  missing_scope: { code: SlackFailure.MISSING_SCOPE, retryable: false },
  invalid_blocks: { code: SlackFailure.INVALID_BLOCKS, retryable: false },
  invalid_blocks_format: { code: SlackFailure.INVALID_BLOCKS, retryable: false },
  msg_too_long: { code: SlackFailure.MSG_TOO_LONG, retryable: false },
  msg_blocks_too_long: { code: SlackFailure.MSG_BLOCKS_TOO_LONG, retryable: false },
  message_not_found: { code: SlackFailure.MESSAGE_NOT_FOUND, retryable: false },
  thread_not_found: { code: SlackFailure.MESSAGE_NOT_FOUND, retryable: false },
  cant_update_message: { code: SlackFailure.CANT_UPDATE_MESSAGE, retryable: false },
  edit_window_closed: { code: SlackFailure.CANT_UPDATE_MESSAGE, retryable: false },
  invalid_arguments: { code: SlackFailure.INVALID_ARGUMENTS, retryable: false },
  no_text: { code: SlackFailure.INVALID_ARGUMENTS, retryable: false },
  internal_error: { code: SlackFailure.SLACK_SERVER_ERROR, retryable: true },
  fatal_error: { code: SlackFailure.SLACK_SERVER_ERROR, retryable: true },
  service_unavailable: { code: SlackFailure.SLACK_SERVER_ERROR, retryable: true },
  request_timeout: { code: SlackFailure.SLACK_SERVER_ERROR, retryable: true },
};

/**
 * Classifies anything a WebClient call threw, where it is raised: the client's own error classes
 * first; a plain Error comes from the upload to the file URL or a 429 without `Retry-After`.
 */
export function toSlackDeliveryError(method: string, error: unknown): SlackDeliveryError {
  if (error instanceof SlackDeliveryError) return error;
  const cause = { cause: error };
  if (error instanceof WebAPIPlatformError) {
    const slackError = typeof error.data.error === 'string' ? error.data.error : 'unknown_error';
    const known = PLATFORM_ERRORS[slackError] ?? { code: SlackFailure.PLATFORM_ERROR, retryable: false };
    return new SlackDeliveryError({ ...known, method, slackError }, cause);
  }
  if (error instanceof WebAPIRateLimitedError) {
    return new SlackDeliveryError(
      {
        code: SlackFailure.RATE_LIMITED,
        retryable: true,
        method,
        httpStatus: 429,
        retryAfterSeconds: error.retryAfter,
      },
      cause,
    );
  }
  if (error instanceof WebAPIHTTPError) {
    const server = error.statusCode >= 500;
    return new SlackDeliveryError(
      {
        code: server ? SlackFailure.HTTP_5XX : SlackFailure.HTTP_4XX,
        retryable: server,
        method,
        httpStatus: error.statusCode,
      },
      cause,
    );
  }
  if (error instanceof WebAPIRequestError) {
    const timedOut = error.original.name === 'TimeoutError' || error.original.name === 'AbortError';
    return new SlackDeliveryError(
      { code: timedOut ? SlackFailure.TIMEOUT : SlackFailure.NETWORK, retryable: true, method },
      cause,
    );
  }
  if (
    error instanceof WebAPIFileUploadInvalidArgumentsError ||
    error instanceof WebAPIFileUploadReadFileDataError
  ) {
    return new SlackDeliveryError({ code: SlackFailure.INVALID_ARGUMENTS, retryable: false, method }, cause);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/rate limit|retry header/i.test(message)) {
    return new SlackDeliveryError(
      { code: SlackFailure.RATE_LIMITED, retryable: true, method, httpStatus: 429 },
      cause,
    );
  }
  if (/failed to upload file|no upload url/i.test(message)) {
    return new SlackDeliveryError({ code: SlackFailure.UPLOAD_FAILED, retryable: true, method }, cause);
  }
  return new SlackDeliveryError({ code: SlackFailure.UNEXPECTED, retryable: false, method }, cause);
}
