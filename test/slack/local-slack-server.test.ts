import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSlack, startLocalSlack } from '../../shared/local/slack/local-slack-server.ts';
import { validateBlocks } from '../../shared/local/slack/validate-blocks.ts';

let slack: LocalSlack;

beforeEach(async () => {
  slack = await startLocalSlack({ startSeconds: 1700000000 });
});

afterEach(async () => {
  await slack.close();
});

async function call(
  method: string,
  body: Record<string, unknown>,
  init: { json?: boolean; token?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (init.token !== '') headers.authorization = `Bearer ${init.token ?? 'xoxb-test'}`;
  let payload: string;
  if (init.json === true) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(body);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(
      Object.entries(body).map(([key, value]): [string, string] => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    ).toString();
  }
  const response = await fetch(`${slack.apiUrl}${method}`, { method: 'POST', headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: safeJson(text) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const section = (id: string, text: string) => ({
  type: 'section',
  block_id: id,
  text: { type: 'mrkdwn', text },
});

describe('local Slack Web API', () => {
  it('accepts form and JSON bodies and hands out increasing ts', async () => {
    const first = await call('chat.postMessage', { channel: 'C1', text: 'hi', blocks: [section('a', 'hi')] });
    const second = await call('chat.postMessage', { channel: 'C1', text: 'again' }, { json: true });
    expect(first.body).toMatchObject({ ok: true, channel: 'C1', ts: '1700000000.000001' });
    expect(second.body).toMatchObject({ ok: true, ts: '1700000000.000002' });
    expect(slack.requests[0]?.params.blocks).toEqual([section('a', 'hi')]);
    expect(slack.requests[1]?.contentType).toMatch(/^application\/json/);
  });

  it('answers like Slack: HTTP 200 with ok:false', async () => {
    expect(await call('chat.postMessage', { channel: 'C1', text: 'x' }, { token: '' })).toMatchObject({
      status: 200,
      body: { ok: false, error: 'not_authed' },
    });
    expect(
      (await call('chat.postMessage', { channel: 'C1', text: 'x' }, { token: 'nope' })).body,
    ).toMatchObject({
      error: 'invalid_auth',
    });
    expect((await call('chat.postMessage', { channel: 'C1' })).body).toMatchObject({ error: 'no_text' });
    expect((await call('no.such.method', {})).body).toMatchObject({ error: 'unknown_method' });
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x'.repeat(40_001) })).body).toMatchObject({
      error: 'msg_too_long',
    });
  });

  it('knows only the configured channels when given a list', async () => {
    await slack.close();
    slack = await startLocalSlack({ channels: ['C1'] });
    expect((await call('chat.postMessage', { channel: 'C2', text: 'x' })).body).toMatchObject({
      error: 'channel_not_found',
    });
  });

  it('checks blocks like Slack and names the offending field', async () => {
    const bad = await call('chat.postMessage', {
      channel: 'C1',
      text: 'x',
      blocks: [
        section('a', 'y'.repeat(3001)),
        section('a', 'ok'),
        { type: 'header', block_id: 'h', text: { type: 'mrkdwn', text: 'h' } },
      ],
    });
    expect(bad.body).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: [
        'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
        'duplicate block_id a [json-pointer:/blocks/1/block_id]',
        'must be one of plain_text [json-pointer:/blocks/2/text/type]',
      ],
    });
    const notJson = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C1&text=x&blocks=%5B%7B',
    });
    expect(await notJson.json()).toMatchObject({ error: 'invalid_blocks_format' });
    const many = Array.from({ length: 40 }, (_, i) => section(`s${i}`, 'z'.repeat(400)));
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x', blocks: many })).body).toMatchObject({
      error: 'msg_blocks_too_long',
    });
  });

  it('validates the limits it claims to', () => {
    const button = (i: number, extra: Record<string, unknown> = {}) => ({
      type: 'button',
      action_id: `b${i}`,
      text: { type: 'plain_text', text: 'Open' },
      url: 'https://example.com',
      ...extra,
    });
    const problems = validateBlocks([
      ...Array.from({ length: 51 }, (_, i) => ({ type: 'divider', block_id: `d${i}` })),
      { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
      { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(i)) },
      {
        type: 'actions',
        elements: [
          button(0, { url: `https://e.com/${'u'.repeat(3000)}`, accessibility_label: 'l'.repeat(76) }),
        ],
      },
      {
        type: 'actions',
        elements: [button(0, { text: { type: 'plain_text', text: 't'.repeat(76) }, url: 'javascript:x' })],
      },
      { type: 'section', text: { type: 'mrkdwn', text: '' } },
    ]);
    expect(problems.map((problem) => `${problem.pointer} ${problem.message}`)).toEqual([
      '/blocks must contain at most 50 items',
      '/blocks/51/fields must contain at most 10 items',
      '/blocks/52/elements must contain at most 10 items',
      '/blocks/53/elements must contain at most 25 items',
      '/blocks/54/elements/0/url must be less than 3001 characters',
      '/blocks/54/elements/0/accessibility_label must be less than 76 characters',
      '/blocks/55/elements/0/text/text must be less than 76 characters',
      '/blocks/55/elements/0/url must be a valid URL',
      '/blocks/56/text/text must be more than 0 characters',
    ]);
  });

  it('chat.update: text without blocks drops the old blocks, as Slack does', async () => {
    const posted = (await call('chat.postMessage', { channel: 'C1', text: 'x', blocks: [section('a', 'x')] }))
      .body as { ts: string };
    expect((await call('chat.update', { channel: 'C1', ts: posted.ts, text: 'plain' })).body).toMatchObject({
      ok: true,
    });
    expect(slack.postedMessages()[0]).toMatchObject({ text: 'plain', blocks: undefined, updates: 1 });
    expect((await call('chat.update', { channel: 'C1', ts: '1.1', text: 'x' })).body).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('runs the external upload flow and refuses to complete a file that was never uploaded', async () => {
    const url = (await call('files.getUploadURLExternal', { filename: 'a.png', length: '3' })).body as {
      upload_url: string;
      file_id: string;
    };
    expect(url.upload_url.startsWith('http://127.0.0.1:')).toBe(true);
    expect(
      (await call('files.completeUploadExternal', { files: [{ id: url.file_id }], channel_id: 'C1' })).body,
    ).toMatchObject({
      error: 'file_not_found',
    });
    const upload = await fetch(url.upload_url, { method: 'POST', body: new Uint8Array([7, 8, 9]) });
    expect(upload.status).toBe(200);
    const done = await call('files.completeUploadExternal', {
      files: [{ id: url.file_id, title: 'T' }],
      channel_id: 'C1',
      thread_ts: '1.2',
    });
    expect(done.body).toMatchObject({ ok: true, files: [{ id: url.file_id, title: 'T' }] });
    expect(slack.uploadedFiles()[0]).toMatchObject({
      bytes: new Uint8Array([7, 8, 9]),
      channelId: 'C1',
      threadTs: '1.2',
    });
  });

  it('plays scripted faults in order, the given number of times, then behaves', async () => {
    slack.scriptFault('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 7 });
    slack.scriptFault('chat.postMessage', { kind: 'http', status: 503 }, 2);
    slack.scriptFault('chat.postMessage', { kind: 'error', error: 'channel_not_found' });
    const rateLimited = await call('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(rateLimited.status).toBe(429);
    expect(rateLimited.headers.get('retry-after')).toBe('7');
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(503);
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(503);
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x' })).body).toMatchObject({
      error: 'channel_not_found',
    });
    expect((await call('chat.postMessage', { channel: 'C1', text: 'x' })).body).toMatchObject({ ok: true });
    expect(slack.requests.map((request) => request.status)).toEqual([429, 503, 503, 200, 200]);
  });

  it('a slow answer comes late, and closing does not wait for it', async () => {
    slack.scriptFault('auth.test', { kind: 'slow', delayMs: 200 });
    const started = performance.now();
    expect((await call('auth.test', {})).body).toMatchObject({ ok: true, team_id: 'T0LOCAL' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    slack.scriptFault('auth.test', { kind: 'slow', delayMs: 60_000 });
    const pending = call('auth.test', {}).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = performance.now();
    await slack.close();
    expect(performance.now() - closing).toBeLessThan(1000);
    await pending;
    slack = await startLocalSlack();
  });
});
