import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackDeliveryError } from '../../shared/adapters/slack/errors.ts';
import {
  WebApiSlackNotifier,
  type WebApiSlackNotifierOptions,
} from '../../shared/adapters/slack/slack-notifier.ts';
import { type LocalSlack, startLocalSlack } from '../../shared/local/slack/local-slack-server.ts';
import type { SlackMessage } from '../../shared/slack/block-kit.ts';
import { renderAlertMessage } from '../../shared/slack/render-alert.ts';
import { renderResolvedParentUpdate, renderResolvedReply } from '../../shared/slack/render-lifecycle.ts';
import { timeoutReport } from './fixtures/reports.ts';

const TOKEN = 'xoxb-local-test-token';
const CHANNEL = 'C0ALERTS';

let slack: LocalSlack;

beforeEach(async () => {
  slack = await startLocalSlack({
    tokens: [TOKEN],
    channels: [CHANNEL, 'C0OTHER'],
    startSeconds: 1730462470,
  });
});

afterEach(async () => {
  await slack.close();
});

/** Tiny back-off so the retry tests stay fast; everything else as in production. */
function notifier(options: Partial<WebApiSlackNotifierOptions> = {}): WebApiSlackNotifier {
  return new WebApiSlackNotifier({
    token: TOKEN,
    slackApiUrl: slack.apiUrl,
    requestTimeoutMs: 2000,
    retries: 2,
    retryMinDelayMs: 10,
    retryMaxDelayMs: 20,
    logLevel: LogLevel.ERROR,
    ...options,
  });
}

function alert(): SlackMessage {
  return renderAlertMessage(timeoutReport(), { mention: 'S0123ABCD' });
}

async function failure(promise: Promise<unknown>): Promise<SlackDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SlackDeliveryError))
    throw new Error(`expected SlackDeliveryError, got ${String(error)}`);
  return error;
}

