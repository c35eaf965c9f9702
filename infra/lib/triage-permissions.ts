import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { executionLogGroupName } from '../../shared/config/runtime-config.ts';
import { type GatewayTriageConfig, hasExecutionLogging } from '../config/schema.ts';

/** The log groups and functions the triage may read, from the config alone. */
export interface TriageReadTargets {
  readonly logGroupNames: readonly string[];
  readonly functionNames: readonly string[];
}

export function triageReadTargets(config: GatewayTriageConfig): TriageReadTargets {
  const logGroups = new Set<string>();
  const functions = new Set<string>();
  for (const api of config.apis) {
    for (const stage of api.stages) {
      if (hasExecutionLogging(api)) logGroups.add(executionLogGroupName(api.id, stage));
      const accessLogGroup = api.accessLogGroups[stage];
      if (accessLogGroup !== undefined) logGroups.add(accessLogGroup);
    }
    for (const fn of api.functions) {
      functions.add(fn.name);
      logGroups.add(fn.logGroup ?? `/aws/lambda/${fn.name}`);
    }
  }
  return { logGroupNames: [...logGroups], functionNames: [...functions] };
}

/** A statement and, where AWS allows nothing narrower than a wildcard, the written reason. */
export interface ExplainedStatement {
  readonly statement: iam.PolicyStatement;
  readonly wildcardReason?: string;
}

export interface TriagePolicyProps {
  readonly targets: TriageReadTargets;
  readonly alarmNames: readonly string[];
  readonly ownLogGroupArn: string;
  readonly stateTableArn: string;
  readonly deadLetterQueueArn: string;
  readonly slackTokenSecretName: string;
  readonly slackTokenSecretKmsKeyArn?: string;
}

export const WILDCARD_REASONS = {
  ownLogStreams:
    'A log group ARN ends in ":*" (its streams): the function writes its own log streams, whose names Lambda ' +
    'generates, in the one log group this stack creates for it.',
  logGroups:
    'CloudWatch Logs authorises FilterLogEvents on the log group ARN in its "log-group:NAME:*" form (the ARN ' +
    "DescribeLogGroups returns); the trailing * covers that one group's streams, never another group. " +
    'Every group is named in the config.',
  functionQualifiers:
    'function:NAME:* covers the versions and aliases of one configured function (API Gateway often invokes ' +
    'function:NAME:live); it matches no other function. The actions are read-only.',
  metricWidgetImage:
    'cloudwatch:GetMetricWidgetImage has no resource type in IAM (the Service Authorization Reference lists ' +
    'none), so AWS accepts only "*". It renders a PNG of metrics for the Slack message and reads nothing else.',
} as const;

/** Everything the triage function calls, each scoped to the configured resources. */
export function triagePolicyStatements(scope: IConstruct, props: TriagePolicyProps): ExplainedStatement[] {
  const stack = Stack.of(scope);
  const arn = (service: string, resource: string, resourceName: string) =>
    stack.formatArn({ service, resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

  const statements: ExplainedStatement[] = [
    {
      // The group's Arn attribute already ends in ":*", which is what stream writes are authorised on.
      statement: new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [props.ownLogGroupArn],
      }),
      wildcardReason: WILDCARD_REASONS.ownLogStreams,
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'ReadGatewayAndFunctionLogs',
        actions: ['logs:FilterLogEvents'],
        resources: props.targets.logGroupNames.map((name) => arn('logs', 'log-group', `${name}:*`)),
      }),
      wildcardReason: WILDCARD_REASONS.logGroups,
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'DescribeOwnAlarms',
        actions: ['cloudwatch:DescribeAlarms'],
        resources: props.alarmNames.map((name) => arn('cloudwatch', 'alarm', name)),
      }),
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'RenderAlarmGraph',
        actions: ['cloudwatch:GetMetricWidgetImage'],
        resources: ['*'],
      }),
      wildcardReason: WILDCARD_REASONS.metricWidgetImage,
    },
    {
      // Secrets Manager appends "-" and six random characters to the name; "?" matches exactly one.
      statement: new iam.PolicyStatement({
        sid: 'ReadSlackToken',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [arn('secretsmanager', 'secret', `${props.slackTokenSecretName}-??????`)],
      }),
    },
    {
      // Powertools idempotency (conditional put, update, delete on failure) and Slack thread references.
      statement: new iam.PolicyStatement({
        sid: 'KeepIdempotencyAndThreadState',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.stateTableArn],
      }),
    },
    {
      // The handler parks what it cannot post; Lambda's on-failure destination also sends as this role.
      statement: new iam.PolicyStatement({
        sid: 'SendToDeadLetterQueue',
        actions: ['sqs:SendMessage'],
        resources: [props.deadLetterQueueArn],
      }),
    },
  ];
  if (props.targets.functionNames.length > 0) {
    statements.push({
      statement: new iam.PolicyStatement({
        sid: 'InspectFunctions',
        actions: ['lambda:GetFunctionConfiguration', 'lambda:GetPolicy', 'lambda:GetFunctionConcurrency'],
        resources: props.targets.functionNames.flatMap((name) => [
          arn('lambda', 'function', name),
          arn('lambda', 'function', `${name}:*`),
        ]),
      }),
      wildcardReason: WILDCARD_REASONS.functionQualifiers,
    });
  }
  if (props.slackTokenSecretKmsKeyArn !== undefined) {
    statements.push({
      statement: new iam.PolicyStatement({
        sid: 'DecryptSlackToken',
        actions: ['kms:Decrypt'],
        resources: [props.slackTokenSecretKmsKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }),
    });
  }
  return statements;
}
