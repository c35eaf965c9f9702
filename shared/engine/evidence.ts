import type { Evidence } from '../domain/report.ts';
import type { ClassifiedFailure } from './causes/cause-rule.ts';
import type { LineRef } from './model.ts';

const MAX_EVIDENCE = 3;
const MAX_MESSAGE = 2_000;

/** Up to three lines that show the cause, from different requests' decisive lines, no repeated shapes. */
export function pickEvidence(failures: readonly ClassifiedFailure[]): Evidence[] {
  const picked: Evidence[] = [];
  const shapes = new Set<string>();
  const take = (line: LineRef, failure: ClassifiedFailure): void => {
    const shape = shapeOf(line.event.message);
    if (picked.length >= MAX_EVIDENCE || shapes.has(shape)) return;
    shapes.add(shape);
    picked.push(toEvidence(line, failure));
  };
  // The first request's whole story (gateway line, then the function's), then other requests'
  // lines of other kinds: the reader sees the sequence once, and that it repeats.
  const [first, ...others] = failures;
  if (first) for (const line of first.evidence) take(line, first);
  for (const failure of others.slice(0, 20)) for (const line of failure.evidence) take(line, failure);
  return picked;
}

export function toEvidence(line: LineRef, failure?: ClassifiedFailure): Evidence {
  const message = line.event.message.replace(/\s+$/, '');
  return {
    logGroup: line.logGroup,
    logStreamName: line.event.logStreamName,
    timestamp: line.event.timestamp,
    requestId: line.requestId ?? failure?.request?.requestId ?? failure?.invocation?.requestId ?? '',
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
  };
}

/**
 * The message with its ids, numbers and times blanked, cut after its opening words: two lines of one
 * shape say the same thing (two response bodies of one kind, two REPORT lines).
 */
function shapeOf(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#')
    .replace(/\d+(\.\d+)?/g, '0')
    .slice(0, 60);
}
