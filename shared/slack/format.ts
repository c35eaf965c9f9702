import { type SlackMention, SlackMentionSchema } from '../config/runtime-config.ts';

/**
 * Small formatters shared by the renderers. Everything returned here is safe mrkdwn built from
 * our own words and numbers; nothing read from logs passes through these functions unescaped.
 */

const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return numberFormat.format(Math.max(0, Math.round(value)));
}

/** 0.82 → "82%"; never rounds a partial share up to 100% or down to 0%. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  if (share >= 1) return '100%';
  if (share < 0.01) return 'under 1%';
  return `${Math.min(99, Math.max(1, Math.round(share * 100)))}%`;
}

/** 0.93 → "93% (high)": confidence in words as well as a number. */
export function formatConfidence(confidence: number): string {
  const word = confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
  return `${formatPercent(confidence)} (${word})`;
}

/** Milliseconds as a person says them: "45 s", "23 min", "1 h 5 min", "2 d 3 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** Milliseconds from one ISO time to another, or undefined when either does not parse. */
export function millisBetween(fromIso: string, toIso: string): number | undefined {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
  return to - from;
}

/** Slack formats non-negative epoch seconds; other times are treated as unknown. */
const LAST_FORMATTABLE = Date.UTC(9999, 11, 31, 23, 59, 59);

/** "2024-11-01 12:01 UTC"; undefined when the time does not parse or is before 1970. */
export function formatUtc(iso: string): string | undefined {
  const time = Date.parse(iso);
  if (Number.isNaN(time) || time < 0 || time > LAST_FORMATTABLE) return undefined;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A time each reader sees in their own time zone (`<!date^…>`), with the UTC text as the
 * fallback Slack shows where it cannot format. Only digits and our own words go inside `<…>`.
 */
export function slackDate(iso: string): string {
  const time = Date.parse(iso);
  const fallback = formatUtc(iso);
  if (Number.isNaN(time) || fallback === undefined) return 'an unknown time';
  return `<!date^${Math.floor(time / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** The state as a word (accessibility: never colour or emoji alone). */
export function stateWord(state: string): string {
  if (state === 'INSUFFICIENT_DATA') return 'INSUFFICIENT DATA';
  if (/^[A-Z_]{1,20}$/.test(state)) return state;
  return 'STATE UNKNOWN';
}

export function stateEmoji(state: string): string {
  if (state === 'ALARM') return ':red_circle:';
  if (state === 'OK') return ':white_check_mark:';
  return ':large_yellow_circle:';
}

/**
 * The mention markup for a configured mention. Checked against the config schema again so a
 * value that did not come through it (or came from anywhere else) never reaches `<…>`.
 */
export function mentionMarkup(mention: SlackMention | undefined): string | undefined {
  if (mention === undefined) return undefined;
  const parsed = SlackMentionSchema.safeParse(mention);
  if (!parsed.success) return undefined;
  const value = parsed.data;
  if (value === 'here') return '<!here>';
  if (value === 'channel') return '<!channel>';
  if (value.startsWith('S')) return `<!subteam^${value}>`;
  return `<@${value}>`;
}
