import type { LogEvent } from '../domain/bundle.ts';

/**
 * Events in time order, stable for equal timestamps (one request's lines often share a millisecond
 * and must keep their order). FilterLogEvents already answers in order: then nothing is copied.
 */
export function inTimeOrder<T extends LogEvent>(events: readonly T[]): readonly T[] {
  for (let i = 1; i < events.length; i++) {
    const previous = events[i - 1];
    const current = events[i];
    if (previous && current && current.timestamp < previous.timestamp) {
      return [...events].sort((a, b) => a.timestamp - b.timestamp);
    }
  }
  return events;
}
