import type { FunctionConfiguration } from '../domain/bundle.ts';
import type { ClassifiedFailure, FailureGroup } from './causes/cause-rule.ts';
import { percentile } from './format.ts';
import type { FunctionLog, Invocation } from './model.ts';

/** Figures about a group's failing invocations and the function's healthy ones, for remediation text. */
export interface GroupFacts {
  configuration?: FunctionConfiguration;
  failingInvocations: Invocation[];
  /** Duration (ms) of the failing invocations that have a REPORT. */
  failingDurations: number[];
  /** Duration (ms) of the function's successful invocations in the window. */
  healthyDurations: number[];
  healthyP95?: number;
  maxMemoryUsedMb?: number;
  healthyMaxMemoryMb?: number;
  /** Most executions that overlapped in time, from START..REPORT of every invocation. */
  peakConcurrency?: number;
}

export function groupFacts(
  group: FailureGroup,
  configuration: FunctionConfiguration | undefined,
  log: FunctionLog | undefined,
): GroupFacts {
  const failingInvocations = uniqueInvocations(group.failures);
  const failingDurations = failingInvocations
    .map((invocation) => invocation.report?.durationMs)
    .filter((ms): ms is number => ms !== undefined);
  const failingIds = new Set(failingInvocations.map((invocation) => invocation.requestId));
  const healthy = log
    ? log.byStart.filter((invocation) => !failingIds.has(invocation.requestId) && isHealthy(invocation))
    : [];
  const healthyDurations = healthy
    .map((invocation) => invocation.report?.durationMs)
    .filter((ms): ms is number => ms !== undefined);
  const memory = failingInvocations
    .map((invocation) => invocation.report?.maxMemoryUsedMb)
    .filter((mb): mb is number => mb !== undefined);
  const healthyMemory = healthy
    .map((invocation) => invocation.report?.maxMemoryUsedMb)
    .filter((mb): mb is number => mb !== undefined);
  return {
    configuration,
    failingInvocations,
    failingDurations,
    healthyDurations,
    healthyP95: percentile(healthyDurations, 95),
    maxMemoryUsedMb: memory.length > 0 ? Math.max(...memory) : undefined,
    healthyMaxMemoryMb: healthyMemory.length > 0 ? Math.max(...healthyMemory) : undefined,
    peakConcurrency: log ? peakConcurrency(log.byStart) : undefined,
  };
}

export function uniqueInvocations(failures: readonly ClassifiedFailure[]): Invocation[] {
  const seen = new Set<Invocation>();
  for (const failure of failures) if (failure.invocation) seen.add(failure.invocation);
  return [...seen];
}

function isHealthy(invocation: Invocation): boolean {
  const status = invocation.report?.status ?? invocation.runtimeDoneStatus;
  return (
    invocation.report !== undefined &&
    (status === undefined || status === 'success') &&
    invocation.errors.length === 0 &&
    invocation.timeoutLine === undefined &&
    invocation.exits.length === 0
  );
}

function peakConcurrency(invocations: readonly Invocation[]): number | undefined {
  const edges: Array<[number, number]> = [];
  for (const invocation of invocations) {
    if (invocation.startedAt === undefined) continue;
    const end = invocation.endedAt ?? invocation.startedAt + (invocation.report?.durationMs ?? 0);
    edges.push([invocation.startedAt, 1], [end, -1]);
  }
  if (edges.length === 0) return undefined;
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    running += delta;
    peak = Math.max(peak, running);
  }
  return peak;
}

/** The most frequent value, for "errorType X on most requests". */
export function mostCommon<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  let bestCount = 0;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

export function functionLabel(group: FailureGroup): string {
  return group.functionName ? `Lambda ${group.functionName}` : 'the Lambda function';
}

/** `aws lambda …` options every command needs. */
export function regionFlag(region: string): string {
  return `--region ${region}`;
}
