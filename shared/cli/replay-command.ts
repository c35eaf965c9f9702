import { loadBundle } from '../bundle/load-bundle.ts';
import { triage } from '../engine/triage.ts';
import { renderReportText } from '../report/render-text.ts';

export type ReportFormat = 'text' | 'json';

/** `gateway-triage replay BUNDLE`: the engine on a recorded incident, no AWS and no Slack. */
export async function replayCommand(
  file: string,
  options: { format: ReportFormat; lookbackMinutes?: number },
): Promise<string> {
  const bundle = await loadBundle(file);
  const report = triage(bundle, { lookbackMinutes: options.lookbackMinutes });
  return options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderReportText(report);
}
