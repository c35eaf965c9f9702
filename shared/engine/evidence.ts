import type { Evidence } from '../domain/report.ts';
import type { ClassifiedFailure } from './causes/cause-rule.ts';
import type { LineRef } from './model.ts';

const MAX_EVIDENCE = 3;
const MAX_MESSAGE = 2_000;

/** Up to three lines that show the cause, from different requests' decisive lines, no repeated shapes. */
export function pickEvidence(failures: readonly ClassifiedFailure[]): Evidence[] {
  const picked: Evidence[] = [];
  const shapes = new Set<string>();
  // First the first line of each of the first requests, then their supporting lines.
  const rounds = [0, 1, 2];
  for (const round of rounds) {
    for (const failure of failures.slice(0, 6)) {
      const line = failure.evidence[round];
      if (!line) continue;
      const shape = shapeOf(line.event.message);
      if (shapes.has(shape)) continue;
      shapes.add(shape);
      picked.push(toEvidence(line, failure));
      if (picked.length >= MAX_EVIDENCE) return picked;
    }
  }
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

/** The message with its ids, numbers and times blanked: two lines of one shape say the same thing. */
function shapeOf(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#')
    .replace(/\d+(\.\d+)?/g, '0')
    .slice(0, 200);
}
