import { type Block, SLACK_LIMITS, type SlackMessage } from './block-kit.ts';
import { mrkdwnLine, truncateMrkdwn } from './mrkdwn.ts';
import { isSendableUrl } from './parts.ts';

/**
 * The message sent when Slack refuses the blocks (`invalid_blocks`, `msg_blocks_too_long`,
 * `msg_too_long`): the same content as one mrkdwn `text`, so the alert still goes out.
 * Parts are taken whole (never cut: a cut could split a code fence, an entity or a link) in
 * message order, and the result stays under the length Slack is known to deliver in one piece.
 */
export const TEXT_FALLBACK_MAX = SLACK_LIMITS.messageTextSafe - 100;

export function renderTextOnlyFallback(message: SlackMessage): string {
  const parts = [message.text, ...message.blocks.flatMap(blockParts)];
  let text = '';
  for (const part of parts) {
    const next = text === '' ? part : `${text}\n\n${part}`;
    if (next.length <= TEXT_FALLBACK_MAX) text = next;
  }
  // Only a `text` that did not come from our renderers can be over the cap on its own.
  return text === '' ? truncateMrkdwn(message.text, TEXT_FALLBACK_MAX) : text;
}

function blockParts(block: Block): string[] {
  switch (block.type) {
    case 'section': {
      const fields = (block.fields ?? []).map((field) => field.text.replace('\n', ': ').replace(/\n/g, ', '));
      return [block.text?.text ?? '', fields.join('\n')].filter((part) => part !== '');
    }
    case 'context':
      return [block.elements.map((element) => element.text).join(' · ')];
    case 'actions': {
      const links = block.elements
        .filter((button) => isSendableUrl(button.url))
        .map((button) => `<${button.url}|${mrkdwnLine(button.text.text, 80).replace(/\|/g, '¦')}>`);
      return links.length === 0 ? [] : [links.join(' · ')];
    }
    case 'image':
      return [mrkdwnLine(block.alt_text, 500)];
    case 'header':
    case 'divider':
      // The header repeats what `text` already says.
      return [];
  }
}
