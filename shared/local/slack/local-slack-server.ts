import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateBlocks, WIRE_LIMITS } from './validate-blocks.ts';
import { INVALID_JSON, isRecord, parseParams, readBody, uploadedBytes } from './wire.ts';

/**
 * A local Slack Web API for tests and the demo: a real HTTP server on 127.0.0.1 that speaks the
 * wire format `@slack/web-api` uses (POST, form-urlencoded or JSON, `Authorization: Bearer`,
 * HTTP 200 with `{ ok: false, error }` for refusals, 429 with `Retry-After`). It keeps what was
 * posted, checks blocks as Slack does, and can be told to misbehave per method.
 */

export type ScriptedFault =
  /** HTTP 429 with `Retry-After: <seconds>`. */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** HTTP 200 `{ ok: false, error }`, e.g. channel_not_found, invalid_auth, invalid_blocks. */
  | { kind: 'error'; error: string }
  /** An HTTP status with a plain body, e.g. 500 or 503. */
  | { kind: 'http'; status: number }
  /** Wait, then answer as usual (a client with a shorter timeout gives up first). */
  | { kind: 'slow'; delayMs: number };

/** `upload` is the upload URL handed out by files.getUploadURLExternal. */
export type FaultTarget = string;

export interface RecordedRequest {
  /** Web API method (`chat.postMessage`) or `upload`. */
  method: string;
  path: string;
  contentType: string;
  /** From `Authorization: Bearer` or a `token` parameter. */
  token?: string;
  userAgent?: string;
  /** Parameters with JSON-valued ones (blocks, files) parsed. */
  params: Record<string, unknown>;
  bodyBytes: number;
  receivedAt: number;
  status: number;
  response: unknown;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  replyBroadcast: boolean;
  text?: string;
  blocks?: unknown[];
  /** How often chat.update changed it. */
  updates: number;
}

export interface StoredFile {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  title?: string;
  bytes?: Uint8Array;
  channelId?: string;
  threadTs?: string;
}

export interface LocalSlackOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** Tokens that work; any other gets `invalid_auth`. @default any token starting with `xox` */
  tokens?: string[];
  /** Channels that exist; others get `channel_not_found`. @default every channel exists */
  channels?: string[];
  /** Seconds part of the first `ts`. @default now */
  startSeconds?: number;
}

