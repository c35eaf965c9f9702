/**
 * Turning untrusted text (log lines, error messages, names) into Slack text that cannot ping
 * anyone, make a link or break the layout, and that fits a length limit.
 *
 * Slack parses `<…>` control sequences (`<!channel>`, `<@U…>`, `<!subteam^S…>`, `<url|label>`)
 * everywhere in mrkdwn, code blocks included, so `&`, `<`, `>` are always entity-escaped (`&`
 * first, nothing else: https://api.slack.com/reference/surfaces/formatting). Lengths are UTF-16
 * code units, measured after escaping; cuts fall on grapheme boundaries so a surrogate pair, an
 * emoji ZWJ sequence or a base letter and its accents are never split.
 */

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** A lone (unpaired) surrogate: JSON carries it, but Slack and terminals show garbage. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 controls except tab and newline, and DEL: shown as their visible "control picture". */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const C0_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
const C1_CONTROL = /[\u0080-\u009F]/g;
/**
 * Bidi embeddings, overrides and isolates reorder the text around them ("Trojan Source"), so a log
 * line could display as something it does not say. Marks (LRM/RLM) and joiners are kept.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;
/**
 * Words Slack may turn into broadcasts when a message is posted with `link_names`. No word
 * boundary is required: a cut could turn "@hereafter" into "@here…".
 */
const BROADCAST_WORD = /@(here|channel|everyone)/gi;
const WORD_JOINER = '\u2060';
const BACKTICK = /`/g;
/** U+02CB MODIFIER LETTER GRAVE ACCENT: looks like a backtick, never closes a code span. */
const BACKTICK_LOOKALIKE = '\u02CB';

/** Makes any string well-formed and free of invisible controls; keeps tabs and newlines. */
export function sanitizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(C0_CONTROL, (c) => (c === '\u007F' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0))))
    .replace(C1_CONTROL, '\uFFFD')
    .replace(BIDI_CONTROL, '');
}

/** Entity-escapes the three characters Slack treats as control characters. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Untrusted text as mrkdwn, no length limit: sanitized, escaped, broadcast words defused. */
export function escapeMrkdwn(text: string): string {
  return escapeEntities(prepareProse(text));
}

/** Untrusted text as mrkdwn, line breaks kept, cut on a line boundary when one is near. */
export function mrkdwnText(raw: string, max: number): string {
  return balanceBackticks(fitEscaped(prepareProse(raw), max, { preferLineBreak: true }));
}

/** Untrusted text as one line of mrkdwn: every run of whitespace becomes one space. */
export function mrkdwnLine(raw: string, max: number): string {
  return balanceBackticks(fitEscaped(collapseWhitespace(prepareProse(raw)), max, { preferLineBreak: false }));
}

/** Untrusted text as an inline code span (names, routes); the span is closed even when cut. */
export function inlineCode(raw: string, max: number): string {
  const content = collapseWhitespace(prepareCode(raw));
  if (content === '') return '` `';
  return `\`${fitEscaped(content, Math.max(1, max - 2), { preferLineBreak: false, marker: shortMarker })}\``;
}

export interface CodeBlockLimits {
  /** The whole block, fences included. */
  maxChars: number;
  /** Each line after escaping. */
  maxLineChars: number;
}

/**
 * Log lines as one fenced code block. Backticks become look-alikes so log text cannot close the
 * fence; each line is collapsed to one line and cut on its own; whole lines are dropped from the
 * end when the block is full, and the closing fence is always there.
 */
export function codeBlock(lines: readonly string[], limits: CodeBlockLimits): string {
  const open = '```\n';
  const close = '\n```';
  const room = limits.maxChars - open.length - close.length;
  const moreLines = (n: number) => `\n… (${n} more ${n === 1 ? 'line' : 'lines'})`;
  const lineRoom = Math.min(limits.maxLineChars, room - moreLines(lines.length).length);
  const rendered = lines
    .map((line) => collapseWhitespace(prepareCode(line)))
    .filter((line) => line !== '')
    .map((line) => fitEscaped(line, lineRoom, { preferLineBreak: false }));
  if (rendered.length === 0) return `${open}(no log lines)${close}`;
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of rendered.entries()) {
    const left = rendered.length - index - 1;
    const tail = left > 0 ? moreLines(left).length : 0;
    const cost = (kept.length > 0 ? 1 : 0) + line.length;
    if (used + cost + tail > room) break;
    kept.push(line);
    used += cost;
  }
  const dropped = rendered.length - kept.length;
  const body = kept.join('\n') + (dropped > 0 ? moreLines(dropped) : '');
  return `${open}${body}${close}`;
}

