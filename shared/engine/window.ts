import type { AlarmFacts } from '../parse/alarm.ts';

export interface TimeWindow {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, inclusive. */
  end: number;
}

/** Logs keep arriving after the alarm, and so do failing requests (the live path also stops at now). */
const SETTLE_MS = 120_000;

/**
 * The logs to read for an alarm: the evaluation window (Period × max(EvaluationPeriods,
 * DatapointsToAlarm)) that ends at StateChangeTime, widened by a lookback so the start of the
 * incident is in it, and by two minutes after for late log delivery.
 */
export function incidentWindow(alarm: AlarmFacts, lookbackMinutes: number): TimeWindow | undefined {
  if (alarm.changedAt === undefined) return undefined;
  const period = alarm.period ?? 60;
  const periods = Math.max(alarm.evaluationPeriods ?? 1, alarm.datapointsToAlarm ?? 1);
  const evaluation = period * periods * 1000;
  return { start: alarm.changedAt - evaluation - lookbackMinutes * 60_000, end: alarm.changedAt + SETTLE_MS };
}
