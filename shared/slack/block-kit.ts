/**
 * The small part of Block Kit the alert uses, typed by hand so the renderer stays free of the
 * Slack client. Each limit is Slack's documented one unless marked otherwise; exceeding one makes
 * `chat.postMessage` answer `invalid_blocks` (HTTP 200, `ok: false`) and the alert is lost unless a
 * text-only fallback follows. Lengths are measured in UTF-16 code units (`string.length`), which is
 * never less than the code point count Slack may use, so measuring this way errs on the safe side.
 *
 * Sources: https://docs.slack.dev/reference/block-kit/blocks, …/block-kit/block-elements/button-element,
 * https://api.slack.com/methods/chat.postMessage; the whole-message figure from
 * https://github.com/slackapi/bolt-js/issues/2509.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  blocksPerMessage: 50,
  /** `block_id`, and `action_id` of an element. */
  blockId: 255,
  actionId: 255,
  /** `section.text`. */
  sectionText: 3000,
  /** `section.fields`: at most this many, each at most `sectionFieldText`. */
  sectionFields: 10,
  sectionFieldText: 2000,
  /** `header.text` is plain_text only, no links, no mrkdwn. */
  headerText: 150,
  /** `context.elements`: images and text objects; each text object is a generic text (≤3000). */
  contextElements: 10,
  contextText: 3000,
  /** `actions.elements`. */
  actionsElements: 25,
  /** Button `text` (plain_text), `url`, `value`, `accessibility_label`. */
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  buttonAccessibilityLabel: 75,
  /** Image block `alt_text` (no markup) and `image_url`. */
  imageAltText: 2000,
  imageUrl: 3000,
  /** Top-level `text`: Slack truncates beyond 40,000; third-party reports say it splits beyond 4,000. */
  messageText: 40_000,
  messageTextSafe: 4_000,
  /**
   * Not documented: `msg_blocks_too_long` was seen at ~13,200 characters of blocks with every block
   * within its own limit. We keep the serialized `blocks` JSON (which over-counts: it includes keys)
   * under this budget.
   */
  messageBlocksBudget: 12_000,
} as const;

export interface PlainTextObject {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnTextObject {
  type: 'mrkdwn';
  text: string;
  /** Leave false: true would turn bare URLs and channel names into links. */
  verbatim?: boolean;
}

export type TextObject = PlainTextObject | MrkdwnTextObject;

export interface HeaderBlock {
  type: 'header';
  block_id: string;
  text: PlainTextObject;
}

export interface SectionBlock {
  type: 'section';
  block_id: string;
  text?: MrkdwnTextObject;
  fields?: MrkdwnTextObject[];
}

export interface ContextBlock {
  type: 'context';
  block_id: string;
  elements: MrkdwnTextObject[];
}

export interface DividerBlock {
  type: 'divider';
  block_id: string;
}

/** A link button: opens `url`; Slack still sends an interaction payload if the app has interactivity on. */
export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainTextObject;
  url: string;
  value?: string;
  style?: 'primary' | 'danger';
  /** Read by screen readers instead of `text`. */
  accessibility_label?: string;
}

export interface ActionsBlock {
  type: 'actions';
  block_id: string;
  elements: ButtonElement[];
}

export interface ImageBlock {
  type: 'image';
  block_id: string;
  alt_text: string;
  image_url?: string;
  slack_file?: { id: string } | { url: string };
  title?: PlainTextObject;
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock | ImageBlock;

/** What a renderer produces and the notifier sends: `text` is the notification, `blocks` the body. */
export interface SlackMessage {
  /** Plain words (mrkdwn-escaped), read by mobile push notifications and screen readers. */
  text: string;
  blocks: Block[];
}

/** The measure kept under `messageBlocksBudget`. */
export function blocksSize(blocks: readonly Block[]): number {
  return JSON.stringify(blocks).length;
}
