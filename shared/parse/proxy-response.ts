import { isObject, tryParseJson } from './json.ts';

/**
 * Which Lambda proxy responses API Gateway accepts, from responses recorded against AWS
 * (research/proxy-responses.md). REST: a JSON object with only statusCode, body, headers,
 * multiValueHeaders, isBase64Encoded; body a string; header values single scalars;
 * multiValueHeaders values arrays; statusCode a number or numeric string. HTTP API 1.0 requires
 * statusCode; 2.0 infers a 200 when there is none.
 */
export interface ProxyResponseCheck {
  /** What is wrong, each a sentence with the real key and value. */
  problems: string[];
  /** The first problem in a few words, for a one-line summary. */
  headline?: string;
  /** The response rewritten into a shape the gateway accepts (JSON text), when it can be. */
  corrected?: string;
  /** The body could not be read (cut at 1 KB by the execution log, or not JSON). */
  unreadable?: string;
}

const REST_KEYS = new Set(['statusCode', 'body', 'headers', 'multiValueHeaders', 'isBase64Encoded']);
const MAX_SHOWN = 80;

export function checkProxyResponse(
  bodyText: string,
  options: { apiKind: 'REST' | 'HTTP'; truncated?: boolean },
): ProxyResponseCheck {
  const text = bodyText.trim();
  if (text === '' || text === 'null' || text === 'undefined') {
    return {
      problems: [
        'the function returned nothing (`null`): an async handler that does not `return` its response, or a callback never called, sends null',
      ],
      headline: 'it returned null instead of a response object',
      corrected: JSON.stringify({
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
    };
  }
  const parsed = tryParseJson(text);
  if (!parsed.ok) {
    return {
      problems: [],
      unreadable: options.truncated
        ? 'the logged response is cut at 1 KB, so its shape cannot be checked in full'
        : `the response is not JSON: ${shorten(text)}`,
    };
  }
  const value = parsed.value;
  if (!isObject(value)) {
    const type = Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return {
      problems: [
        `the function returned ${type} (${shorten(text)}) instead of an object with statusCode and body`,
      ],
      headline: `it returned ${type} instead of a response object`,
      corrected: JSON.stringify({
        statusCode: 200,
        body: typeof value === 'string' ? value : JSON.stringify(value),
      }),
    };
  }
  const problems: string[] = [];
  const headlines: string[] = [];
  const corrected: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};

  for (const [key, field] of Object.entries(value)) {
    if (!REST_KEYS.has(key)) {
      extra[key] = field;
      if (options.apiKind === 'REST') {
        problems.push(
          `unexpected top-level key \`${key}\`: REST APIs accept only statusCode, body, headers, multiValueHeaders and isBase64Encoded`,
        );
        headlines.push(`unexpected key \`${key}\``);
      }
    }
  }

  const status = value.statusCode;
  if (status === undefined) {
    if (options.apiKind === 'HTTP') {
      problems.push('`statusCode` is missing: HTTP API payload 1.0 requires it');
      headlines.push('`statusCode` is missing');
    }
    corrected.statusCode = 200;
  } else if (typeof status === 'number' && Number.isInteger(status)) {
    corrected.statusCode = status;
  } else if (typeof status === 'string' && /^\d{3}$/.test(status)) {
    corrected.statusCode = Number(status);
  } else {
    problems.push(`\`statusCode\` is ${describe(status)}, not a number`);
    headlines.push('`statusCode` is not a number');
    corrected.statusCode = 200;
  }

  if (value.headers !== undefined && value.headers !== null) {
    if (!isObject(value.headers)) {
      problems.push(`\`headers\` is ${describe(value.headers)}, not an object of header names to values`);
      headlines.push('`headers` is not an object');
    } else {
      const headers: Record<string, string> = {};
      for (const [name, headerValue] of Object.entries(value.headers)) {
        if (typeof headerValue === 'string' || typeof headerValue === 'boolean')
          headers[name] = String(headerValue);
        else if (typeof headerValue === 'number') headers[name] = String(headerValue);
        else {
          problems.push(
            `header \`${name}\` is ${describe(headerValue)}: each header value must be a single string (use multiValueHeaders for lists)`,
          );
          headlines.push(`header \`${name}\` is not a single value`);
          headers[name] = Array.isArray(headerValue)
            ? headerValue.map(String).join(', ')
            : JSON.stringify(headerValue);
        }
      }
      corrected.headers = headers;
    }
  }

  if (value.multiValueHeaders !== undefined && value.multiValueHeaders !== null) {
    if (!isObject(value.multiValueHeaders)) {
      problems.push(`\`multiValueHeaders\` is ${describe(value.multiValueHeaders)}, not an object of arrays`);
      headlines.push('`multiValueHeaders` is not an object of arrays');
    } else {
      const multi: Record<string, string[]> = {};
      for (const [name, values] of Object.entries(value.multiValueHeaders)) {
        if (Array.isArray(values)) multi[name] = values.map(String);
        else {
          problems.push(
            `multiValueHeaders \`${name}\` is ${describe(values)}: each value must be an array, even for one value`,
          );
          headlines.push(`multiValueHeaders \`${name}\` is not an array`);
          multi[name] = [String(values)];
        }
      }
      corrected.multiValueHeaders = multi;
    }
  }

  const body = value.body;
  if (body !== undefined && body !== null && typeof body !== 'string') {
    problems.push(
      `\`body\` is ${describe(body)}: it must be a string (serialise it with JSON.stringify / json.dumps)`,
    );
    headlines.push(
      `\`body\` is ${Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'an object' : `a ${typeof body}`}, not a string`,
    );
    corrected.body = shortBody(JSON.stringify(body));
  } else if (typeof body === 'string') {
    corrected.body = shortBody(body);
  } else if (options.apiKind === 'REST' && Object.keys(extra).length > 0 && value.statusCode === undefined) {
    corrected.body = JSON.stringify(extra);
  }

  if (value.isBase64Encoded !== undefined) {
    if (typeof value.isBase64Encoded === 'boolean') corrected.isBase64Encoded = value.isBase64Encoded;
    else {
      problems.push(`\`isBase64Encoded\` is ${describe(value.isBase64Encoded)}, not true or false`);
      headlines.push('`isBase64Encoded` is not a boolean');
    }
  }
  if (options.apiKind === 'REST' && Object.keys(extra).length > 0 && corrected.body === undefined) {
    corrected.body = JSON.stringify(extra);
  }
  return {
    problems,
    headline: headlines[0],
    corrected: problems.length > 0 ? shorten(JSON.stringify(corrected), 400) : undefined,
  };
}

/** The example shows the body's start only: the shape is the point, not the data. */
function shortBody(body: string): string {
  return body.length <= 60 ? body : `${body.slice(0, 59)}…`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${shorten(JSON.stringify(value), 40)})`;
  if (typeof value === 'object') return `an object (${shorten(JSON.stringify(value), 40)})`;
  if (typeof value === 'string') return `the string ${shorten(JSON.stringify(value), 40)}`;
  return `${typeof value} ${String(value)}`;
}

function shorten(text: string, max = MAX_SHOWN): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
