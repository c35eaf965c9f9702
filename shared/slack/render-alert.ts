import type { SlackMention } from '../config/runtime-config.ts';
import type { CauseGroup, Evidence, TriageReport } from '../domain/report.ts';
import { ROOT_CAUSE_TITLES, RootCause } from '../domain/root-cause.ts';
import type { ContextBlock, MrkdwnTextObject, SectionBlock, SlackMessage } from './block-kit.ts';
import {
  formatConfidence,
  formatCount,
  formatPercent,
  mentionMarkup,
  slackDate,
  stateEmoji,
  stateWord,
} from './format.ts';
import { codeBlock, inlineCode, mrkdwnLine, plainText } from './mrkdwn.ts';
import { actionsBlock, type Candidate, fitBlocks, headerBlock, linkButtons } from './parts.ts';

/**
 * The alert for a triaged 5XX alarm (layout: research/slack-alerts.md §4). Every piece of text
 * that can come from logs or configuration is escaped and cut to its own cap here, so each block
 * is within Slack's limits by construction; `fitBlocks` then keeps the whole message within the
 * block count and the whole-message budget.
 */

export interface AlertRenderOptions {
  /** Who is pinged: only this configured value ever becomes a mention. */
  mention?: SlackMention;
}

/** Caps per piece, in characters after escaping, chosen so even a hostile report stays small. */
export const ALERT_CAPS = {
  apiName: 60,
  stage: 30,
  functionName: 80,
  summaryInText: 400,
  summary: 700,
  evidenceLines: 3,
  evidenceBlock: 1000,
  evidenceLine: 400,
  remediationSteps: 3,
  // Long enough for a complete command (add-permission with its source ARN and --region).
  remediationStep: 800,
  deploys: 3,
  gaps: 3,
  gap: 300,
  listedNames: 3,
  buttons: 5,
} as const;

export function renderAlertMessage(report: TriageReport, options: AlertRenderOptions = {}): SlackMessage {
  const mention = mentionMarkup(options.mention);
  const cause = primaryCause(report);
  const candidates: Candidate[] = [
    { block: headerBlock('alert-header', headerText(report)), dropOrder: 0 },
    { block: summarySection(report, mention), dropOrder: 0 },
    { block: countsSection(report, cause), dropOrder: 2 },
  ];
  const evidence = evidenceSection(cause);
  if (evidence) candidates.push({ block: evidence, dropOrder: 1 });
  const remediation = remediationSection(cause);
  if (remediation) candidates.push({ block: remediation, dropOrder: 1 });
  const deploys = deploysSection(report);
  if (deploys) candidates.push({ block: deploys, dropOrder: 3 });
  const gaps = report.rootCause.category === RootCause.UNKNOWN ? gapsSection(report.gaps) : undefined;
  if (gaps) candidates.push({ block: gaps, dropOrder: 6 });
  const links = [...report.links, { label: 'Alarm', url: report.alarm.link }];
  const buttons = linkButtons(links, ALERT_CAPS.buttons);
  if (buttons.length > 0) candidates.push({ block: actionsBlock('alert-links', buttons), dropOrder: 4 });
  candidates.push({ block: contextBlock(report), dropOrder: 5 });
  return { text: notificationText(report, cause, mention), blocks: fitBlocks(candidates) };
}

/** The cause group the root cause stands for: same category (and function, when named). */
export function primaryCause(report: TriageReport): CauseGroup | undefined {
  const { category, functionName } = report.rootCause;
  const sameCategory = report.causes.filter((cause) => cause.category === category);
  return (
    sameCategory.find((cause) => functionName === undefined || cause.functionName === functionName) ??
    sameCategory[0]
  );
}

/** "orders-api (prod)" as escaped mrkdwn. */
export function apiLabel(api: { name?: string; id?: string; stage?: string }): string {
  const name = api.name ?? api.id ?? 'API';
  const stage = api.stage === undefined ? '' : ` (${mrkdwnLine(api.stage, ALERT_CAPS.stage)})`;
  return `${mrkdwnLine(name, ALERT_CAPS.apiName)}${stage}`;
}

/** "orders-api (prod)" for plain_text. */
export function apiPlainLabel(api: { name?: string; id?: string; stage?: string }): string {
  const name = plainText(api.name ?? api.id ?? 'API', ALERT_CAPS.apiName);
  return api.stage === undefined ? name : `${name} (${plainText(api.stage, ALERT_CAPS.stage)})`;
}

function causeTitle(report: TriageReport): string {
  return ROOT_CAUSE_TITLES[report.rootCause.category] ?? ROOT_CAUSE_TITLES.UNKNOWN;
}

function failingTotal(report: TriageReport): number {
  return Math.max(report.affected.requests, report.correlation.failingRequests);
}

