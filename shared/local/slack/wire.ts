import type { IncomingMessage } from 'node:http';

/** Reading requests the way `@slack/web-api` sends them. */

/** Parameters Slack takes as JSON inside a form field. */
const JSON_PARAMS = new Set(['blocks', 'attachments', 'files', 'metadata']);

/** A JSON parameter that did not parse: Slack answers `invalid_blocks_format`. */
export const INVALID_JSON = Symbol('invalid JSON');

export function parseParams(body: Buffer, contentType: string): Record<string, unknown> {
  const text = body.toString('utf8');
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return isRecord(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (!JSON_PARAMS.has(key)) {
      params[key] = value;
      continue;
    }
    try {
      params[key] = JSON.parse(value);
    } catch {
      params[key] = INVALID_JSON;
    }
  }
  return params;
}

/** The client posts the file as multipart form data; anything else is taken as raw bytes. */
export async function uploadedBytes(body: Buffer, contentType: string): Promise<Uint8Array> {
  if (!contentType.startsWith('multipart/form-data')) return new Uint8Array(body);
  const form = await new Response(new Uint8Array(body), {
    headers: { 'content-type': contentType },
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return new Uint8Array(await value.arrayBuffer());
  }
  return new Uint8Array();
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
