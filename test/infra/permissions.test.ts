import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SynthLimitError } from '../../infra/lib/errors.ts';
import { WILDCARD_REASONS } from '../../infra/lib/triage-permissions.ts';
import {
  agnosticArn as ARN,
  asList,
  exampleStack,
  flat,
  type Json,
  minimalConfig,
  synthStack,
} from './helpers.ts';

const { stack, template, only: onlyResource, queueId, tableId, fn, roleId, role } = exampleStack();

/** Every statement of the triage role's policies, with resources flattened to strings. */
function roleStatements(): Array<{ Sid: string; actions: string[]; resources: string[]; statement: Json }> {
  const policies = (role.Policies ?? []) as Json[];
  return policies.flatMap((policy) =>
    ((policy.PolicyDocument as Json).Statement as Json[]).map((statement) => ({
      Sid: String(statement.Sid),
      actions: asList(statement.Action).map(String),
      resources: asList(statement.Resource).map(flat),
      statement,
    })),
  );
}

function statement(sid: string) {
  const found = roleStatements().find((s) => s.Sid === sid);
  if (found === undefined) throw new Error(`no statement ${sid}`);
  return found;
}

describe('the triage role', () => {
  it('is the function role, assumed by Lambda only, with no managed or extra policies', () => {
    expect(fn.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).toBe(
      JSON.stringify({
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
        ],
        Version: '2012-10-17',
      }),
    );
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  it('may call exactly what the triage calls', () => {
    expect(
      roleStatements()
        .flatMap((s) => s.actions)
        .sort(),
    ).toEqual([
      'cloudwatch:DescribeAlarms',
      'cloudwatch:GetMetricWidgetImage',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'lambda:GetFunctionConcurrency',
      'lambda:GetFunctionConfiguration',
      'lambda:GetPolicy',
      'logs:CreateLogStream',
      'logs:FilterLogEvents',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'sqs:SendMessage',
    ]);
    expect(roleStatements().every((s) => s.statement.Effect === 'Allow')).toBe(true);
  });

  it('reads only the configured APIs’ execution and access logs and the functions’ log groups', () => {
    expect(statement('ReadGatewayAndFunctionLogs').resources.sort()).toEqual(
      [
        'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
        '/aws/apigateway/orders/prod',
        '/aws/lambda/orders-get',
        '/aws/lambda/orders-create',
        '/orders/authorizer',
        '/aws/apigateway/reports/default',
        '/aws/lambda/reports-export',
        '/aws/lambda/reports-list',
      ]
        .map((name) => ARN('logs', `log-group:${name}:*`))
        .sort(),
    );
  });

  it('inspects only the configured functions, their versions and aliases', () => {
    const names = ['orders-get', 'orders-create', 'orders-authorizer', 'reports-export', 'reports-list'];
    expect(statement('InspectFunctions').resources.sort()).toEqual(
      names
        .flatMap((name) => [ARN('lambda', `function:${name}`), ARN('lambda', `function:${name}:*`)])
        .sort(),
    );
  });

  it('describes only the stack’s API alarms', () => {
    expect(statement('DescribeOwnAlarms').resources.sort()).toEqual(
      [
        'alarm:gateway-triage-orders-prod-5xx-critical',
        'alarm:gateway-triage-orders-prod-5xx-warning',
        'alarm:gateway-triage-reports-default-5xx-critical',
      ].map((resource) => ARN('cloudwatch', resource)),
    );
  });

  it('reads one secret, writes one table, one queue and its own log group', () => {
    expect(statement('ReadSlackToken').resources).toEqual([
      ARN('secretsmanager', 'secret:gateway-triage/slack-bot-token-??????'),
    ]);
    expect(statement('KeepIdempotencyAndThreadState').resources).toEqual([`<${tableId}.Arn>`]);
    expect(statement('SendToDeadLetterQueue').resources).toEqual([`<${queueId}.Arn>`]);
    const [logGroupId] = onlyResource('AWS::Logs::LogGroup');
    expect(statement('WriteOwnLogs').resources).toEqual([`<${logGroupId}.Arn>`]);
  });

  it('has no wildcard resource beyond the three explained kinds, each acknowledged with its reason', () => {
    const acknowledged = new Map<string, string>();
    for (const entry of stack.node.findChild('GatewayTriage').node.findChild('TriageRole').node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        acknowledged.set(id.replace(/^annotation::/i, ''), String(reason));
      }
    }
    const expectedReason: Record<string, string> = {
      ReadGatewayAndFunctionLogs: WILDCARD_REASONS.logGroups,
      InspectFunctions: WILDCARD_REASONS.functionQualifiers,
      RenderAlarmGraph: WILDCARD_REASONS.metricWidgetImage,
    };
    let wildcards = 0;
    for (const s of roleStatements()) {
      for (const resource of s.resources.filter((r) => r.includes('*'))) {
        wildcards += 1;
        const allowed =
          resource === '*'
            ? s.actions.every((a) => a === 'cloudwatch:GetMetricWidgetImage')
            : /:log-group:[^*]+:\*$/.test(resource) || /:function:[^:*]+:\*$/.test(resource);
        expect(allowed, `${s.Sid} ${resource}`).toBe(true);
        expect(acknowledged.get(`AwsSolutions-IAM5[Resource::${resource}]`)).toBe(expectedReason[s.Sid]);
      }
    }
    expect(wildcards).toBe(8 + 5 + 1);
  });

  it('may decrypt a customer-managed secret key only through Secrets Manager', () => {
    const config = minimalConfig();
    const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    config.slack = { defaultChannel: '#api-alerts', tokenSecretKmsKeyArn: keyArn };
    synthStack(config, {
      env: { account: '111122223333', region: 'eu-west-1' },
    }).template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Sid: 'DecryptSlackToken',
                Action: 'kms:Decrypt',
                Resource: keyArn,
                Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
              }),
            ]),
          },
        },
      ],
    });
  });
});

describe('limits AWS enforces at deploy time', () => {
  it('fails the synth when TRIAGE_CONFIG would break Lambda’s 4 KB environment', () => {
    const config = minimalConfig();
    const [first] = config.apis;
    if (first === undefined) throw new Error('minimal config has an API');
    first.functions = ['orders-get'];
    first.routes = Array.from({ length: 60 }, (_, i) => ({
      method: 'GET' as const,
      resource: `/orders/{id}/items/${i}`,
      functionName: 'orders-get',
    }));

    expect(() => synthStack(config)).toThrow(SynthLimitError);
    expect(() => synthStack(config)).toThrow(/Lambda allows 4096 for all variables together/);
  });

  it('fails the synth when the IAM policy would exceed a role’s 10,240 characters', () => {
    const config = minimalConfig();
    const [first] = config.apis;
    if (first === undefined) throw new Error('minimal config has an API');
    first.functions = Array.from(
      { length: 40 },
      (_, i) => `orders-service-function-with-a-long-descriptive-name-${i}`,
    );

    expect(() => synthStack(config)).toThrow(/IAM allows 10240 per role/);
  });
});
