import pLimit from 'p-limit';
import type { BundleApi, FunctionFacts, LogEvent } from '../domain/bundle.ts';
import type { FunctionLookupFailure, IncidentData } from '../domain/incident.ts';
import { integrationFunction } from '../engine/correlate.ts';
import { mergeAccessRecords, readAccessLog, readExecutionLog } from '../engine/gateway-requests.ts';
import type { GatewayRequest } from '../engine/model.ts';
import type { TimeWindow } from '../engine/window.ts';
import { anyTermPattern } from '../logs/filter-pattern.ts';
import { AccessDeniedError, LogGroupNotFoundError } from '../ports/errors.ts';
import type { FunctionInspector } from '../ports/function-inspector.ts';
import type { LogReader } from '../ports/log-reader.ts';
import { ACCESS_5XX_PATTERN, FUNCTION_SKELETON_PATTERN, GATEWAY_FAILURE_PATTERN } from './patterns.ts';

export interface CollectRequest {
  /** The alarm notification (the bundle's `alarm`). */
  message: Record<string, unknown>;
  /** The API as configured: log groups that should exist, routes, region, account. */
  api: BundleApi;
  /** Functions known to be behind the API (integrations and authorizers). */
  functions: readonly string[];
  window: TimeWindow;
  /** `triage`: targeted reads for the failing requests; `record`: every event of every group. */
  mode: 'triage' | 'record';
  /** Failing requests followed in full; more are counted and sampled. */
  maxFailingRequests: number;
  /** Epoch ms by which reading must stop (the Lambda's remaining time minus the time to post). */
  deadline?: number;
  now?: () => number;
  logs: LogReader;
  lambda: FunctionInspector;
  /** Reads in flight at once (FilterLogEvents is 5 TPS per account and Region, shared). */
  concurrency?: number;
  /** Events kept per group in record mode and per skeleton read. */
  eventCap?: number;
  progress?: (message: string) => void;
}

export interface CollectResult {
  incident: IncidentData;
  calls: { logs: number; lambda: number };
  /**
   * Log groups a read of which failed or was skipped for lack of time (not those that do not exist):
   * the incident says nothing about them, which is not the same as them being empty or absent.
   */
  unread: string[];
}

/**
 * Reads from AWS (or a bundle) what the engine needs for one alarm, into incident data: the same
 * shape as a bundle, so live triage and replay run one engine and `record` writes what it read.
 * Every failure to read becomes a gap in words, never an exception: the alert must still go out.
 */
export async function collectIncident(request: CollectRequest): Promise<CollectResult> {
  const collector = new Collector(request);
  return collector.run();
}

class Collector {
  private readonly logGroups: Record<string, LogEvent[]> = {};
  private readonly seen = new Map<string, Set<string>>();
  private readonly gaps: string[] = [];
  private readonly functions: Record<string, FunctionFacts> = {};
  private readonly lookups: Record<string, FunctionLookupFailure> = {};
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly calls = { logs: 0, lambda: 0 };
  private readonly unread = new Set<string>();
  private sampling: IncidentData['sampling'];
  private readonly request: CollectRequest;

  constructor(request: CollectRequest) {
    this.request = request;
    this.limit = pLimit(request.concurrency ?? 3);
  }

  async run(): Promise<CollectResult> {
    const { api, mode } = this.request;
    if (mode === 'record') await this.recordEverything();
    else await this.readTargeted();
    for (const events of Object.values(this.logGroups)) events.sort((a, b) => a.timestamp - b.timestamp);
    const incident: IncidentData = {
      alarm: this.request.message,
      api,
      logGroups: this.logGroups,
      functions: this.functions,
    };
    if (this.gaps.length > 0) incident.collectionGaps = this.gaps;
    if (Object.keys(this.lookups).length > 0) incident.functionLookups = this.lookups;
    if (this.sampling) incident.sampling = this.sampling;
    if (this.unread.size > 0) incident.unreadLogGroups = [...this.unread];
    return { incident, calls: this.calls, unread: [...this.unread] };
  }

  private async recordEverything(): Promise<void> {
    const { api } = this.request;
    const cap = this.request.eventCap ?? 200_000;
    const gatewayGroups = [api.executionLogGroup, api.accessLogGroup].filter((g): g is string => Boolean(g));
    await Promise.all(gatewayGroups.map((group) => this.read(group, undefined, cap)));
    const names = new Set([...this.request.functions, ...this.functionsSeenInGatewayLogs()]);
    await this.lookUpFunctions([...names]);
    await Promise.all([...names].map((name) => this.read(this.functionLogGroup(name), undefined, cap)));
  }

