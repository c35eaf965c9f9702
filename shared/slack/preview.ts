import type { Block, SlackMessage } from './block-kit.ts';

/**
 * What a person reads, without Slack: plain text for the terminal (`replay`, the demo) and a
 * self-contained HTML page that draws the blocks roughly as Slack does. Both decode what the
 * renderers encoded (entities, `<!date…>`, mentions) and show nothing executable.
 */

/** The emoji the renderers use, as characters, for places that do not know shortcodes. */
const EMOJI: Record<string, string> = {
  red_circle: '🔴',
  white_check_mark: '✅',
  large_yellow_circle: '🟡',
  warning: '⚠️',
  repeat: '🔁',
};

/** `_words_` at word edges, as Slack reads italics (not inside snake_case names). */
const ITALIC = /(^|[\s(])_([^_\n]+)_(?=$|[\s).,;:!?])/gm;

export function slackMessageToPlainText(message: SlackMessage): string {
  const parts = message.blocks.map(blockToPlain).filter((part) => part !== '');
  return `${parts.join('\n\n')}\n`;
}

function blockToPlain(block: Block): string {
  switch (block.type) {
    case 'header':
      return emojify(block.text.text);
    case 'section': {
      const text = block.text === undefined ? [] : [mrkdwnToPlain(block.text.text)];
      const fields = (block.fields ?? []).map((field) => {
        const [label = '', ...rest] = mrkdwnToPlain(field.text).split('\n');
        return rest.length === 0 ? label : `${label}: ${rest.join(', ')}`;
      });
      return [...text, ...fields].join('\n');
    }
    case 'context':
      return block.elements.map((element) => mrkdwnToPlain(element.text)).join(' · ');
    case 'actions':
      return block.elements.map((button) => `${button.text.text}: ${button.url}`).join('\n');
    case 'divider':
      return '----';
    case 'image':
      return `[image: ${block.alt_text}]`;
  }
}

/** Bold and italic marks removed outside inline code spans (the asterisks of a command must survive). */
function withoutEmphasis(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? part
        : part.replace(/\*([^*\n]+)\*/g, '$1').replace(ITALIC, '$1$2'),
    )
    .join('');
}

/** mrkdwn → what Slack would display, as plain text; code fences become indented lines. */
export function mrkdwnToPlain(text: string): string {
  return splitFences(text)
    .filter((piece) => piece.text !== '')
    .map((piece) =>
      piece.code
        ? decodeEntities(piece.text)
            .split('\n')
            .map((line) => `    ${line}`)
            .join('\n')
        : decodeEntities(withoutEmphasis(emojify(replaceControlSequences(piece.text, plainControl)))),
    )
    .join('\n');
}