/** Plain words for push notifications and screen readers: state, API, cause, numbers, summary. */
function notificationText(report: TriageReport, cause: CauseGroup | undefined, mention?: string): string {
  const state = stateWord(report.alarm.state);
  const total = failingTotal(report);
  const fn = report.rootCause.functionName ?? cause?.functionName;
  let what: string;
  if (report.rootCause.category === RootCause.UNKNOWN) {
    what =
      total > 0
        ? `cause not determined for ${formatCount(total)} failing requests`
        : 'cause not determined, no failing requests found in the logs';
  } else {
    const inFunction = fn === undefined ? '' : ` in ${mrkdwnLine(fn, ALERT_CAPS.functionName)}`;
    const count =
      cause !== undefined && total > 0
        ? ` on ${formatCount(cause.requests)} of ${formatCount(total)} failing requests (${formatPercent(cause.share)})`
        : '';
    what = `${causeTitle(report)}${inFunction}${count}`;
  }
  const summary = mrkdwnLine(report.rootCause.summary, ALERT_CAPS.summaryInText);
  const tail = mention === undefined ? '' : ` ${mention}`;
  return `${state} ${apiLabel(report.api)} 5XX: ${what}. ${summary}${tail}`;
}

function headerText(report: TriageReport): string {
  const state = `${stateEmoji(report.alarm.state)} ${stateWord(report.alarm.state)}`;
  return `${state} · ${apiPlainLabel(report.api)} · ${causeTitle(report)}`;
}

function summarySection(report: TriageReport, mention?: string): SectionBlock {
  const { rootCause } = report;
  const fn = rootCause.functionName === undefined ? '' : ` in ${inlineCode(rootCause.functionName, 90)}`;
  const status = rootCause.statusCode === undefined ? '' : ` · clients got HTTP ${rootCause.statusCode}`;
  const lead = mention === undefined ? '' : `${mention} `;
  const summary = mrkdwnLine(rootCause.summary, ALERT_CAPS.summary);
  return mrkdwnSection('alert-summary', `${lead}*${causeTitle(report)}*${fn}${status}\n${summary}`);
}

function countsSection(report: TriageReport, cause: CauseGroup | undefined): SectionBlock {
  const total = failingTotal(report);
  const fields: string[] = [];
  const failing =
    cause !== undefined && report.rootCause.category !== RootCause.UNKNOWN && total > 0
      ? `${formatCount(cause.requests)} of ${formatCount(total)} (${formatPercent(cause.share)}) from this cause`
      : formatCount(total);
  fields.push(`*Failing requests*\n${failing}`);
  const routes = report.affected.routes.slice().sort((a, b) => b.count - a.count);
  if (routes.length > 0) {
    const shown = routes
      .slice(0, ALERT_CAPS.listedNames)
      .map((route) => `${inlineCode(`${route.method} ${route.resource}`, 70)} ${formatCount(route.count)}`);
    fields.push(`*Routes*\n${shown.join('\n')}${more(routes.length, ALERT_CAPS.listedNames)}`);
  }
  const functions = report.affected.functions;
  if (functions.length > 0) {
    const shown = functions.slice(0, ALERT_CAPS.listedNames).map((name) => inlineCode(name, 70));
    fields.push(`*Functions*\n${shown.join('\n')}${more(functions.length, ALERT_CAPS.listedNames)}`);
  }
  const others = report.causes.filter((group) => group !== cause && group.requests > 0);
  if (others.length > 0) {
    const shown = others
      .slice(0, 2)
      .map(
        (group) => `${formatCount(group.requests)} × ${ROOT_CAUSE_TITLES[group.category] ?? group.category}`,
      );
    fields.push(`*Other causes*\n${shown.join('\n')}${more(others.length, 2)}`);
  }
  fields.push(`*Window*\n${slackDate(report.window.start)} to ${slackDate(report.window.end)}`);
  const condition =
    report.alarm.condition === undefined || report.alarm.condition.trim() === ''
      ? ''
      : `\n${mrkdwnLine(report.alarm.condition, 120)}`;
  fields.push(`*Alarm*\n${inlineCode(report.alarm.name, 120)}${condition}`);
  const account = report.api.accountId === undefined ? '' : `${mrkdwnLine(report.api.accountId, 20)} · `;
  fields.push(`*Account · region*\n${account}${mrkdwnLine(report.api.region, 30)}`);
  return {
    type: 'section',
    block_id: 'alert-counts',
    fields: fields.map(mrkdwn),
  };
}