  private async readTargeted(): Promise<void> {
    const { api, maxFailingRequests } = this.request;
    const executionGroup = api.executionLogGroup;
    const accessGroup = api.accessLogGroup;
    let failingIds: string[] = [];

    if (executionGroup) {
      this.progress(`reading failing requests from ${executionGroup}`);
      const lines = await this.read(executionGroup, GATEWAY_FAILURE_PATTERN);
      if (lines) {
        const all = idsByFirstSeen(lines);
        failingIds = sample(all, maxFailingRequests);
        if (failingIds.length < all.length) this.sampling = { seen: all.length, kept: failingIds.length };
        if (failingIds.length > 0) {
          this.progress(`reading the ${failingIds.length} failing requests in full`);
          await this.readTerms(executionGroup, failingIds);
        }
      }
    }
    if (accessGroup) {
      if (failingIds.length > 0) {
        await this.readTerms(accessGroup, failingIds);
      } else {
        this.progress(`reading 5xx records from ${accessGroup}`);
        const records = await this.read(accessGroup, ACCESS_5XX_PATTERN);
        // A format that names the status field otherwise: read the window and let the engine pick.
        if (records && records.length === 0)
          await this.read(accessGroup, undefined, this.request.eventCap ?? 50_000);
      }
    }

    const requests = this.failingRequests();
    const names = new Set([...this.request.functions, ...this.functionsSeenInGatewayLogs()]);
    await this.lookUpFunctions([...names]);

    const idsByFunction = new Map<string, Set<string>>();
    for (const failing of requests) {
      const name = integrationFunction(failing, api.routes ?? []) ?? failing.authorizer?.functionName;
      if (!name) continue;
      names.add(name);
      const ids = idsByFunction.get(name) ?? new Set<string>();
      if (failing.lambdaRequestId) ids.add(failing.lambdaRequestId);
      else ids.add(failing.requestId); // the function's own lines may mention the gateway id
      idsByFunction.set(name, ids);
    }
    const toRead =
      requests.length > 0
        ? [...names].filter((name) => idsByFunction.has(name) || isAuthorizer(name, requests))
        : [...names];
    await Promise.all(
      toRead.map(async (name) => {
        const group = this.functionLogGroup(name);
        this.progress(`reading ${group}`);
        const skeleton = await this.read(group, FUNCTION_SKELETON_PATTERN, this.request.eventCap ?? 20_000);
        const ids = idsByFunction.get(name);
        if (skeleton && ids && ids.size > 0) await this.readTerms(group, [...ids]);
      }),
    );
  }

  private failingRequests(): GatewayRequest[] {
    const { api } = this.request;
    const execution = api.executionLogGroup ? this.logGroups[api.executionLogGroup] : undefined;
    const access = api.accessLogGroup ? this.logGroups[api.accessLogGroup] : undefined;
    const fromExecution = execution
      ? readExecutionLog(api.executionLogGroup ?? '', execution, api.routes ?? []).failing
      : [];
    const fromAccess = access ? readAccessLog(api.accessLogGroup ?? '', access).failing : [];
    return mergeAccessRecords(fromExecution, fromAccess);
  }

  /** Functions the gateway invoked, by the ARNs in the lines read so far (integrations and authorizers). */
  private functionsSeenInGatewayLogs(): string[] {
    const group = this.request.api.executionLogGroup;
    const events = group ? (this.logGroups[group] ?? []) : [];
    const names = new Set<string>();
    for (const event of events) {
      const match = /\/functions\/arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:([\w-]+)/.exec(event.message);
      if (match?.[1]) names.add(match[1]);
    }
    return [...names];
  }