/**
 * Untrusted text for a `plain_text` object (header, button label). Slack does not parse mrkdwn
 * there, but whether it parses `<!channel>` is not documented, so angle brackets become look-alike
 * quotation marks and the text is one line.
 */
export function plainText(raw: string, max: number): string {
  const text = collapseWhitespace(sanitizeText(raw)).replace(/</g, '\u2039').replace(/>/g, '\u203A');
  return fitRendered(text, max, (s) => s, { preferLineBreak: false, marker: shortMarker });
}

/**
 * Cuts mrkdwn we built ourselves (entities, `<…>` sequences, code spans and fences) without
 * leaving any of them half open.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const amp = head.lastIndexOf('&');
  if (amp > head.lastIndexOf(';')) head = head.slice(0, amp);
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>')) head = head.slice(0, open);
  if ((head.match(/```/g)?.length ?? 0) % 2 === 1) head = head.slice(0, head.lastIndexOf('```'));
  const single = head.replace(/```/g, '');
  if ((single.match(/`/g)?.length ?? 0) % 2 === 1) head = head.slice(0, head.lastIndexOf('`'));
  return `${head.trimEnd()}…`;
}

/** Counts Unicode code points (what a person would call characters, roughly). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Prose keeps balanced single-backtick code spans (remediation steps use them), but a fence
 * (two or more backticks) or an unpaired backtick would reformat everything after it.
 */
function prepareProse(raw: string): string {
  const text = sanitizeText(raw)
    .replace(BROADCAST_WORD, `@${WORD_JOINER}$1`)
    .replace(/`{2,}/g, (run) => BACKTICK_LOOKALIKE.repeat(run.length));
  return balanceBackticks(text);
}

/** A cut can leave a code span open; then no backtick is kept as one. */
function balanceBackticks(text: string): string {
  const count = text.match(BACKTICK)?.length ?? 0;
  return count % 2 === 0 ? text : text.replace(BACKTICK, BACKTICK_LOOKALIKE);
}

function prepareCode(raw: string): string {
  return sanitizeText(raw).replace(BROADCAST_WORD, `@${WORD_JOINER}$1`).replace(BACKTICK, BACKTICK_LOOKALIKE);
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

type Marker = (remainingCodePoints: number) => string;

const longMarker: Marker = (n) => `… (${n} more ${n === 1 ? 'character' : 'characters'})`;
const shortMarker: Marker = () => '…';

interface FitOptions {
  preferLineBreak: boolean;
  marker?: Marker;
}

function fitEscaped(text: string, max: number, options: FitOptions): string {
  return fitRendered(text, max, escapeEntities, options);
}

/**
 * Renders `text` (already sanitized) piece by piece and stops before `max`, leaving room for a
 * marker that says how much was cut. `render` must work grapheme by grapheme (escaping does).
 */
function fitRendered(text: string, max: number, render: (s: string) => string, options: FitOptions): string {
  if (max <= 0) return '';
  const whole = render(text);
  if (whole.length <= max) return whole;
  const marker = options.marker ?? longMarker;
  const widest = marker(codePointLength(text));
  if (widest.length >= max) return takeGraphemes(text, max, render).out;
  const { out, consumed } = takeGraphemes(text, max - widest.length, render);
  let cut = consumed;
  let kept = out;
  if (options.preferLineBreak) {
    const lineEnd = text.lastIndexOf('\n', consumed - 1);
    // Only when the line break is not far back; otherwise most of the room would go unused.
    if (lineEnd > 0 && lineEnd >= consumed / 2) {
      cut = lineEnd;
      kept = render(text.slice(0, lineEnd));
    }
  }
  const separator = options.preferLineBreak && text[cut] === '\n' ? '\n' : '';
  const rest = separator === '' ? text.slice(cut) : text.slice(cut + 1);
  return `${kept.trimEnd()}${separator}${marker(codePointLength(rest))}`;
}

/** The longest prefix whose rendering fits `max`; `consumed` is in code units of `text`. */
function takeGraphemes(
  text: string,
  max: number,
  render: (s: string) => string,
): { out: string; consumed: number } {
  let out = '';
  let consumed = 0;
  for (const { segment } of graphemeSegmenter.segment(text)) {
    const piece = render(segment);
    if (out.length + piece.length <= max) {
      out += piece;
      consumed += segment.length;
      continue;
    }
    if (out !== '') break;
    // One grapheme wider than the room (a letter with thousands of combining marks): cut it by code points.
    for (const codePoint of segment) {
      const part = render(codePoint);
      if (out.length + part.length > max) break;
      out += part;
      consumed += codePoint.length;
    }
    break;
  }
  return { out, consumed };
}
