import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncidentData } from '../../domain/incident.ts';
import type { PageCut } from '../../logs/pagination.ts';
import { cloudWatchService } from './cloudwatch-service.ts';
import { LocalServiceError } from './errors.ts';
import { type Fault, FaultBook, type FaultKind } from './faults.ts';
import { lambdaService } from './lambda-service.ts';
import { logsService } from './logs-service.ts';
import { type SentMessage, secretsManagerService, sqsService } from './misc-services.ts';
import {
  errorReply,
  type JsonRpcService,
  jsonReply,
  type LocalContext,
  parseJsonBody,
  type Reply,
  type ServiceWire,
  unknownOperation,
} from './wire.ts';

/**
 * One HTTP server on 127.0.0.1 that answers the real SDK v3 clients (pointed at it with `endpoint`
 * or `AWS_ENDPOINT_URL`) for CloudWatch Logs, Lambda, CloudWatch, Secrets Manager and SQS, from an
 * incident's data, with scriptable throttling, 5xx, denials and latency. Requests are routed by
 * `X-Amz-Target` (JSON protocols) or by path (Lambda's restJson1); signatures are not checked.
 */

export interface LocalAwsOptions {
  incident: Pick<IncidentData, 'alarm' | 'api' | 'logGroups' | 'functions' | 'functionLookups'>;
  faults?: Record<string, Fault | Fault[]>;
  /** Added to every answer, ms. */
  latencyMs?: number;
  /** Secrets Manager: secret name → SecretString. */
  secrets?: Record<string, string>;
  /** FilterLogEvents paging; defaults to AWS's 10,000 events / 1 MB and no scan slicing. */
  logsPaging?: Partial<PageCut>;
}

export interface RecordedCall {
  service: string;
  operation: string;
  params: Record<string, unknown>;
  /** Epoch ms when the request arrived. */
  startedAt: number;
  durationMs: number;
  /** HTTP status answered; 0 when the client went away first. */
  status: number;
  fault?: FaultKind;
  aborted?: boolean;
}

export interface LocalAws {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  region: string;
  /** Every request answered (or abandoned), in arrival order. */
  calls: RecordedCall[];
  /** Messages SQS SendMessage received. */
  sentMessages: SentMessage[];
  /** A queue URL on this endpoint (the SQS client sends to the QueueUrl's host). */
  queueUrl(name: string): string;
  scriptFault(operation: string, fault: Fault): void;
  /** Drops the scripted faults not yet used. */
  clearFaults(): void;
  /** Latency for one operation, or `*` for all. */
  setLatency(operation: string, ms: number): void;
  /** Calls of one operation (attempts included). */
  callsOf(operation: string): RecordedCall[];
  close(): Promise<void>;
}

export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const { incident } = options;
  const calls: RecordedCall[] = [];
  const sentMessages: SentMessage[] = [];
  const faults = new FaultBook(options.faults, options.latencyMs);
  const timers = new Set<NodeJS.Timeout>();
  const ctx: LocalContext = {
    endpoint: '',
    region: incident.api.region ?? 'us-east-1',
    accountId: incident.api.accountId ?? '123456789012',
  };
  const jsonServices = new Map<string, JsonRpcService>();
  const lambda = lambdaService(incident, ctx);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: String(error) }));
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const started = performance.now();
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const target = req.headers['x-amz-target'];
    let call: {
      service: string;
      wire: ServiceWire;
      operation: string;
      params: Record<string, unknown>;
      run: () => unknown;
    };
    if (typeof target === 'string') {
      const [prefix = '', operation = ''] = target.split('.');
      const service = jsonServices.get(prefix);
      const handler = service?.operations[operation];
      if (!service || !handler) return send(res, unknownOperation(target));
      let params: Record<string, unknown>;
      try {
        params = parseJsonBody(body);
      } catch (error) {
        return send(res, errorReply(service, asServiceError(error)));
      }
      call = { service: service.name, wire: service, operation, params, run: () => handler(params) };
    } else {
      const route = lambda.route(req.method ?? 'GET', url.pathname);
      if (!route) return send(res, unknownOperation(`${req.method} ${url.pathname}`));
      call = { service: lambda.name, wire: lambda, ...route };
    }

    const fault = faults.take(call.operation);
    const delay = faults.latency(call.operation) + (fault?.kind === 'slow' ? fault.ms : 0);
    const record = (status: number, aborted: boolean) =>
      calls.push({
        service: call.service,
        operation: call.operation,
        params: call.params,
        startedAt,
        durationMs: performance.now() - started,
        status,
        ...(fault ? { fault: fault.kind } : {}),
        ...(aborted ? { aborted } : {}),
      });
    if (delay > 0 && !(await wait(delay, res))) {
      record(0, true);
      return;
    }
    let reply: Reply;
    if (fault && fault.kind !== 'slow') {
      reply = errorReply(call.wire, call.wire.faultError(fault, call.operation));
    } else {
      try {
        reply = jsonReply(call.wire, call.run());
      } catch (error) {
        reply = errorReply(call.wire, asServiceError(error));
      }
    }
    send(res, reply);
    record(reply.status, false);
  }

  /** Resolves false when the client hung up before the delay ended (an aborted SDK call). */
  function wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const onClose = () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.off('close', onClose);
        resolve(!res.destroyed);
      }, ms);
      timers.add(timer);
      res.once('close', onClose);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ctx.endpoint = `http://127.0.0.1:${port}`;
  for (const service of [
    logsService(incident, ctx, options.logsPaging),
    cloudWatchService(incident, ctx),
    secretsManagerService(options.secrets ?? {}, ctx),
    sqsService(sentMessages, ctx),
  ]) {
    jsonServices.set(service.targetPrefix, service);
  }

  return {
    endpoint: ctx.endpoint,
    region: ctx.region,
    calls,
    sentMessages,
    queueUrl: (name) => `${ctx.endpoint}/${ctx.accountId}/${name}`,
    scriptFault: (operation, fault) => faults.script(operation, fault),
    clearFaults: () => faults.clear(),
    setLatency: (operation, ms) => faults.setLatency(operation, ms),
    callsOf: (operation) => calls.filter((call) => call.operation === operation),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function asServiceError(error: unknown): LocalServiceError {
  if (error instanceof LocalServiceError) return error;
  return new LocalServiceError(
    500,
    'InternalFailure',
    error instanceof Error ? error.message : String(error),
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  res.end(body);
}
