/**
 * The checks Slack makes on `blocks` before posting, written against the wire JSON (not our own
 * types) so a test that passes here is a test of what the renderer actually sends. Errors are
 * phrased as Slack phrases them: `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`.
 * Slack's counting unit is not documented; code points are used here (our renderer measures the
 * stricter UTF-16 length).
 */

export interface BlockProblem {
  pointer: string;
  message: string;
}

export const WIRE_LIMITS = {
  blocks: 50,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  accessibilityLabel: 75,
  imageAltText: 2000,
  imageUrl: 3000,
  /** Not documented: where `msg_blocks_too_long` was observed (bolt-js #2509). */
  blocksJson: 13_200,
  /** `text` beyond this is truncated by Slack; we answer `msg_too_long` to make it visible. */
  text: 40_000,
} as const;

type Json = unknown;

export function validateBlocks(blocks: Json): BlockProblem[] {
  const problems: BlockProblem[] = [];
  const add: Add = (pointer, message) => {
    problems.push({ pointer, message });
  };
  if (!Array.isArray(blocks)) {
    add('/blocks', 'must be an array');
    return problems;
  }
  if (blocks.length > WIRE_LIMITS.blocks) add('/blocks', `must contain at most ${WIRE_LIMITS.blocks} items`);
  const blockIds = new Set<string>();
  for (const [index, block] of blocks.entries()) {
    const at = `/blocks/${index}`;
    if (!isObject(block)) {
      add(at, 'must be an object');
      continue;
    }
    checkBlockId(block.block_id, at, blockIds, add);
    const check = BLOCK_CHECKS[String(block.type)];
    if (check === undefined) add(`${at}/type`, `unsupported block type ${JSON.stringify(block.type)}`);
    else check(block, at, add);
  }
  return problems;
}

type Add = (pointer: string, message: string) => void;
type BlockCheck = (block: Record<string, Json>, at: string, add: Add) => void;

const BLOCK_CHECKS: Record<string, BlockCheck> = {
  header: (block, at, add) =>
    checkText(block.text, `${at}/text`, WIRE_LIMITS.headerText, add, ['plain_text']),
  section: checkSection,
  context: checkContext,
  actions: checkActions,
  divider: () => {},
  image: checkImage,
};

function checkBlockId(blockId: Json, at: string, seen: Set<string>, add: Add): void {
  if (blockId === undefined) return;
  if (typeof blockId !== 'string' || blockId.length === 0) {
    add(`${at}/block_id`, 'must be a non-empty string');
    return;
  }
  if (length(blockId) > WIRE_LIMITS.blockId) add(`${at}/block_id`, tooLong(WIRE_LIMITS.blockId));
  if (seen.has(blockId)) add(`${at}/block_id`, `duplicate block_id ${blockId}`);
  seen.add(blockId);
}

function checkSection(block: Record<string, Json>, at: string, add: Add): void {
  if (block.text === undefined && block.fields === undefined) {
    add(at, 'must provide text or fields');
    return;
  }
  if (block.text !== undefined) checkText(block.text, `${at}/text`, WIRE_LIMITS.sectionText, add);
  if (block.fields === undefined) return;
  if (!Array.isArray(block.fields) || block.fields.length === 0) {
    add(`${at}/fields`, 'must be a non-empty array');
    return;
  }
  if (block.fields.length > WIRE_LIMITS.fields)
    add(`${at}/fields`, `must contain at most ${WIRE_LIMITS.fields} items`);
  for (const [i, field] of block.fields.entries()) {
    checkText(field, `${at}/fields/${i}`, WIRE_LIMITS.fieldText, add);
  }
}

function checkContext(block: Record<string, Json>, at: string, add: Add): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    add(`${at}/elements`, 'must be a non-empty array');
    return;
  }
  if (elements.length > WIRE_LIMITS.contextElements) {
    add(`${at}/elements`, `must contain at most ${WIRE_LIMITS.contextElements} items`);
  }
  for (const [i, element] of elements.entries()) {
    if (isObject(element) && element.type === 'image') continue;
    checkText(element, `${at}/elements/${i}`, WIRE_LIMITS.contextText, add);
  }
}

function checkActions(block: Record<string, Json>, at: string, add: Add): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    add(`${at}/elements`, 'must be a non-empty array');
    return;
  }
  if (elements.length > WIRE_LIMITS.actionsElements) {
    add(`${at}/elements`, `must contain at most ${WIRE_LIMITS.actionsElements} items`);
  }
  const actionIds = new Set<string>();
  for (const [i, element] of elements.entries()) {
    const where = `${at}/elements/${i}`;
    if (!isObject(element) || element.type !== 'button') {
      add(where, 'only buttons are checked here');
      continue;
    }
    checkText(element.text, `${where}/text`, WIRE_LIMITS.buttonText, add, ['plain_text']);
    checkString(element.action_id, `${where}/action_id`, WIRE_LIMITS.actionId, add, true);
    if (typeof element.action_id === 'string') {
      if (actionIds.has(element.action_id))
        add(`${where}/action_id`, `duplicate action_id ${element.action_id}`);
      actionIds.add(element.action_id);
    }
    if (element.url !== undefined) {
      checkString(element.url, `${where}/url`, WIRE_LIMITS.buttonUrl, add);
      if (typeof element.url === 'string' && !/^https?:\/\/\S+$/.test(element.url)) {
        add(`${where}/url`, 'must be a valid URL');
      }
    }
    checkString(element.value, `${where}/value`, WIRE_LIMITS.buttonValue, add, true);
    const label = element.accessibility_label;
    checkString(label, `${where}/accessibility_label`, WIRE_LIMITS.accessibilityLabel, add, true);
  }
}

function checkImage(block: Record<string, Json>, at: string, add: Add): void {
  checkString(block.alt_text, `${at}/alt_text`, WIRE_LIMITS.imageAltText, add);
  if ((block.image_url === undefined) === (block.slack_file === undefined)) {
    add(at, 'must provide exactly one of image_url or slack_file');
  }
  checkString(block.image_url, `${at}/image_url`, WIRE_LIMITS.imageUrl, add, true);
}

function checkText(value: Json, at: string, max: number, add: Add, types = ['plain_text', 'mrkdwn']): void {
  if (!isObject(value)) {
    add(at, 'must be a text object');
    return;
  }
  if (typeof value.type !== 'string' || !types.includes(value.type)) {
    add(`${at}/type`, `must be one of ${types.join(', ')}`);
  }
  checkString(value.text, `${at}/text`, max, add);
}

function checkString(value: Json, at: string, max: number, add: Add, optional = false): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'string') add(at, 'must be a string');
  else if (length(value) === 0) add(at, 'must be more than 0 characters');
  else if (length(value) > max) add(at, tooLong(max));
}

function tooLong(max: number): string {
  return `must be less than ${max + 1} characters`;
}

function length(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
