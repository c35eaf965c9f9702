import { LogLevel, type WebAPICallResult, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { SlackMessage } from '../../slack/block-kit.ts';
import { renderTextOnlyFallback } from '../../slack/fallback.ts';
import { CONTENT_REJECTED, SlackDeliveryError, SlackFailure, toSlackDeliveryError } from './errors.ts';

/** Where a message landed: keep both to reply in its thread or update it later. */
export interface SlackPostResult {
  /** The channel id (Slack answers with the id even when a name was given). */
  channel: string;
  ts: string;
  /** True when Slack refused the blocks and the text-only version went out instead. */
  textFallback: boolean;
}

export interface ThreadImage {
  png: Uint8Array;
  filename: string;
  /** Read by screen readers; say the numbers the graph shows. */
  altText: string;
  title: string;
}

/**
 * Delivers alerts to Slack, in domain words. Every method rejects with SlackDeliveryError
 * (`code`, `retryable`). Content Slack refuses is sent again once as text only, so the alert
 * still goes out.
 */
export interface SlackNotifier {
  postAlert(channel: string, message: SlackMessage): Promise<SlackPostResult>;
  postThreadReply(
    channel: string,
    threadTs: string,
    message: SlackMessage,
    options?: { broadcast?: boolean },
  ): Promise<SlackPostResult>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<SlackPostResult>;
  uploadThreadImage(channel: string, threadTs: string, image: ThreadImage): Promise<{ fileId: string }>;
}

export interface WebApiSlackNotifierOptions {
  /** Bot token (`xoxb-…`). Scopes: chat:write, chat:write.public (channels it has not joined), files:write. */
  token: string;
  /** Another Web API base, e.g. a local endpoint `http://127.0.0.1:PORT/api/`. @default https://slack.com/api/ */
  slackApiUrl?: string;
  /** Each HTTP request is aborted after this long (the client's default is none). @default 5000 */
  requestTimeoutMs?: number;
  /** Retries after HTTP 5xx, a timeout or a network failure (the client's default is 10 over ~30 min). @default 2 */
  retries?: number;
  /** Back-off between those retries, doubling from min to max. @default 500, 2000 */
  retryMinDelayMs?: number;
  retryMaxDelayMs?: number;
  /** No retry starts after this long since the first attempt. @default 20000 */
  maxRetryTimeMs?: number;
  /** HTTP 429s waited out per call; a longer `Retry-After` than `maxRateLimitWaitMs` is not waited for. @default 2, 5000 */
  rateLimitRetries?: number;
  maxRateLimitWaitMs?: number;
  /** @default LogLevel.WARN */
  logLevel?: LogLevel;
  /** Tests: how a rate-limit wait is spent. */
  sleep?: (ms: number) => Promise<void>;
}

const PostedSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
const UploadedSchema = z.object({
  files: z.array(z.object({ files: z.array(z.object({ id: z.string().min(1) })).min(1) })).min(1),
});
const AuthSchema = z.object({ team_id: z.string(), user_id: z.string(), bot_id: z.string().optional() });

const MAX_ALT_TEXT = 1000;

/**
 * SlackNotifier on `@slack/web-api`. The client's defaults would retry for half an hour with no
 * request timeout, and on a 429 would pause every call for as long as Slack says: here each call
 * is bounded (worst case ≈ (retries + 1) × requestTimeoutMs + back-off + rate-limit waits), and
 * rate limits are waited out here only when the wait is short.
 */
export class WebApiSlackNotifier implements SlackNotifier {
  readonly #client: WebClient;
  readonly #rateLimitRetries: number;
  readonly #maxRateLimitWaitMs: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: WebApiSlackNotifierOptions) {
    this.#client = new WebClient(options.token, {
      slackApiUrl: options.slackApiUrl,
      timeout: options.requestTimeoutMs ?? 5000,
      rejectRateLimitedCalls: true,
      retryConfig: {
        retries: options.retries ?? 2,
        factor: 2,
        minTimeout: options.retryMinDelayMs ?? 500,
        maxTimeout: options.retryMaxDelayMs ?? 2000,
        maxRetryTime: options.maxRetryTimeMs ?? 20_000,
        randomize: false,
      },
      logLevel: options.logLevel ?? LogLevel.WARN,
    });
    this.#rateLimitRetries = options.rateLimitRetries ?? 2;
    this.#maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 5000;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  postAlert(channel: string, message: SlackMessage): Promise<SlackPostResult> {
    return this.#send('chat.postMessage', { channel, unfurl_links: false, unfurl_media: false }, message);
  }

  postThreadReply(
    channel: string,
    threadTs: string,
    message: SlackMessage,
    options: { broadcast?: boolean } = {},
  ): Promise<SlackPostResult> {
    return this.#send(
      'chat.postMessage',
      {
        channel,
        thread_ts: threadTs,
        reply_broadcast: options.broadcast === true ? true : undefined,
        unfurl_links: false,
        unfurl_media: false,
      },
      message,
    );
  }

  /** Edits a message this token posted; the text-only fallback also replaces the old blocks. */
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<SlackPostResult> {
    return this.#send('chat.update', { channel, ts }, message);
  }

  /** files.getUploadURLExternal → upload → files.completeUploadExternal, shared into the thread. */
  async uploadThreadImage(
    channel: string,
    threadTs: string,
    image: ThreadImage,
  ): Promise<{ fileId: string }> {
    const method = 'files.uploadV2';
    const result = await this.#withRateLimitWaits(method, () =>
      this.#client.filesUploadV2({
        channel_id: channel,
        thread_ts: threadTs,
        file: Buffer.from(image.png),
        filename: image.filename,
        title: image.title,
        alt_text: image.altText.slice(0, MAX_ALT_TEXT),
      }),
    );
    const fileId = parse(method, UploadedSchema, result).files[0]?.files[0]?.id;
    if (fileId === undefined) throw unexpected(method, new Error('no file id in the answer'));
    return { fileId };
  }

  /** auth.test: whether the token works, and who it is. */
  async verifyToken(): Promise<{ teamId: string; userId: string; botId?: string }> {
    const result = parse('auth.test', AuthSchema, await this.#call('auth.test', {}));
    return { teamId: result.team_id, userId: result.user_id, botId: result.bot_id };
  }

  async #send(
    method: string,
    target: Record<string, unknown>,
    message: SlackMessage,
  ): Promise<SlackPostResult> {
    try {
      const result = await this.#call(method, { ...target, text: message.text, blocks: message.blocks });
      return { ...parse(method, PostedSchema, result), textFallback: false };
    } catch (error) {
      const failure = toSlackDeliveryError(method, error);
      if (!CONTENT_REJECTED.has(failure.code)) throw failure;
      const result = await this.#call(method, { ...target, text: renderTextOnlyFallback(message) });
      return { ...parse(method, PostedSchema, result), textFallback: true };
    }
  }

  #call(method: string, args: Record<string, unknown>): Promise<WebAPICallResult> {
    return this.#withRateLimitWaits(method, () => this.#client.apiCall(method, args));
  }

  async #withRateLimitWaits<T>(method: string, call: () => Promise<T>): Promise<T> {
    for (let waited = 0; ; waited += 1) {
      try {
        return await call();
      } catch (error) {
        const waitMs = error instanceof WebAPIRateLimitedError ? error.retryAfter * 1000 : undefined;
        if (waitMs === undefined || waited >= this.#rateLimitRetries || waitMs > this.#maxRateLimitWaitMs) {
          throw toSlackDeliveryError(method, error);
        }
        await this.#sleep(waitMs);
      }
    }
  }
}

function parse<T>(method: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw unexpected(method, parsed.error);
  return parsed.data;
}

function unexpected(method: string, cause: unknown): SlackDeliveryError {
  return new SlackDeliveryError({ code: SlackFailure.UNEXPECTED, retryable: false, method }, { cause });
}
