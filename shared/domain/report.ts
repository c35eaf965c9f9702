import type { RootCause } from './root-cause.ts';

/**
 * The triage report: what `replay --format json` prints and what the Slack message renders.
 * The fields of the contract (incident-bundle.md, "Triage report") are the stable part;
 * the others are additions other tools may read but should not rely on yet.
 */
export interface TriageReport {
  /** Report format version. */
  reportVersion: 1;
  alarm: ReportAlarm;
  api: ReportApi;
  window: { start: string; end: string };
  rootCause: ReportRootCause;
  /** Every cause seen, largest share first. */
  causes: CauseGroup[];
  affected: Affected;
  links: ReportLink[];
  /** What the triage could not see and how to turn it on. */
  gaps: string[];
  /** Functions whose configuration changed shortly before the failures started. */
  deploys: DeployNotice[];
  /** How the failing requests were joined to evidence. */
  correlation: CorrelationCoverage;
}

export interface ReportAlarm {
  name: string;
  state: string;
  previousState?: string;
  reason: string;
  changedAt: string;
  link: string;
  arn?: string;
  description?: string;
  /** e.g. "5XXError Sum >= 5 over 1 × 60 s" */
  condition?: string;
}

export interface ReportApi {
  kind: 'REST' | 'HTTP';
  id?: string;
  name?: string;
  stage: string;
  region: string;
  accountId?: string;
}

export interface ReportRootCause {
  category: RootCause;
  /** 0..1 */
  confidence: number;
  /** One sentence a person reads first. */
  summary: string;
  /** The status the clients saw, when known. */
  statusCode?: number;
  /** When one function is to blame. */
  functionName?: string;
}

export interface Evidence {
  logGroup: string;
  logStreamName: string;
  timestamp: number;
  requestId: string;
  message: string;
}

export interface CauseGroup {
  category: RootCause;
  requests: number;
  /** requests / all failing requests, 0..1 */
  share: number;
  evidence: Evidence[];
  /** Concrete steps with the real values. */
  remediation: string[];
  functionName?: string;
  statusCodes?: number[];
  routes?: RouteCount[];
  /** 0..1: how strongly the signs support this category for these requests. */
  confidence?: number;
}

export interface RouteCount {
  method: string;
  resource: string;
  count: number;
}

export interface Affected {
  requests: number;
  routes: RouteCount[];
  functions: string[];
}

export interface ReportLink {
  label: string;
  url: string;
}

export interface DeployNotice {
  functionName: string;
  lastModified: string;
  /** Minutes between LastModified and the first failing request (negative: after). */
  minutesBeforeFirstFailure: number;
}

export interface CorrelationCoverage {
  /** Failing requests found in the gateway logs (execution or access). */
  failingRequests: number;
  /** Joined to a function invocation by the Lambda request id. */
  joinedByRequestId: number;
  /** Joined by a weaker sign (gateway id in the function's own lines, or time). */
  joinedByWeakerEvidence: number;
  /** Failing requests whose function evidence could not be found. */
  notJoined: number;
  /** Where the failing requests came from. */
  source: 'execution-logs' | 'access-logs' | 'both' | 'function-logs-only' | 'none';
  /** When the collector kept only a sample of a huge incident. */
  sampled?: { seen: number; kept: number };
}
