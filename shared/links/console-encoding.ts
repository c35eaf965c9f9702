/**
 * The two encodings the CloudWatch console reads from the `#…` fragment of its URLs
 * (aws-facts.md §5). Both emit only URL-safe characters and never a raw `|`, `<`, `>`, space or
 * line break, so a link survives inside Slack's `<url|label>` syntax.
 *
 * @see https://github.com/remotion-dev/remotion/blob/main/packages/lambda-client/src/encode-aws-url-params.ts
 * @see https://github.com/sinofseven/cloudwatch-logs-url-python
 * @see https://github.com/naomichi-y/cloudwatch-insights-url-builder
 */

// A lone surrogate makes encodeURIComponent throw; log text and names can carry one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces lone surrogates by U+FFFD, as `String.prototype.toWellFormed` does. */
export function toWellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * `encodeURIComponent` that also escapes `!'()*` (RFC 3986 reserved), as Python's `quote` does and
 * as AWS's own alarm e-mails do (`(` → `%28`). Never throws.
 */
export function strictEncodeURIComponent(value: string): string {
  return encodeURIComponent(toWellFormed(value)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Log group / log events fragment encoding: percent-encode, then write every `%` as `$25`.
 * `"method=test"` → `$2522method$253Dtest$2522`.
 */
export function encodeConsoleFragmentValue(value: string): string {
  return strictEncodeURIComponent(value).replaceAll('%', '$25');
}

/** The fragment's own `?`, `=` and `&` of the log-events "query string". */
export const FragmentSeparator = { Query: '$3F', Equals: '$3D', And: '$26' } as const;

const INSIGHTS_KEPT_BYTE = /[A-Za-z0-9_.-]/;
const utf8 = new TextEncoder();

/**
 * Logs Insights string encoding: UTF-8 bytes, `[A-Za-z0-9_.-]` kept, every other byte written
 * `*` + two lower-case hex digits (`/` → `*2f`, space → `*20`, `\n` → `*0a`). Never throws
 * (TextEncoder writes lone surrogates as U+FFFD).
 */
export function encodeInsightsString(value: string): string {
  let out = '';
  for (const byte of utf8.encode(value)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && INSIGHTS_KEPT_BYTE.test(char) ? char : `*${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** What the JSURL-like `queryDetail` notation can hold. */
export type InsightsValue =
  | string
  | number
  | boolean
  | null
  | readonly InsightsValue[]
  | { readonly [key: string]: InsightsValue };

/**
 * JSURL-like notation of the Insights `queryDetail` value: every value starts with `~`; strings
 * are `'` + encoded text, objects `(key~value~key~value)`, arrays `(~a~b)`, numbers and booleans
 * bare. Object keys keep insertion order, which the console's own URLs follow.
 */
export function serializeInsightsValue(value: InsightsValue): string {
  if (value === null) return '~null';
  if (typeof value === 'string') return `~'${encodeInsightsString(value)}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `~${value}` : '~null';
  if (typeof value === 'boolean') return `~${value}`;
  if (isInsightsArray(value)) {
    return value.length === 0 ? '~(~)' : `~(${value.map(serializeInsightsValue).join('')})`;
  }
  const entries = Object.entries(value).map(
    ([k, v]) => `${encodeInsightsString(k)}${serializeInsightsValue(v)}`,
  );
  return `~(${entries.join('~')})`;
}

function isInsightsArray(value: InsightsValue): value is readonly InsightsValue[] {
  return Array.isArray(value);
}

/** The Insights fragment after `logsV2:logs-insights`: `$3FqueryDetail$3D~(…)`. */
export function serializeQueryDetail(detail: { readonly [key: string]: InsightsValue }): string {
  return `${FragmentSeparator.Query}queryDetail${FragmentSeparator.Equals}${serializeInsightsValue(detail)}`;
}