  private functionLogGroup(name: string): string {
    return this.functions[name]?.configuration.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`;
  }

  private async lookUpFunctions(names: string[]): Promise<void> {
    const { lambda } = this.request;
    await Promise.all(
      names
        .filter((name) => !(name in this.functions) && !(name in this.lookups))
        .map((name) =>
          this.limit(async () => {
            const signal = this.signal();
            const [configuration, policy, concurrency] = await Promise.all([
              lambda.getConfiguration(name, signal),
              lambda.getPolicy(name, signal),
              lambda.getReservedConcurrency(name, signal),
            ]);
            this.calls.lambda += 3;
            if (configuration.status !== 'found') {
              this.lookups[name] = configuration.status;
              if (configuration.status === 'access-denied' || configuration.status === 'error') {
                this.gaps.push(`Could not read the configuration of ${name}: ${configuration.message}.`);
              }
              return;
            }
            const facts: FunctionFacts = {
              configuration: configuration.value,
              policy: null,
              reservedConcurrency: null,
            };
            if (policy.status === 'found') facts.policy = policy.value;
            else if (policy.status !== 'not-found') {
              facts.policy = undefined;
              this.gaps.push(`Could not read the resource policy of ${name}: ${policy.message}.`);
            }
            if (concurrency.status === 'found') facts.reservedConcurrency = concurrency.value;
            else if (concurrency.status !== 'not-found') {
              facts.reservedConcurrency = undefined;
              this.gaps.push(`Could not read the reserved concurrency of ${name}: ${concurrency.message}.`);
            }
            this.functions[name] = facts;
          }),
        ),
    );
  }

  /** Reads the lines that mention any of the terms, packed into as few ≤1024-character patterns as fit. */
  private async readTerms(group: string, terms: string[]): Promise<void> {
    await Promise.all(anyTermPattern(terms).map((pattern) => this.read(group, pattern)));
  }

  /** One read into the group's events; undefined when the group does not exist or cannot be read. */
  private async read(group: string, filterPattern?: string, limit?: number): Promise<LogEvent[] | undefined> {
    return this.limit(async () => {
      if (this.timeLeft() <= 0) {
        this.unread.add(group);
        this.gap(`Ran out of time before reading ${group}${filterPattern ? ' (targeted read)' : ''}.`);
        return undefined;
      }
      try {
        const result = await this.request.logs.readEvents({
          logGroup: group,
          startTime: this.request.window.start,
          endTime: this.request.window.end,
          filterPattern,
          limit,
          signal: this.signal(),
        });
        this.calls.logs += result.calls;
        if (result.truncated) this.gap(`Only the first ${limit} events of ${group} were read (cap).`);
        this.merge(group, result.events);
        return result.events;
      } catch (error) {
        if (error instanceof LogGroupNotFoundError) return undefined;
        this.unread.add(group);
        if (error instanceof AccessDeniedError) {
          this.gap(`Access denied reading ${group}: the triage role needs logs:FilterLogEvents on it.`);
        } else if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError') {
          this.gap(`Ran out of time while reading ${group}.`);
        } else {
          this.gap(`Could not read ${group}: ${(error as Error).message}.`);
        }
        return undefined;
      }
    });
  }

  private merge(group: string, events: LogEvent[]): void {
    const target = this.logGroups[group] ?? [];
    this.logGroups[group] = target;
    const keys = this.seen.get(group) ?? new Set<string>();
    this.seen.set(group, keys);
    for (const event of events) {
      const key = `${event.timestamp}|${event.logStreamName}|${event.message}`;
      if (keys.has(key)) continue;
      keys.add(key);
      target.push({ timestamp: event.timestamp, logStreamName: event.logStreamName, message: event.message });
    }
  }

  private gap(text: string): void {
    if (!this.gaps.includes(text)) this.gaps.push(text);
  }

  private progress(message: string): void {
    this.request.progress?.(message);
  }

  private timeLeft(): number {
    const { deadline, now = Date.now } = this.request;
    return deadline === undefined ? Number.POSITIVE_INFINITY : deadline - now();
  }

  private signal(): AbortSignal | undefined {
    const left = this.timeLeft();
    return Number.isFinite(left) ? AbortSignal.timeout(Math.max(1, left)) : undefined;
  }
}

/** Gateway ids of failure lines, earliest first. */
function idsByFirstSeen(lines: readonly LogEvent[]): string[] {
  const first = new Map<string, number>();
  for (const line of lines) {
    if (line.message.charCodeAt(0) !== 40) continue;
    const close = line.message.indexOf(') ', 1);
    if (close < 2 || close > 80) continue;
    const id = line.message.slice(1, close);
    const known = first.get(id);
    if (known === undefined || line.timestamp < known) first.set(id, line.timestamp);
  }
  return [...first.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

/** At most `max` ids spread evenly over the incident (the first, the last and between). */
function sample(ids: readonly string[], max: number): string[] {
  if (ids.length <= max) return [...ids];
  const step = ids.length / max;
  return Array.from({ length: max }, (_, i) => ids[Math.floor(i * step)] as string);
}

function isAuthorizer(name: string, requests: readonly GatewayRequest[]): boolean {
  return requests.some((request) => request.authorizer?.functionName === name);
}