function evidenceSection(cause: CauseGroup | undefined): SectionBlock | undefined {
  const evidence = (cause?.evidence ?? []).slice(0, ALERT_CAPS.evidenceLines);
  if (evidence.length === 0) return undefined;
  const groups = [...new Set(evidence.map((item) => item.logGroup))].slice(0, 2);
  const from =
    groups.length === 0 ? '' : ` · from ${groups.map((group) => inlineCode(group, 100)).join(', ')}`;
  const requests = new Set(evidence.map((item) => item.requestId)).size;
  const of = cause === undefined ? '' : ` of ${formatCount(cause.requests)}`;
  const code = codeBlock(evidence.map(evidenceLine), {
    maxChars: ALERT_CAPS.evidenceBlock,
    maxLineChars: ALERT_CAPS.evidenceLine,
  });
  return mrkdwnSection(
    'alert-evidence',
    `*Evidence* from ${formatCount(requests)}${of} failing requests${from}\n${code}`,
  );
}

/** One line per request; the request id leads unless the log line already names it. */
function evidenceLine(item: Evidence): string {
  return item.message.includes(item.requestId) ? item.message : `${item.requestId} ${item.message}`;
}

function remediationSection(cause: CauseGroup | undefined): SectionBlock | undefined {
  const steps = (cause?.remediation ?? []).filter((step) => step.trim() !== '');
  if (steps.length === 0) return undefined;
  const lines = steps
    .slice(0, ALERT_CAPS.remediationSteps)
    .map((step, index) => `${index + 1}. ${mrkdwnLine(step, ALERT_CAPS.remediationStep)}`);
  const rest = steps.length - ALERT_CAPS.remediationSteps;
  const tail = rest > 0 ? `\n_${rest} more ${rest === 1 ? 'step' : 'steps'} in the full report_` : '';
  return mrkdwnSection('alert-remediation', `*What to do*\n${lines.join('\n')}${tail}`);
}

function deploysSection(report: TriageReport): SectionBlock | undefined {
  if (report.deploys.length === 0) return undefined;
  const lines = report.deploys.slice(0, ALERT_CAPS.deploys).map((deploy) => {
    const minutes = Math.round(deploy.minutesBeforeFirstFailure);
    const when =
      minutes >= 0
        ? `${formatCount(minutes)} min before the first failure`
        : `${formatCount(-minutes)} min after the first failure`;
    return `• ${inlineCode(deploy.functionName, 90)} changed ${when} (${slackDate(deploy.lastModified)})`;
  });
  const tail = more(report.deploys.length, ALERT_CAPS.deploys);
  return mrkdwnSection(
    'alert-deploys',
    `:warning: *Changed shortly before the failures*\n${lines.join('\n')}${tail}`,
  );
}

export function gapsSection(
  gaps: readonly string[],
  title = 'What the triage could not see',
): SectionBlock | undefined {
  const items = gaps.filter((gap) => gap.trim() !== '');
  if (items.length === 0) return undefined;
  const lines = items.slice(0, ALERT_CAPS.gaps).map((gap) => `• ${mrkdwnLine(gap, ALERT_CAPS.gap)}`);
  return mrkdwnSection('alert-gaps', `*${title}*\n${lines.join('\n')}${more(items.length, ALERT_CAPS.gaps)}`);
}

function contextBlock(report: TriageReport): ContextBlock {
  const { correlation } = report;
  const joined =
    correlation.failingRequests > 0
      ? `Correlation: ${formatCount(correlation.joinedByRequestId)} of ${formatCount(correlation.failingRequests)} failing requests joined by request id, ${formatCount(correlation.joinedByWeakerEvidence)} by weaker signs, ${formatCount(correlation.notJoined)} not joined`
      : 'Correlation: no failing requests found in the gateway logs';
  const sampled =
    correlation.sampled === undefined
      ? ''
      : ` (sampled ${formatCount(correlation.sampled.kept)} of ${formatCount(correlation.sampled.seen)})`;
  const elements = [
    `${joined}${sampled}`,
    `Confidence: ${formatConfidence(report.rootCause.confidence)}`,
    `Alarm went to ${stateWord(report.alarm.state)} at ${slackDate(report.alarm.changedAt)}`,
  ];
  if (report.gaps.length > 0) {
    const gaps = report.gaps.length;
    elements.push(`${formatCount(gaps)} ${gaps === 1 ? 'gap' : 'gaps'} in what the triage could see`);
  }
  return { type: 'context', block_id: 'alert-context', elements: elements.map(mrkdwn) };
}

function more(total: number, shown: number): string {
  return total > shown ? `\nand ${formatCount(total - shown)} more` : '';
}

export function mrkdwn(text: string): MrkdwnTextObject {
  return { type: 'mrkdwn', text };
}

export function mrkdwnSection(blockId: string, text: string): SectionBlock {
  return { type: 'section', block_id: blockId, text: mrkdwn(text) };
}
