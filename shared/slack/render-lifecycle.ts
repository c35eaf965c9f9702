import type { ReportAlarm, ReportApi, ReportLink, TriageReport } from '../domain/report.ts';
import { ROOT_CAUSE_TITLES, RootCause } from '../domain/root-cause.ts';
import { type Block, SLACK_LIMITS, type SlackMessage } from './block-kit.ts';
import {
  formatConfidence,
  formatCount,
  formatDuration,
  formatPercent,
  mentionMarkup,
  millisBetween,
  slackDate,
  stateEmoji,
  stateWord,
} from './format.ts';
import { inlineCode, mrkdwnLine, mrkdwnText, truncateMrkdwn } from './mrkdwn.ts';
import { actionsBlock, type Candidate, fitBlocks, headerBlock, linkButtons } from './parts.ts';
import {
  ALERT_CAPS,
  type AlertRenderOptions,
  apiLabel,
  apiPlainLabel,
  mrkdwn,
  mrkdwnSection,
  primaryCause,
} from './render-alert.ts';

/**
 * The messages around the alert: the one that still goes out when the triage failed, thread
 * replies for repeats and recovery, and the parent rewritten when the alarm is back to OK.
 */

export interface UntriagedAlertInput {
  alarm: ReportAlarm;
  api?: Partial<ReportApi>;
  window?: { start: string; end: string };
  links: ReportLink[];
  /** What could not be checked and why, in words (e.g. "ran out of time reading /aws/lambda/x"). */
  problems: string[];
}

const MAX_PROBLEMS = 5;

/** The alarm facts and links when the triage could not finish: an alert is never dropped. */
export function renderUntriagedAlert(
  input: UntriagedAlertInput,
  options: AlertRenderOptions = {},
): SlackMessage {
  const mention = mentionMarkup(options.mention);
  const { alarm } = input;
  const api = input.api ?? {};
  const state = stateWord(alarm.state);
  const firstProblem = input.problems.find((problem) => problem.trim() !== '');
  const why = firstProblem === undefined ? '' : ` (${mrkdwnLine(firstProblem, 200)})`;
  const text =
    `${state} ${apiLabel(api)} 5XX: alarm ${mrkdwnLine(alarm.name, 120)} fired; the automatic triage did not finish${why}, ` +
    `so the cause is not known. Open the logs from the alert.${mention === undefined ? '' : ` ${mention}`}`;

  const lead = mention === undefined ? '' : `${mention} `;
  const reason = alarm.reason.trim() === '' ? '' : `\n${mrkdwnText(alarm.reason, 600)}`;
  const fields = [`*Alarm*\n${inlineCode(alarm.name, 120)}`];
  if (alarm.condition !== undefined && alarm.condition.trim() !== '')
    fields.push(`*Condition*\n${mrkdwnLine(alarm.condition, 150)}`);
  fields.push(`*Changed*\n${transition(alarm)} at ${slackDate(alarm.changedAt)}`);
  if (input.window !== undefined) {
    fields.push(`*Window*\n${slackDate(input.window.start)} to ${slackDate(input.window.end)}`);
  }
  if (api.region !== undefined && api.region.trim() !== '') {
    const account = api.accountId === undefined ? '' : `${mrkdwnLine(api.accountId, 20)} · `;
    fields.push(`*Account · region*\n${account}${mrkdwnLine(api.region, 30)}`);
  }
  if (alarm.description !== undefined && alarm.description.trim() !== '') {
    fields.push(`*Description*\n${mrkdwnLine(alarm.description, 300)}`);
  }

  const candidates: Candidate[] = [
    {
      block: headerBlock(
        'untriaged-header',
        `${stateEmoji(alarm.state)} ${state} · ${apiPlainLabel(api)} · cause not checked`,
      ),
      dropOrder: 0,
    },
    {
      block: mrkdwnSection(
        'untriaged-summary',
        `${lead}*The alarm fired, but the automatic triage did not finish, so the cause is not known yet.*${reason}`,
      ),
      dropOrder: 0,
    },
    { block: { type: 'section', block_id: 'untriaged-facts', fields: fields.map(mrkdwn) }, dropOrder: 2 },
  ];
  const problems = input.problems.filter((problem) => problem.trim() !== '');
  const listed = problems.slice(0, MAX_PROBLEMS).map((problem) => `• ${mrkdwnLine(problem, 300)}`);
  const more =
    problems.length > MAX_PROBLEMS ? `\nand ${formatCount(problems.length - MAX_PROBLEMS)} more` : '';
  const checked =
    listed.length === 0 ? '• nothing recorded: look at the triage function’s own logs' : listed.join('\n');
  candidates.push({
    block: mrkdwnSection('untriaged-problems', `*What could not be checked*\n${checked}${more}`),
    dropOrder: 1,
  });
  const buttons = linkButtons([...input.links, { label: 'Alarm', url: alarm.link }], ALERT_CAPS.buttons);
  if (buttons.length > 0) candidates.push({ block: actionsBlock('untriaged-links', buttons), dropOrder: 3 });
  return { text, blocks: fitBlocks(candidates) };
}