export interface LocalSlack {
  /** For `slackApiUrl`: `http://127.0.0.1:PORT/api/`. */
  apiUrl: string;
  requests: RecordedRequest[];
  postedMessages(): StoredMessage[];
  uploadedFiles(): StoredFile[];
  /** The next `times` calls of `method` get this fault instead of (or before) the real answer. */
  scriptFault(method: FaultTarget, fault: ScriptedFault, times?: number): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function startLocalSlack(options: LocalSlackOptions = {}): Promise<LocalSlack> {
  const requests: RecordedRequest[] = [];
  const messages: StoredMessage[] = [];
  const files = new Map<string, StoredFile>();
  const faults = new Map<string, ScriptedFault[]>();
  const closing = new AbortController();
  let sequence = 0;
  const startSeconds = options.startSeconds ?? Math.floor(Date.now() / 1000);
  let origin = '';

  const nextTs = () => {
    sequence += 1;
    return `${startSeconds + Math.floor(sequence / 1_000_000)}.${String(sequence % 1_000_000).padStart(6, '0')}`;
  };
  const channelExists = (channel: unknown): channel is string =>
    typeof channel === 'string' &&
    channel !== '' &&
    (options.channels === undefined || options.channels.includes(channel));
  const tokenWorks = (token: string | undefined) =>
    token !== undefined &&
    (options.tokens === undefined ? token.startsWith('xox') : options.tokens.includes(token));
  const fail = (error: string, extra: Record<string, unknown> = {}): Answer => ({
    status: 200,
    body: { ok: false, error, ...extra },
  });

  function postMessage(params: Record<string, unknown>): Answer {
    const { channel, text, blocks } = params;
    if (!channelExists(channel)) return fail('channel_not_found');
    const content = checkContent(text, blocks);
    if (content) return content;
    if (text === undefined && blocks === undefined) return fail('no_text');
    const threadTs = typeof params.thread_ts === 'string' ? params.thread_ts : undefined;
    const message: StoredMessage = {
      channel,
      ts: nextTs(),
      threadTs,
      replyBroadcast: params.reply_broadcast === true || params.reply_broadcast === 'true',
      text: typeof text === 'string' ? text : undefined,
      blocks: Array.isArray(blocks) ? blocks : undefined,
      updates: 0,
    };
    messages.push(message);
    return {
      status: 200,
      body: { ok: true, channel, ts: message.ts, message: { text, blocks, ts: message.ts } },
    };
  }

  function update(params: Record<string, unknown>): Answer {
    const { channel, ts, text, blocks } = params;
    if (!channelExists(channel)) return fail('channel_not_found');
    const message = messages.find((candidate) => candidate.channel === channel && candidate.ts === ts);
    if (message === undefined) return fail('message_not_found');
    if (text === undefined && blocks === undefined) return fail('no_text');
    const content = checkContent(text, blocks);
    if (content) return content;
    // chat.update: without `blocks`, the old blocks stay only when no `text` is given either.
    message.blocks = Array.isArray(blocks) ? blocks : undefined;
    if (typeof text === 'string') message.text = text;
    message.updates += 1;
    return { status: 200, body: { ok: true, channel, ts, text: message.text } };
  }

  function getUploadUrl(params: Record<string, unknown>): Answer {
    const filename = typeof params.filename === 'string' ? params.filename : '';
    const length = Number(params.length);
    if (filename === '' || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
    const id = `F${String(files.size + 1).padStart(8, '0')}`;
    files.set(id, {
      id,
      filename,
      length,
      altText: typeof params.alt_text === 'string' ? params.alt_text : undefined,
    });
    return { status: 200, body: { ok: true, upload_url: `${origin}/upload/${id}`, file_id: id } };
  }

  function completeUpload(params: Record<string, unknown>): Answer {
    if (!Array.isArray(params.files) || params.files.length === 0) return fail('invalid_arguments');
    const channelId = params.channel_id;
    if (channelId !== undefined && !channelExists(channelId)) return fail('channel_not_found');
    const done: StoredFile[] = [];
    for (const entry of params.files) {
      const id = isRecord(entry) && typeof entry.id === 'string' ? entry.id : '';
      const file = files.get(id);
      if (file?.bytes === undefined) return fail('file_not_found');
      file.title = isRecord(entry) && typeof entry.title === 'string' ? entry.title : file.filename;
      file.channelId = typeof channelId === 'string' ? channelId : undefined;
      file.threadTs = typeof params.thread_ts === 'string' ? params.thread_ts : undefined;
      done.push(file);
    }
    return {
      status: 200,
      body: {
        ok: true,
        files: done.map((file) => ({ id: file.id, title: file.title, name: file.filename })),
      },
    };
  }

  async function receiveUpload(id: string, body: Buffer, contentType: string): Promise<Answer> {
    const file = files.get(id);
    if (file === undefined) return { status: 404, body: 'unknown upload' };
    const bytes = await uploadedBytes(body, contentType);
    if (bytes.length !== file.length)
      return { status: 400, body: `expected ${file.length} bytes, got ${bytes.length}` };
    file.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  function dispatch(method: string, params: Record<string, unknown>): Answer {
    switch (method) {
      case 'auth.test':
        return {
          status: 200,
          body: {
            ok: true,
            url: 'https://local.slack.test/',
            team: 'Local',
            user: 'triage-bot',
            team_id: 'T0LOCAL',
            user_id: 'U0LOCALBOT',
            bot_id: 'B0LOCAL',
          },
        };
      case 'chat.postMessage':
        return postMessage(params);
      case 'chat.update':
        return update(params);
      case 'files.getUploadURLExternal':
        return getUploadUrl(params);
      case 'files.completeUploadExternal':
        return completeUpload(params);
      default:
        return fail('unknown_method');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', origin);
    const contentType = req.headers['content-type'] ?? '';
    const upload = /^\/upload\/([A-Z0-9]+)$/.exec(url.pathname);
    const method = upload ? 'upload' : url.pathname.replace(/^\/api\//, '');
    const params = upload ? {} : parseParams(body, contentType);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof params.token === 'string' ? params.token : undefined);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      contentType,
      token,
      userAgent: req.headers['user-agent'],
      params,
      bodyBytes: body.length,
      receivedAt: Date.now(),
      status: 0,
      response: undefined,
    };
    requests.push(record);

    let answer: Answer | undefined;
    const fault = faults.get(method)?.shift();
    if (fault?.kind === 'slow') await delay(fault.delayMs, closing.signal);
    else if (fault?.kind === 'rate-limited') {
      answer = {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(fault.retryAfterSeconds) },
      };
    } else if (fault?.kind === 'http')
      answer = { status: fault.status, body: `scripted HTTP ${fault.status}` };
    else if (fault?.kind === 'error') answer = fail(fault.error);

    if (answer === undefined) {
      if (upload) answer = await receiveUpload(upload[1] ?? '', body, contentType);
      else if (req.method !== 'POST') answer = { status: 405, body: 'POST only' };
      else if (!tokenWorks(token)) answer = fail(token === undefined ? 'not_authed' : 'invalid_auth');
      else answer = dispatch(method, params);
    }
    record.status = answer.status;
    record.response = answer.body;
    if (res.destroyed) return;
    const isJson = typeof answer.body !== 'string';
    res.writeHead(answer.status, {
      'content-type': isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      ...answer.headers,
    });
    res.end(isJson ? JSON.stringify(answer.body) : answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`local slack failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${origin}/api/`,
    requests,
    postedMessages: () => messages.map((message) => ({ ...message })),
    uploadedFiles: () => [...files.values()].map((file) => ({ ...file })),
    scriptFault(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(fault);
      faults.set(method, queue);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What Slack checks on a message's content, in the order it reports them. */
function checkContent(text: unknown, blocks: unknown): Answer | undefined {
  if (blocks !== undefined) {
    if (blocks === INVALID_JSON) return { status: 200, body: { ok: false, error: 'invalid_blocks_format' } };
    const problems = validateBlocks(blocks);
    if (problems.length > 0) {
      const errors = problems.map((problem) => `${problem.message} [json-pointer:${problem.pointer}]`);
      return {
        status: 200,
        body: {
          ok: false,
          error: 'invalid_blocks',
          errors,
          response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
        },
      };
    }
    if (JSON.stringify(blocks).length > WIRE_LIMITS.blocksJson) {
      return { status: 200, body: { ok: false, error: 'msg_blocks_too_long' } };
    }
  }
  if (typeof text === 'string' && text.length > WIRE_LIMITS.text) {
    return { status: 200, body: { ok: false, error: 'msg_too_long' } };
  }
  return undefined;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