export function renderHtmlPreview(message: SlackMessage, title: string): string {
  const body = message.blocks.map(blockToHtml).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 15px/1.46 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1c1d; background: #f8f8f8; margin: 0; padding: 24px; }
main { max-width: 760px; margin: 0 auto; background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 16px 20px; }
.notification { font-size: 13px; color: #454245; border-bottom: 1px solid #eee; padding-bottom: 8px; margin-bottom: 12px; }
.notification b { color: #1d1c1d; }
h1 { font-size: 18px; font-weight: 900; margin: 4px 0 8px; }
.section { margin: 8px 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 4px; }
pre { background: #f8f8f8; border: 1px solid #ddd; border-radius: 4px; padding: 8px; white-space: pre-wrap; word-break: break-all; font: 12px/1.5 Monaco, Menlo, Consolas, monospace; }
code { color: #c01343; background: #f8f8f8; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; font: 12px Monaco, Menlo, Consolas, monospace; }
.context { color: #616061; font-size: 13px; margin: 8px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 4px 12px; color: #1d1c1d; text-decoration: none; font-weight: 700; font-size: 13px; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
hr { border: 0; border-top: 1px solid #ddd; }
</style>
</head>
<body>
<main>
<div class="notification"><b>Notification text:</b> ${inlineHtml(message.text)}</div>
${body}
</main>
</body>
</html>
`;
}

function blockToHtml(block: Block): string {
  switch (block.type) {
    case 'header':
      return `<h1>${escapeHtml(emojify(block.text.text))}</h1>`;
    case 'section': {
      const text = block.text === undefined ? '' : `<div>${mrkdwnToHtml(block.text.text)}</div>`;
      const fields =
        block.fields === undefined
          ? ''
          : `<div class="fields">${block.fields.map((field) => `<div>${mrkdwnToHtml(field.text)}</div>`).join('')}</div>`;
      return `<div class="section">${text}${fields}</div>`;
    }
    case 'context':
      return `<div class="context">${block.elements.map((element) => mrkdwnToHtml(element.text)).join(' · ')}</div>`;
    case 'actions':
      return `<div class="actions">${block.elements
        .map((button) => {
          const label = escapeHtml(button.accessibility_label ?? button.text.text);
          return `<a class="button" href="${safeHref(button.url)}" aria-label="${label}" rel="noopener noreferrer">${escapeHtml(button.text.text)}</a>`;
        })
        .join('')}</div>`;
    case 'divider':
      return '<hr>';
    case 'image':
      return `<figure>[image: ${escapeHtml(block.alt_text)}]</figure>`;
  }
}

function mrkdwnToHtml(text: string): string {
  return splitFences(text)
    .map((piece) =>
      piece.code ? `<pre>${escapeHtml(decodeEntities(piece.text))}</pre>` : inlineHtml(piece.text),
    )
    .join('');
}

/** mrkdwn outside code fences: inline code, control sequences, then bold/italic/strike. */
function inlineHtml(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, index) => {
      if (index % 2 === 1) return `<code>${escapeHtml(decodeEntities(part.slice(1, -1)))}</code>`;
      const pieces: string[] = [];
      let last = 0;
      for (const match of part.matchAll(/<([^<>]*)>/g)) {
        pieces.push(formatHtml(part.slice(last, match.index)));
        pieces.push(controlToHtml(match[1] ?? ''));
        last = match.index + match[0].length;
      }
      pieces.push(formatHtml(part.slice(last)));
      return pieces.join('');
    })
    .join('');
}

function formatHtml(text: string): string {
  return escapeHtml(emojify(decodeEntities(text)))
    .replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>')
    .replace(ITALIC, '$1<em>$2</em>')
    .replace(/~([^~\n]+)~/g, '<del>$1</del>')
    .replace(/\n/g, '<br>');
}

function controlToHtml(inner: string): string {
  const shown = plainControl(inner);
  const [target = '', label] = splitLink(inner);
  if (/^https?:\/\//.test(target)) {
    return `<a href="${safeHref(target)}" rel="noopener noreferrer">${escapeHtml(decodeEntities(label ?? target))}</a>`;
  }
  if (inner.startsWith('!date^')) return `<time>${escapeHtml(shown)}</time>`;
  return `<span class="mention">${escapeHtml(shown)}</span>`;
}

/** What Slack shows for one `<…>` sequence. */
function plainControl(inner: string): string {
  const [target = '', label] = splitLink(inner);
  if (target.startsWith('!date^')) return label ?? 'a date';
  if (target === '!here' || target === '!channel' || target === '!everyone') return `@${target.slice(1)}`;
  if (target.startsWith('!subteam^')) return label ?? `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('@')) return label ?? target;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  return label === undefined ? target : `${label} (${target})`;
}

function splitLink(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

function replaceControlSequences(text: string, replace: (inner: string) => string): string {
  return text.replace(/<([^<>]*)>/g, (_, inner: string) => replace(inner));
}

function splitFences(text: string): { code: boolean; text: string }[] {
  return text.split('```').map((piece, index) => ({
    code: index % 2 === 1,
    text: piece.replace(/^\n/, '').replace(/\n$/, ''),
  }));
}

function emojify(text: string): string {
  return text.replace(/:([a-z_]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : '#';
}