describe('WebApiSlackNotifier against the local Slack endpoint', () => {
  it('posts the alert as the client really sends it', async () => {
    const message = alert();
    const posted = await notifier().postAlert(CHANNEL, message);

    expect(posted).toEqual({ channel: CHANNEL, ts: '1730462470.000001', textFallback: false });
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.method).toBe('chat.postMessage');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.token).toBe(TOKEN);
    expect(request?.userAgent).toMatch(/@slack:web-api/);
    expect(request?.params.text).toBe(message.text);
    expect(request?.params.blocks).toEqual(message.blocks);
    expect(request?.params.unfurl_links).toBe('false');
    expect(slack.postedMessages()).toHaveLength(1);
  });

  it('replies in the thread of the alert, broadcasting only when asked', async () => {
    const client = notifier();
    const parent = await client.postAlert(CHANNEL, alert());
    const reply = renderResolvedReply({
      alarmName: 'orders-api-prod-5xx',
      firedAt: '2024-11-01T12:01:10.123Z',
      resolvedAt: '2024-11-01T12:24:10.000Z',
      reason: 'back under the threshold',
    });
    await client.postThreadReply(parent.channel, parent.ts, reply);
    await client.postThreadReply(parent.channel, parent.ts, reply, { broadcast: true });

    const [, quiet, loud] = slack.postedMessages();
    expect(quiet?.threadTs).toBe(parent.ts);
    expect(quiet?.replyBroadcast).toBe(false);
    expect(loud?.threadTs).toBe(parent.ts);
    expect(loud?.replyBroadcast).toBe(true);
    expect(slack.requests[1]?.params.reply_broadcast).toBeUndefined();
  });

  it('updates the parent in place', async () => {
    const client = notifier();
    const message = alert();
    const parent = await client.postAlert(CHANNEL, message);
    const resolved = renderResolvedParentUpdate(message, {
      resolvedAt: '2024-11-01T12:24:10.000Z',
      durationText: '23 min',
    });
    const updated = await client.updateMessage(parent.channel, parent.ts, resolved);

    expect(updated).toEqual({ channel: CHANNEL, ts: parent.ts, textFallback: false });
    const [stored] = slack.postedMessages();
    expect(stored?.updates).toBe(1);
    expect(stored?.blocks).toEqual(resolved.blocks);
    expect(stored?.text).toBe(resolved.text);
  });

  it('uploads a graph into the thread in the three steps of files.uploadV2', async () => {
    const client = notifier();
    const parent = await client.postAlert(CHANNEL, alert());
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const { fileId } = await client.uploadThreadImage(parent.channel, parent.ts, {
      png,
      filename: '5xx.png',
      altText: '5XX rate rose from 0% to 82% at 11:56 UTC; threshold 5%',
      title: 'orders-api prod 5XX',
    });

    expect(slack.requests.map((request) => request.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    const [file] = slack.uploadedFiles();
    expect(file?.id).toBe(fileId);
    expect(file?.bytes).toEqual(png);
    expect(file?.channelId).toBe(CHANNEL);
    expect(file?.threadTs).toBe(parent.ts);
    expect(file?.altText).toBe('5XX rate rose from 0% to 82% at 11:56 UTC; threshold 5%');
    expect(file?.title).toBe('orders-api prod 5XX');
  });

  it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 1 });
    const started = performance.now();
    const posted = await notifier().postAlert(CHANNEL, alert());
    const elapsed = performance.now() - started;

    expect(posted.ts).toBe('1730462470.000001');
    expect(slack.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(2500);
  });

  it('does not wait for a Retry-After longer than it may, and says when to retry', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 30 });
    const started = performance.now();
    const error = await failure(notifier({ maxRateLimitWaitMs: 5000 }).postAlert(CHANNEL, alert()));

    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSeconds).toBe(30);
    expect(slack.requests).toHaveLength(1);
  });

  it('stops after the allowed number of 429s', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 0 }, 10);
    const error = await failure(notifier({ rateLimitRetries: 2 }).postAlert(CHANNEL, alert()));
    expect(error.code).toBe('rate_limited');
    expect(slack.requests).toHaveLength(3);
  });

  it('channel_not_found is final: no retry', async () => {
    const error = await failure(notifier().postAlert('C0MISSING', alert()));
    expect(error).toMatchObject({
      code: 'channel_not_found',
      retryable: false,
      slackError: 'channel_not_found',
      method: 'chat.postMessage',
    });
    expect(error.message).toBe('Slack chat.postMessage failed: channel_not_found');
    expect(error.cause).toBeInstanceOf(Error);
    expect(slack.requests).toHaveLength(1);
  });

  it('a wrong token is invalid_auth, for posting and for auth.test', async () => {
    const wrong = notifier({ token: 'xoxb-revoked' });
    expect(await failure(wrong.postAlert(CHANNEL, alert()))).toMatchObject({
      code: 'invalid_auth',
      retryable: false,
    });
    expect(await failure(wrong.verifyToken())).toMatchObject({ code: 'invalid_auth', method: 'auth.test' });
    expect(await notifier().verifyToken()).toEqual({
      teamId: 'T0LOCAL',
      userId: 'U0LOCALBOT',
      botId: 'B0LOCAL',
    });
  });

  it('scripted not_in_channel and unknown platform errors keep Slack’s word', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    slack.scriptFault('chat.postMessage', { kind: 'error', error: 'something_new' });
    expect(await failure(notifier().postAlert(CHANNEL, alert()))).toMatchObject({
      code: 'not_in_channel',
      retryable: false,
    });
    expect(await failure(notifier().postAlert(CHANNEL, alert()))).toMatchObject({
      code: 'platform_error',
      slackError: 'something_new',
      retryable: false,
    });
  });

  it('retries 5xx a bounded number of times and gives up in bounded time', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'http', status: 503 }, 100);
    const started = performance.now();
    const error = await failure(notifier({ retries: 2 }).postAlert(CHANNEL, alert()));
    const elapsed = performance.now() - started;

    expect(error).toMatchObject({ code: 'http_5xx', retryable: true, httpStatus: 503 });
    expect(slack.requests).toHaveLength(3);
    expect(elapsed).toBeLessThan(1000);
  });

  it('a 500 followed by success is invisible to the caller', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'http', status: 500 });
    const posted = await notifier().postAlert(CHANNEL, alert());
    expect(posted.textFallback).toBe(false);
    expect(slack.requests.map((request) => request.status)).toEqual([500, 200]);
  });

  it('a slow Slack is cut off by the request timeout, retried, then reported as timeout', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'slow', delayMs: 3000 }, 10);
    const started = performance.now();
    const error = await failure(notifier({ requestTimeoutMs: 150, retries: 1 }).postAlert(CHANNEL, alert()));
    const elapsed = performance.now() - started;

    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(slack.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(1500);
  });

  it('nothing listening is a retryable network failure', async () => {
    const apiUrl = slack.apiUrl;
    await slack.close();
    const error = await failure(notifier({ slackApiUrl: apiUrl, retries: 1 }).postAlert(CHANNEL, alert()));
    expect(error).toMatchObject({ code: 'network', retryable: true });
    slack = await startLocalSlack();
  });

  it('when Slack refuses the blocks, the same alert goes out once more as text only', async () => {
    const message = alert();
    const broken: SlackMessage = {
      ...message,
      blocks: [
        { type: 'header', block_id: 'too-long', text: { type: 'plain_text', text: 'x'.repeat(151) } },
        ...message.blocks,
      ],
    };
    const posted = await notifier().postAlert(CHANNEL, broken);

    expect(posted.textFallback).toBe(true);
    expect(slack.requests.map((request) => request.response)).toMatchObject([
      {
        ok: false,
        error: 'invalid_blocks',
        errors: ['must be less than 151 characters [json-pointer:/blocks/0/text/text]'],
      },
      { ok: true },
    ]);
    expect(slack.requests[1]?.params.blocks).toBeUndefined();
    const [stored] = slack.postedMessages();
    expect(stored?.blocks).toBeUndefined();
    expect(stored?.text).toContain('ALARM orders-api (prod) 5XX: Lambda function timed out');
    expect(stored?.text).toContain('|Logs Insights query for the failing requests>');
  });

  it('msg_blocks_too_long on an update also falls back to text', async () => {
    const client = notifier();
    const parent = await client.postAlert(CHANNEL, alert());
    slack.scriptFault('chat.update', { kind: 'error', error: 'msg_blocks_too_long' });
    const updated = await client.updateMessage(parent.channel, parent.ts, alert());
    expect(updated.textFallback).toBe(true);
    const [stored] = slack.postedMessages();
    expect(stored?.blocks).toBeUndefined();
    expect(stored?.updates).toBe(1);
  });

  it('does not hide a failure of the text fallback itself', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'error', error: 'invalid_blocks' });
    slack.scriptFault('chat.postMessage', { kind: 'error', error: 'channel_not_found' });
    expect(await failure(notifier().postAlert(CHANNEL, alert()))).toMatchObject({
      code: 'channel_not_found',
    });
    expect(slack.requests).toHaveLength(2);
  });

  it('updating a message that does not exist is message_not_found', async () => {
    expect(await failure(notifier().updateMessage(CHANNEL, '1.000001', alert()))).toMatchObject({
      code: 'message_not_found',
      retryable: false,
    });
  });

  it('a failed upload to the file URL is a retryable upload failure after bounded retries', async () => {
    slack.scriptFault('upload', { kind: 'http', status: 500 }, 10);
    const error = await failure(
      notifier({ retries: 1 }).uploadThreadImage(CHANNEL, '1730462470.000001', {
        png: new Uint8Array([1, 2, 3]),
        filename: 'x.png',
        altText: 'x',
        title: 'x',
      }),
    );
    expect(error.retryable).toBe(true);
    expect(error).toMatchObject({ code: 'http_5xx', httpStatus: 500, method: 'files.uploadV2' });
    expect(slack.requests.filter((request) => request.method === 'upload')).toHaveLength(2);
  });
});
