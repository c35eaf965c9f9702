import type { TriageReport } from '../domain/report.ts';
import { ROOT_CAUSE_TITLES } from '../domain/root-cause.ts';

const EVIDENCE_WIDTH = 240;

/**
 * The report as a person reads it first in a terminal: root cause, counts, routes, evidence,
 * remediation, links, gaps. Log text is untrusted: control characters (terminal escapes) are shown
 * as visible escapes, never written raw.
 */
export function renderReportText(report: TriageReport): string {
  const out: string[] = [];
  const { rootCause, alarm, api } = report;
  const apiLabel = `${api.name ?? api.id ?? 'API'} (${api.kind}, stage ${api.stage}, ${api.region || 'region unknown'})`;
  out.push(`${alarm.state} ${safe(alarm.name)} — ${apiLabel}`);
  out.push(
    `Root cause: ${ROOT_CAUSE_TITLES[rootCause.category]} [${rootCause.category}], confidence ${Math.round(rootCause.confidence * 100)} %`,
  );
  out.push(safe(rootCause.summary));
  out.push('');
  out.push(
    `Failing requests: ${report.affected.requests}   window ${report.window.start} → ${report.window.end}`,
  );
  if (report.affected.routes.length > 0) {
    out.push(
      `Routes: ${report.affected.routes.map((r) => `${safe(r.method)} ${safe(r.resource)} (${r.count})`).join(', ')}`,
    );
  }
  if (report.affected.functions.length > 0)
    out.push(`Functions: ${report.affected.functions.map(safe).join(', ')}`);
  const c = report.correlation;
  out.push(
    `Evidence joined: ${c.joinedByRequestId} by Lambda request id, ${c.joinedByWeakerEvidence} by weaker signs, ${c.notJoined} not joined (source: ${c.source})`,
  );
  for (const deploy of report.deploys) {
    out.push(
      `Deploy: ${deploy.functionName} changed at ${deploy.lastModified} (${deploy.minutesBeforeFirstFailure} min before the first failure)`,
    );
  }
  report.causes.forEach((cause, index) => {
    out.push('');
    const fn = cause.functionName ? ` — ${safe(cause.functionName)}` : '';
    out.push(
      `${index + 1}. ${ROOT_CAUSE_TITLES[cause.category]} [${cause.category}]${fn}: ${cause.requests} requests (${Math.round(cause.share * 100)} %)${cause.statusCodes?.length ? `, status ${cause.statusCodes.join('/')}` : ''}`,
    );
    for (const evidence of cause.evidence) {
      out.push(`   > ${shorten(safe(evidence.message), EVIDENCE_WIDTH)}`);
      out.push(
        `     ${safe(evidence.logGroup)} · ${timeText(evidence.timestamp)} · request ${safe(evidence.requestId) || '?'}`,
      );
    }
    if (cause.remediation.length > 0) out.push('   What to do:');
    for (const step of cause.remediation) out.push(`   - ${safe(step)}`);
  });
  if (report.links.length > 0) {
    out.push('');
    out.push('Links:');
    for (const link of report.links) out.push(`  ${link.label}: ${link.url}`);
  }
  if (report.gaps.length > 0) {
    out.push('');
    out.push('What could not be checked:');
    for (const gap of report.gaps) out.push(`  - ${safe(gap)}`);
  }
  return `${out.join('\n')}\n`;
}

/** Control characters (ANSI escapes, NUL, bidi overrides) made visible instead of interpreted. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function safe(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A bundle may carry any finite number as a timestamp; only real dates are shown as dates. */
function timeText(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
