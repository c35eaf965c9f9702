import { validateBlocks } from '../../shared/local/slack/validate-blocks.ts';
import type { SlackMessage } from '../../shared/slack/block-kit.ts';
import { SLACK_LIMITS } from '../../shared/slack/block-kit.ts';

/**
 * Independent checks that a rendered message is safe to send: within Slack's limits (checked by
 * the wire validator of the local endpoint, not the renderer's own code) and with no `<…>`
 * sequence other than the configured mention and the `<!date…>` times the renderers write.
 */

const DATE = /<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*>/g;
/** Our own links (the report's console links) appear only in the text-only fallback. */
const OWN_LINK = /<https?:\/\/[^\s<>|"]+\|[^<>|]*>/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const INVISIBLE_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

export function mrkdwnProblems(text: string, mention?: string, options: { links?: boolean } = {}): string[] {
  const problems: string[] = [];
  let rest = text.replace(DATE, '');
  if (options.links === true) rest = rest.replace(OWN_LINK, '');
  if (mention !== undefined) rest = rest.split(mention).join('');
  if (/[<>]/.test(rest)) problems.push(`unescaped < or > in ${JSON.stringify(text.slice(0, 200))}`);
  if (/&(?!amp;|lt;|gt;)/.test(rest)) problems.push(`bare & in ${JSON.stringify(text.slice(0, 200))}`);
  if (/@(here|channel|everyone)\b/i.test(rest)) problems.push(`bare broadcast word in ${show(text)}`);
  if ((text.match(/```/g)?.length ?? 0) % 2 !== 0) problems.push(`unbalanced code fence in ${show(text)}`);
  if ((text.replace(/```/g, '').match(/`/g)?.length ?? 0) % 2 !== 0)
    problems.push(`unbalanced inline code in ${show(text)}`);
  problems.push(...stringProblems(text));
  return problems;
}

function show(text: string): string {
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 150)} … ${text.slice(-150)}` : text).replace(
    /[\u0080-\uFFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function plainProblems(text: string): string[] {
  const problems = stringProblems(text);
  if (/[<>\n]/.test(text)) problems.push(`angle bracket or newline in plain_text ${JSON.stringify(text)}`);
  return problems;
}

function stringProblems(text: string): string[] {
  const problems: string[] = [];
  if (LONE_SURROGATE.test(text)) problems.push('lone surrogate');
  if (INVISIBLE_CONTROL.test(text)) problems.push('control character');
  return problems;
}

export function messageProblems(message: SlackMessage, mention?: string): string[] {
  const problems: string[] = [];
  problems.push(
    ...validateBlocks(JSON.parse(JSON.stringify(message.blocks))).map((p) => `${p.pointer}: ${p.message}`),
  );
  if (message.blocks.length > SLACK_LIMITS.blocksPerMessage) problems.push('too many blocks');
  if (JSON.stringify(message.blocks).length > SLACK_LIMITS.messageBlocksBudget)
    problems.push('over the whole-message budget');
  if (message.text.length === 0 || message.text.length > SLACK_LIMITS.messageTextSafe)
    problems.push('text length');
  problems.push(...mrkdwnProblems(message.text, mention).map((p) => `text: ${p}`));
  for (const block of message.blocks) {
    const where = block.block_id;
    switch (block.type) {
      case 'header':
        if (block.text.text.length > SLACK_LIMITS.headerText)
          problems.push(`${where}: header over 150 UTF-16 units`);
        problems.push(...plainProblems(block.text.text).map((p) => `${where}: ${p}`));
        break;
      case 'section':
        for (const text of [block.text?.text, ...(block.fields ?? []).map((f) => f.text)]) {
          if (text !== undefined)
            problems.push(...mrkdwnProblems(text, mention).map((p) => `${where}: ${p}`));
        }
        break;
      case 'context':
        for (const element of block.elements)
          problems.push(...mrkdwnProblems(element.text).map((p) => `${where}: ${p}`));
        break;
      case 'actions':
        for (const button of block.elements) {
          problems.push(...plainProblems(button.text.text).map((p) => `${where}: ${p}`));
          problems.push(...plainProblems(button.accessibility_label ?? '').map((p) => `${where}: ${p}`));
          if (!/^https?:\/\/\S+$/.test(button.url) || button.url.length > SLACK_LIMITS.buttonUrl) {
            problems.push(`${where}: bad url`);
          }
        }
        break;
      default:
        break;
    }
  }
  return problems;
}
