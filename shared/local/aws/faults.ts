/**
 * Faults the local endpoints can inject, per operation name (e.g. `FilterLogEvents`, `GetPolicy`):
 * each scripted fault applies to the next `times` calls of that operation (default 1, `Infinity` for
 * all), then the operation answers normally again. Latency applies to every call until changed.
 */
export type Fault =
  /** The service's own throttling error (Logs ThrottlingException 400, Lambda TooManyRequestsException 429, …). */
  | { kind: 'throttle'; times?: number; retryAfterSeconds?: number }
  /** An internal error with this status (default 500), in the service's error shape. */
  | { kind: 'server-error'; times?: number; status?: 500 | 502 | 503 | 504 }
  /** The caller's role may not call this (AccessDeniedException). */
  | { kind: 'access-denied'; times?: number }
  /** Answers normally, but only after `ms`. */
  | { kind: 'slow'; ms: number; times?: number };

export type FaultKind = Fault['kind'];

/** `*` in place of an operation name applies to every operation. */
export const ANY_OPERATION = '*';

interface Pending {
  fault: Fault;
  remaining: number;
}

export class FaultBook {
  private readonly queues = new Map<string, Pending[]>();
  private readonly latencies = new Map<string, number>();

  constructor(faults: Record<string, Fault | Fault[]> = {}, latencyMs = 0) {
    this.latencies.set(ANY_OPERATION, latencyMs);
    for (const [operation, list] of Object.entries(faults)) {
      for (const fault of Array.isArray(list) ? list : [list]) this.script(operation, fault);
    }
  }

  script(operation: string, fault: Fault): void {
    const queue = this.queues.get(operation) ?? [];
    queue.push({ fault, remaining: fault.times ?? 1 });
    this.queues.set(operation, queue);
  }

  setLatency(operation: string, ms: number): void {
    this.latencies.set(operation, ms);
  }

  /** Drops every scripted fault not yet used (latencies stay). */
  clear(): void {
    this.queues.clear();
  }

  /** The fault for this call, if one is due (consumes one use of it). */
  take(operation: string): Fault | undefined {
    for (const key of [operation, ANY_OPERATION]) {
      const queue = this.queues.get(key);
      const head = queue?.[0];
      if (!queue || !head) continue;
      head.remaining -= 1;
      if (head.remaining <= 0) queue.shift();
      return head.fault;
    }
    return undefined;
  }

  latency(operation: string): number {
    return this.latencies.get(operation) ?? this.latencies.get(ANY_OPERATION) ?? 0;
  }
}
