import { isObject, tryParseJson } from './json.ts';

/** The statements of a Lambda resource policy that let API Gateway invoke the function. */
export interface InvokeGrant {
  sid?: string;
  /** ArnLike/ArnEquals SourceArn patterns; empty: any source. */
  sourceArns: string[];
  resource?: string;
}

export type PolicyRead =
  | { kind: 'none' }
  | { kind: 'unreadable' }
  | { kind: 'policy'; grants: InvokeGrant[] };

/** Reads GetPolicy's Policy string; grants are Allow statements for apigateway.amazonaws.com. */
export function readInvokeGrants(policy: string | null | undefined): PolicyRead {
  if (policy === null || policy === undefined) return { kind: 'none' };
  const parsed = tryParseJson(policy);
  if (!parsed.ok || !isObject(parsed.value)) return { kind: 'unreadable' };
  const statements = asArray(parsed.value.Statement);
  const grants: InvokeGrant[] = [];
  for (const statement of statements) {
    if (!isObject(statement) || statement.Effect !== 'Allow') continue;
    if (!principalIsApiGateway(statement.Principal)) continue;
    const actions = asArray(statement.Action).filter((a): a is string => typeof a === 'string');
    if (!actions.some((action) => /^lambda:(InvokeFunction|\*)$|^\*$/.test(action))) continue;
    grants.push({
      sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
      sourceArns: sourceArnConditions(statement.Condition),
      resource: typeof statement.Resource === 'string' ? statement.Resource : undefined,
    });
  }
  return { kind: 'policy', grants };
}

function principalIsApiGateway(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isObject(principal)) return false;
  return asArray(principal.Service).includes('apigateway.amazonaws.com');
}

function sourceArnConditions(condition: unknown): string[] {
  if (!isObject(condition)) return [];
  const arns: string[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!/^Arn(Like|Equals)$|^String(Like|Equals)$/.test(operator) || !isObject(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      if (key.toLowerCase() !== 'aws:sourcearn') continue;
      for (const arn of asArray(value)) if (typeof arn === 'string') arns.push(arn);
    }
  }
  return arns;
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
}

/**
 * IAM ArnLike: `*` any run of characters, `?` one character, everything else literal. A linear
 * wildcard walk rather than a regex: `.*` repeated per `*` backtracks exponentially on long ARNs.
 */
export function arnLike(pattern: string, arn: string): boolean {
  let p = 0;
  let a = 0;
  let star = -1;
  let resume = 0;
  while (a < arn.length) {
    const char = pattern[p];
    if (char === '*') {
      star = p++;
      resume = a;
    } else if (char !== undefined && (char === '?' || char === arn[a])) {
      p++;
      a++;
    } else if (star >= 0) {
      // Let the last `*` take one more character and retry from there.
      p = star + 1;
      a = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The grant that lets this source ARN invoke, if any. */
export function grantFor(grants: readonly InvokeGrant[], sourceArn: string): InvokeGrant | undefined {
  return grants.find(
    (grant) =>
      grant.sourceArns.length === 0 || grant.sourceArns.some((pattern) => arnLike(pattern, sourceArn)),
  );
}
