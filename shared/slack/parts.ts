import type { ReportLink } from '../domain/report.ts';
import {
  type ActionsBlock,
  type Block,
  type ButtonElement,
  blocksSize,
  type HeaderBlock,
  SLACK_LIMITS,
} from './block-kit.ts';
import { plainText } from './mrkdwn.ts';

/** Pieces more than one renderer uses. */

export function headerBlock(blockId: string, text: string): HeaderBlock {
  return {
    type: 'header',
    block_id: blockId,
    text: { type: 'plain_text', text: plainText(text, SLACK_LIMITS.headerText), emoji: true },
  };
}

const MAX_BUTTON_LABEL = 60;

/**
 * Link buttons for the links a person opens first. A link whose URL Slack would reject (not
 * http(s), too long, does not parse) is left out: one bad button makes Slack refuse the message.
 */
export function linkButtons(links: readonly ReportLink[], maxButtons: number): ButtonElement[] {
  const seen = new Set<string>();
  const buttons: ButtonElement[] = [];
  for (const link of links) {
    if (buttons.length >= maxButtons) break;
    if (!isSendableUrl(link.url) || seen.has(link.url)) continue;
    seen.add(link.url);
    const shown = plainText(link.label, MAX_BUTTON_LABEL);
    const label = shown === '' ? 'Open link' : link.label;
    buttons.push({
      type: 'button',
      action_id: `link-${buttons.length}`,
      text: { type: 'plain_text', text: shown === '' ? label : shown, emoji: false },
      url: link.url,
      accessibility_label: plainText(`Open ${label}`, SLACK_LIMITS.buttonAccessibilityLabel),
    });
  }
  return buttons;
}

export function isSendableUrl(url: string): boolean {
  if (url.length === 0 || url.length > SLACK_LIMITS.buttonUrl) return false;
  if (/[\s<>|"]/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

export function actionsBlock(blockId: string, buttons: ButtonElement[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: buttons };
}

/** A block and how readily it is given up when the message is too big (0: never). */
export interface Candidate {
  block: Block;
  dropOrder: number;
}

/**
 * Keeps the message within the block count and the whole-message budget: removes the candidate
 * with the highest `dropOrder` first; an actions block loses buttons from the end before it goes.
 * Required blocks (dropOrder 0) are kept; their own caps keep them small.
 */
export function fitBlocks(candidates: readonly Candidate[]): Block[] {
  const kept = candidates.map((candidate) => ({ ...candidate, block: cloneBlock(candidate.block) }));
  const blocks = () => kept.map((candidate) => candidate.block);
  while (
    kept.length > SLACK_LIMITS.blocksPerMessage ||
    blocksSize(blocks()) > SLACK_LIMITS.messageBlocksBudget
  ) {
    let victim = -1;
    for (const [index, candidate] of kept.entries()) {
      const current = kept[victim];
      if (candidate.dropOrder > 0 && (current === undefined || candidate.dropOrder >= current.dropOrder)) {
        victim = index;
      }
    }
    const target = kept[victim];
    if (target === undefined) break;
    if (target.block.type === 'actions' && target.block.elements.length > 1) {
      target.block.elements.pop();
    } else {
      kept.splice(victim, 1);
    }
  }
  return blocks();
}

function cloneBlock(block: Block): Block {
  return block.type === 'actions' ? { ...block, elements: [...block.elements] } : block;
}
