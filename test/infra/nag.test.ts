import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config/load.ts';
import { GatewayTriageStack } from '../../infra/lib/GatewayTriageStack.ts';
import { acknowledgeWildcardResources } from '../../infra/lib/policy-checks.ts';
import { triagePolicyStatements, triageReadTargets } from '../../infra/lib/triage-permissions.ts';
import { exampleConfig, minimalConfig, newApp } from './helpers.ts';

function violations(stack: Stack): string[] {
  const report = new AwsSolutionsChecks().validateScope(stack);
  return report.violations.map(
    (violation) => `${violation.ruleName} at ${violation.violatingResources[0]?.constructPath}`,
  );
}

/** Every acknowledgement in the tree, as id → reason. */
function acknowledgements(stack: Stack): Map<string, string> {
  const found = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        // aws-cdk-lib records ids with an "Annotation::" prefix ("annotation::" before 2.262.1).
        found.set(id.replace(/^annotation::/i, ''), String(reason));
      }
    }
  }
  return found;
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the example stack, env-agnostic or in a concrete account', () => {
    const app = newApp();
    const agnostic = new GatewayTriageStack(app, 'Agnostic', { config: exampleConfig() });
    const concrete = new GatewayTriageStack(app, 'Concrete', {
      config: exampleConfig(),
      env: { account: '111122223333', region: 'eu-west-1' },
    });

    expect(violations(agnostic)).toEqual([]);
    expect(violations(concrete)).toEqual([]);
  });

  it('finds nothing with every optional feature on', () => {
    const config = minimalConfig();
    config.slack = {
      defaultChannel: '#api-alerts',
      tokenSecretKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    };
    config.watchdog = { emails: ['a@example.com'], topicArn: 'arn:aws:sns:us-east-1:111122223333:pager' };

    expect(violations(new GatewayTriageStack(newApp(), 'AllOn', { config }))).toEqual([]);
  });

  it('gives every acknowledgement a written reason', () => {
    const stack = new GatewayTriageStack(newApp(), 'Reasons', { config: exampleConfig() });
    const acks = acknowledgements(stack);

    expect(acks.size).toBeGreaterThan(0);
    for (const [id, reason] of acks) expect(reason.length, id).toBeGreaterThan(40);
  });

  it('acknowledges exactly the wildcard findings cdk-nag reports on the triage policy', () => {
    const config = parseConfig(exampleConfig());
    const build = (acknowledge: boolean): Stack => {
      const stack = new Stack(newApp(), 'Policy');
      const statements = triagePolicyStatements(stack, {
        targets: triageReadTargets(config),
        alarmNames: ['gateway-triage-orders-prod-5xx-critical'],
        ownLogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:triage:*',
        stateTableArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/state',
        deadLetterQueueArn: 'arn:aws:sqs:us-east-1:111122223333:dlq',
        slackTokenSecretName: config.slack.tokenSecretName,
      });
      const role = new iam.Role(stack, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        inlinePolicies: {
          Triage: new iam.PolicyDocument({ statements: statements.map((s) => s.statement) }),
        },
      });
      if (acknowledge) acknowledgeWildcardResources(role, statements);
      return stack;
    };

    const reported = violations(build(false)).map((violation) => violation.split(' at ')[0]);
    const acknowledged = [...acknowledgements(build(true)).keys()];

    // Without acknowledgements cdk-nag does report them (the check is not vacuous)…
    expect(reported.length).toBe(1 + 8 + 5 + 1);
    // …and the acknowledgements spell each finding exactly as cdk-nag does.
    expect(acknowledged.sort()).toEqual(reported.sort());
    expect(violations(build(true))).toEqual([]);
  });
});
