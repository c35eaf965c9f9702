import type { FunctionFacts } from '../../domain/bundle.ts';
import type { IncidentData } from '../../domain/incident.ts';
import { LocalServiceError } from './errors.ts';
import type { LocalContext, ServiceWire } from './wire.ts';

/**
 * Lambda control plane (restJson1) over the incident's `functions`:
 * GET /2015-03-31/functions/{name}/configuration, …/policy and GET /2019-09-30/functions/{name}/concurrency.
 * `{name}` may be a name, a partial or a full ARN, with or without a qualifier.
 */
export interface RestService extends ServiceWire {
  name: string;
  route(
    method: string,
    pathname: string,
  ): { operation: string; params: Record<string, unknown>; run: () => unknown } | undefined;
}

const ROUTES: { operation: string; path: RegExp }[] = [
  { operation: 'GetFunctionConfiguration', path: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/ },
  { operation: 'GetPolicy', path: /^\/2015-03-31\/functions\/([^/]+)\/policy\/?$/ },
  { operation: 'GetFunctionConcurrency', path: /^\/2019-09-30\/functions\/([^/]+)\/concurrency\/?$/ },
];

export function lambdaService(
  incident: Pick<IncidentData, 'functions' | 'functionLookups'>,
  ctx: LocalContext,
): RestService {
  const functionArn = (name: string) => `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`;

  const factsOf = (name: string): FunctionFacts => {
    const facts = Object.hasOwn(incident.functions, name) ? incident.functions[name] : undefined;
    if (facts) return facts;
    const failure = incident.functionLookups?.[name];
    if (failure === 'access-denied') {
      throw new LocalServiceError(
        403,
        'AccessDeniedException',
        `User: arn:aws:sts::${ctx.accountId}:assumed-role/triage/triage is not authorized to perform: lambda:GetFunctionConfiguration on resource: ${functionArn(name)}`,
      );
    }
    if (failure === 'error')
      throw new LocalServiceError(500, 'ServiceException', 'An internal error occurred.');
    throw new LocalServiceError(404, 'ResourceNotFoundException', `Function not found: ${functionArn(name)}`);
  };

  const run: Record<string, (name: string) => unknown> = {
    GetFunctionConfiguration: (name) => factsOf(name).configuration,
    GetPolicy: (name) => {
      const facts = factsOf(name);
      if (typeof facts.policy !== 'string') {
        throw new LocalServiceError(
          404,
          'ResourceNotFoundException',
          'The resource you requested does not exist.',
        );
      }
      const revision = facts.configuration.RevisionId;
      return { Policy: facts.policy, RevisionId: typeof revision === 'string' ? revision : 'local-revision' };
    },
    GetFunctionConcurrency: (name) => {
      const reserved = factsOf(name).reservedConcurrency;
      return typeof reserved === 'number' ? { ReservedConcurrentExecutions: reserved } : {};
    },
  };

  return {
    name: 'lambda',
    protocol: 'restJson1',
    faultError: (fault, operation) => {
      if (fault.kind === 'throttle') {
        return new LocalServiceError(429, 'TooManyRequestsException', 'Rate exceeded', {
          extra: { Reason: 'CallerRateLimitExceeded' },
          headers:
            fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
        });
      }
      if (fault.kind === 'server-error') {
        return new LocalServiceError(fault.status ?? 500, 'ServiceException', 'An internal error occurred.');
      }
      return new LocalServiceError(
        403,
        'AccessDeniedException',
        `User: arn:aws:sts::${ctx.accountId}:assumed-role/triage/triage is not authorized to perform: lambda:${operation}`,
      );
    },
    route(method, pathname) {
      if (method !== 'GET') return undefined;
      for (const { operation, path } of ROUTES) {
        const match = path.exec(pathname);
        const handler = run[operation];
        if (!match?.[1] || !handler) continue;
        const requested = safeDecode(match[1]);
        const name = functionNameOf(requested);
        return { operation, params: { FunctionName: requested }, run: () => handler(name) };
      }
      return undefined;
    },
  };
}

/** `orders-get`, `orders-get:live`, `123456789012:function:orders-get`, or the full ARN → `orders-get`. */
export function functionNameOf(identifier: string): string {
  const fromArn = /(?:^|:)function:([^:]+)/.exec(identifier);
  if (fromArn?.[1]) return fromArn[1];
  return identifier.split(':')[0] ?? identifier;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
