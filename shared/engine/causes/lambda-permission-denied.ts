import { RootCause } from '../../domain/root-cause.ts';
import { grantFor, type InvokeGrant, readInvokeGrants } from '../../parse/resource-policy.ts';
import { shellQuote } from '../format.ts';
import { functionLabel, regionFlag } from '../group-facts.ts';
import type { GatewayRequest } from '../model.ts';
import { evidenceOf, gatewayLine, gatewaySays } from '../signals.ts';
import type { CauseContext, CauseRule } from './cause-rule.ts';

/** "Invalid permissions on Lambda function": the function's resource policy does not let this API invoke it. */
export const lambdaPermissionDenied: CauseRule = {
  category: RootCause.LAMBDA_PERMISSION_DENIED,

  detect(failure) {
    if (!gatewaySays(failure.request, /Invalid permissions on Lambda function/i)) return undefined;
    const grants = readInvokeGrants(failure.facts?.policy);
    const sourceArn = failure.request?.sourceArn;
    // The policy confirms it when it grants nothing to this caller.
    const confirmed =
      grants.kind === 'none' ||
      (grants.kind === 'policy' && sourceArn !== undefined && !grantFor(grants.grants, sourceArn));
    return { strength: confirmed ? 0.98 : 0.93, evidence: evidenceOf(gatewayLine(failure)) };
  },

  describe(group) {
    return `API Gateway is not allowed to invoke ${functionLabel(group)} (its resource policy does not grant this API)`;
  },

  remediate(group, context) {
    const request = group.failures[0]?.request;
    const facts = context.functionFacts(group.functionName);
    const sourceArn = expectedSourceArn(request, context);
    const anyStage = sourceArn.replace(/^(arn:[^:]+:execute-api:[^:]+:[^:]+:[^/]+)\/[^/]+\//, '$1/*/');
    const grants = readInvokeGrants(facts?.policy);
    const steps: string[] = [];
    if (grants.kind === 'none') {
      steps.push(`${functionLabel(group)} has no resource policy at all, so no API may invoke it.`);
    } else if (grants.kind === 'policy') {
      const allowed = grants.grants.flatMap((grant) =>
        grant.sourceArns.map((arn) => `\`${arn}\`${grant.sid ? ` (Sid ${grant.sid})` : ''}`),
      );
      const matching = grantFor(grants.grants, sourceArn);
      if (matching) {
        steps.push(
          `The resource policy already allows \`${sourceArn}\`${matching.sid ? ` (Sid ${matching.sid})` : ''}: check whether the integration uses a credentials role that lacks lambda:InvokeFunction, or invokes an alias/version whose own policy lacks the grant.`,
        );
      } else {
        steps.push(
          `The gateway calls with source ARN \`${sourceArn}\`, but the policy only allows ${allowed.length > 0 ? allowed.join(', ') : 'other callers'}${staleApiHint(grants.grants, context)}.`,
        );
      }
    }
    const name = group.functionName ?? 'FUNCTION';
    const qualifier = request?.integration?.qualifier;
    const statementId =
      `apigateway-${context.api.id ?? 'api'}-${(request?.httpMethod ?? 'any').toLowerCase()}-${(request?.resource ?? 'root').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'root'}`.slice(
        0,
        100,
      );
    steps.push(
      `Grant it: \`aws lambda add-permission --function-name ${shellQuote(name)}${qualifier ? ` --qualifier ${shellQuote(qualifier)}` : ''} --statement-id ${shellQuote(statementId)} --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn ${shellQuote(anyStage)} ${regionFlag(context.api.region)}\` (or, better, add the same permission in the stack that owns the API so the next re-create keeps it).`,
    );
    if (
      grants.kind === 'policy' &&
      grants.grants.some((grant) =>
        grant.sourceArns.some((arn) => context.api.id && !arn.includes(context.api.id)),
      )
    ) {
      const stale = grants.grants.find((grant) =>
        grant.sourceArns.some((arn) => context.api.id && !arn.includes(context.api.id)),
      );
      if (stale?.sid) {
        steps.push(
          `Then remove the grant for the old API: \`aws lambda remove-permission --function-name ${shellQuote(name)} --statement-id ${shellQuote(stale.sid)} ${regionFlag(context.api.region)}\`.`,
        );
      }
    }
    return steps;
  },
};

/** The source ARN the gateway invokes with: logged in the request headers, else built from the route. */
function expectedSourceArn(request: GatewayRequest | undefined, context: CauseContext): string {
  if (request?.sourceArn) return request.sourceArn;
  const { region, accountId, id, stage } = context.api;
  const method = request?.httpMethod ?? '*';
  const resource = request?.resource ?? '/*';
  return `arn:aws:execute-api:${region}:${accountId ?? '*'}:${id ?? '*'}/${stage}/${method}${resource.startsWith('/') ? resource : `/${resource}`}`;
}

function staleApiHint(grants: readonly InvokeGrant[], context: CauseContext): string {
  const id = context.api.id;
  if (!id) return '';
  const otherIds = new Set(
    grants.flatMap((grant) =>
      grant.sourceArns
        .map((arn) => /:execute-api:[^:]*:[^:]*:([^/]+)\//.exec(arn)?.[1])
        .filter((x): x is string => Boolean(x) && x !== id && x !== '*'),
    ),
  );
  return otherIds.size > 0
    ? ` — API id ${[...otherIds].join(', ')}, not this API's ${id} (was the API re-created?)`
    : '';
}