/** A repeat ALARM while the incident is still open: a short reply in the alert's thread. */
export function renderRepeatAlarmReply(report: TriageReport): SlackMessage {
  const cause = primaryCause(report);
  const title = ROOT_CAUSE_TITLES[report.rootCause.category] ?? ROOT_CAUSE_TITLES.UNKNOWN;
  const total = Math.max(report.affected.requests, report.correlation.failingRequests);
  const known = report.rootCause.category !== RootCause.UNKNOWN && cause !== undefined && total > 0;
  const numbers = known
    ? `${formatCount(cause.requests)} of ${formatCount(total)} failing requests (${formatPercent(cause.share)})`
    : `${formatCount(total)} failing requests`;
  const fn = report.rootCause.functionName;
  const text = `Still ${stateWord(report.alarm.state)}: ${title}${fn === undefined ? '' : ` in ${mrkdwnLine(fn, 80)}`}, ${numbers} in the new window.`;
  const fnCode = fn === undefined ? '' : ` in ${inlineCode(fn, 90)}`;
  const candidates: Candidate[] = [
    {
      block: mrkdwnSection(
        'repeat-summary',
        `:repeat: *${stateWord(report.alarm.state)} again* · *${title}*${fnCode} · ${numbers}\n${mrkdwnLine(report.rootCause.summary, ALERT_CAPS.summary)}`,
      ),
      dropOrder: 0,
    },
    {
      block: {
        type: 'context',
        block_id: 'repeat-context',
        elements: [
          mrkdwn(`Window ${slackDate(report.window.start)} to ${slackDate(report.window.end)}`),
          mrkdwn(`Confidence: ${formatConfidence(report.rootCause.confidence)}`),
        ],
      },
      dropOrder: 2,
    },
  ];
  const buttons = linkButtons(report.links, 3);
  if (buttons.length > 0) candidates.push({ block: actionsBlock('repeat-links', buttons), dropOrder: 1 });
  return { text, blocks: fitBlocks(candidates) };
}

export interface ResolvedFacts {
  alarmName: string;
  firedAt: string;
  resolvedAt: string;
  /** The alarm's NewStateReason for the OK transition. */
  reason: string;
}

/** "Back to OK after 23 min" as a reply in the alert's thread. */
export function renderResolvedReply(facts: ResolvedFacts): SlackMessage {
  const duration = resolvedDurationText(facts.firedAt, facts.resolvedAt);
  const after = duration === undefined ? '' : ` after ${duration}`;
  const text = `RESOLVED: alarm ${mrkdwnLine(facts.alarmName, 120)} is back to OK${after}.`;
  const elements = [mrkdwn(`Fired ${slackDate(facts.firedAt)} · OK ${slackDate(facts.resolvedAt)}`)];
  if (facts.reason.trim() !== '') elements.push(mrkdwn(`Reason: ${mrkdwnLine(facts.reason, 500)}`));
  const blocks: Block[] = [
    mrkdwnSection(
      'resolved-summary',
      `:white_check_mark: *RESOLVED* · ${inlineCode(facts.alarmName, 120)} is back to OK${duration === undefined ? '' : ` after *${duration}*`}`,
    ),
    { type: 'context', block_id: 'resolved-context', elements },
  ];
  return { text, blocks };
}

/** The duration text for a resolution, or undefined when the times do not parse or run backwards. */
export function resolvedDurationText(firedAt: string, resolvedAt: string): string | undefined {
  const ms = millisBetween(firedAt, resolvedAt);
  return ms === undefined || ms < 0 ? undefined : formatDuration(ms);
}

export interface ResolvedUpdate {
  resolvedAt: string;
  /** e.g. "23 min" (resolvedDurationText). */
  durationText: string;
}

/**
 * The parent alert rewritten in place when the alarm is back to OK: the header says RESOLVED,
 * a line under it says when and after how long, the rest is kept. Every block gets a new
 * `block_id` (Slack keys rendering state on it).
 */
export function renderResolvedParentUpdate(previous: SlackMessage, update: ResolvedUpdate): SlackMessage {
  const duration = mrkdwnLine(update.durationText, 60);
  const resolvedLine = `:white_check_mark: *Resolved:* the alarm is back to OK after *${duration}* (${slackDate(update.resolvedAt)}). What follows was found when it fired.`;
  const header = previous.blocks.find((block) => block.type === 'header');
  // A message already updated once carries our note: it is replaced, not repeated.
  const rest = previous.blocks.filter(
    (block) => block.type !== 'header' && baseId(block.block_id) !== NOTE_ID,
  );
  const candidates: Candidate[] = [
    {
      block: headerBlock('resolved-header', `:white_check_mark: RESOLVED · ${headerTail(header?.text.text)}`),
      dropOrder: 0,
    },
    { block: mrkdwnSection(NOTE_ID, resolvedLine), dropOrder: 0 },
    // Later blocks are given up first if the message would grow over a limit.
    ...rest.map((block, index) => ({ block, dropOrder: index + 1 })),
  ];
  const generation = 1 + Math.max(0, ...previous.blocks.map((block) => idGeneration(block.block_id)));
  // New ids before fitting: they are part of what is measured.
  const blocks = fitBlocks(
    candidates.map(({ block, dropOrder }) => ({
      block: {
        ...block,
        block_id: `${baseId(block.block_id).slice(0, SLACK_LIMITS.blockId - 12)}~${generation}`,
      },
      dropOrder,
    })),
  );
  const text = truncateMrkdwn(
    `RESOLVED after ${duration}. Was: ${previous.text}`,
    SLACK_LIMITS.messageTextSafe - 100,
  );
  return { text, blocks };
}

const NOTE_ID = 'resolved-note';

/** The header after its state: "orders-api (prod) · Lambda function timed out". */
function headerTail(header: string | undefined): string {
  const at = header?.indexOf(' · ') ?? -1;
  return header === undefined || at < 0 ? 'alarm back to OK' : header.slice(at + 3);
}

/** Block ids of an updated message end in `~n`, n counting the updates. */
function baseId(blockId: string): string {
  return blockId.replace(/~\d+$/, '');
}

function idGeneration(blockId: string): number {
  const match = /~(\d+)$/.exec(blockId);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

function transition(alarm: ReportAlarm): string {
  const to = stateWord(alarm.state);
  return alarm.previousState === undefined ? to : `${stateWord(alarm.previousState)} → ${to}`;
}
