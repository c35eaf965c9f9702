import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseConfig } from '../config/load.ts';
import type { GatewayTriageConfig, GatewayTriageConfigInput } from '../config/schema.ts';
import { type AlarmPlan, planAlarms } from './alarm-plan.ts';
import { createAlarmTopic, createAlarmTopicKey } from './alarm-topic.ts';
import { createApiAlarm } from './api-alarms.ts';
import { acknowledgeWildcardResources, assertInlinePolicyFits } from './policy-checks.ts';
import { TriageWatchdog } from './TriageWatchdog.ts';
import {
  buildTriageEnvironment,
  buildTriageRuntimeConfig,
  serialiseRuntimeConfig,
} from './triage-environment.ts';
import { triagePolicyStatements, triageReadTargets } from './triage-permissions.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the handler and the lockfile live; resolved from this file so synth works from any cwd. */
export const DEFAULT_HANDLER_SOURCE = {
  entry: fileURLToPath(new URL('../../functions/triage/handler.ts', import.meta.url)),
  projectRoot: REPOSITORY_ROOT,
  depsLockFilePath: fileURLToPath(new URL('../../package-lock.json', import.meta.url)),
} as const;

export interface GatewayTriageProps {
  /** The config (parsed file or literal); validated again here, so errors name the field. */
  readonly config: GatewayTriageConfigInput;
  /** The handler's source. @default this repository's `functions/triage/handler.ts` */
  readonly handlerSource?: {
    readonly entry: string;
    readonly projectRoot: string;
    readonly depsLockFilePath: string;
  };
}

/** One API alarm with what it watches. */
export interface ApiAlarm {
  readonly plan: AlarmPlan;
  readonly alarm: cloudwatch.Alarm;
}

/**
 * Everything the triage needs, for the APIs in the config: 5XX alarms → encrypted SNS topic → the
 * triage function (least privilege, JSON logs) with its state table, dead-letter queue and watchdog.
 * Drop it into any stack; `GatewayTriageStack` is the standalone form.
 *
 * Async invocations from SNS are retried twice by Lambda; what still fails lands in the dead-letter
 * queue (both as the SNS subscription's DLQ and as the function's on-failure destination), and the
 * watchdog tells people about it without going through the triage function.
 */
export class GatewayTriage extends Construct {
  readonly config: GatewayTriageConfig;
  readonly encryptionKey: kms.Key;
  readonly alarmTopic: sns.Topic;
  readonly apiAlarms: readonly ApiAlarm[];
  readonly stateTable: dynamodb.Table;
  readonly deadLetterQueue: sqs.Queue;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly triageFunction: nodejs.NodejsFunction;
  readonly watchdog: TriageWatchdog;

  constructor(scope: Construct, id: string, props: GatewayTriageProps) {
    super(scope, id);
    const config = parseConfig(props.config);
    this.config = config;
    const prefix = config.alarmNamePrefix;

    this.encryptionKey = createAlarmTopicKey(this, 'TopicKey', prefix);
    this.alarmTopic = createAlarmTopic(this, 'AlarmTopic', {
      key: this.encryptionKey,
      alarmNamePrefix: prefix,
      displayName: 'gateway-triage API 5XX alarms',
    });
    this.apiAlarms = planAlarms(config).map((plan) => ({
      plan,
      alarm: createApiAlarm(this, plan, this.alarmTopic),
    }));

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue: of the SNS subscription (RedrivePolicy) and of the ' +
        "triage function's asynchronous invocations (on-failure destination). A queue behind it would only move the problem.",
    });

    this.stateTable = new dynamodb.Table(this, 'StateTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Only idempotency keys and Slack thread references with a TTL of days: nothing to keep.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.logGroup = new logs.LogGroup(this, 'TriageLogGroup', {
      // RetentionDays' values are the day counts themselves; the schema allows only those.
      retention: config.triageFunction.logRetentionDays as logs.RetentionDays,
    });

    const statements = triagePolicyStatements(this, {
      targets: triageReadTargets(config),
      alarmNames: this.apiAlarms.map(({ plan }) => plan.alarmName),
      ownLogGroupArn: this.logGroup.logGroupArn,
      stateTableArn: this.stateTable.tableArn,
      deadLetterQueueArn: this.deadLetterQueue.queueArn,
      slackTokenSecretName: config.slack.tokenSecretName,
      ...(config.slack.tokenSecretKmsKeyArn === undefined
        ? {}
        : { slackTokenSecretKmsKeyArn: config.slack.tokenSecretKmsKeyArn }),
    });
    assertInlinePolicyFits(this, statements);
    this.role = new iam.Role(this, 'TriageRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'gateway-triage: reads the logs and functions of the configured APIs, posts to Slack',
      inlinePolicies: {
        Triage: new iam.PolicyDocument({ statements: statements.map(({ statement }) => statement) }),
      },
    });
    acknowledgeWildcardResources(this.role, statements);

    const environment = buildTriageEnvironment({
      triageConfig: serialiseRuntimeConfig(buildTriageRuntimeConfig(config)),
      slackTokenSecretId: config.slack.tokenSecretName,
      stateTableName: this.stateTable.tableName,
      deadLetterQueueUrl: this.deadLetterQueue.queueUrl,
    });
    const source = props.handlerSource ?? DEFAULT_HANDLER_SOURCE;
    this.triageFunction = new nodejs.NodejsFunction(this, 'TriageFunction', {
      description: 'gateway-triage: explains API Gateway 5XX alarms in Slack',
      entry: source.entry,
      handler: 'handler',
      projectRoot: source.projectRoot,
      depsLockFilePath: source.depsLockFilePath,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: config.triageFunction.memoryMiB,
      timeout: Duration.seconds(config.triageFunction.timeoutSeconds),
      // Every permission is in the inline policy above; grants made by CDK helpers must not add more.
      role: this.role.withoutPolicyUpdates(),
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      environment,
      // SDK v3 reuses connections by itself; the flag would only add a variable outside the contract.
      awsSdkConnectionReuse: false,
      retryAttempts: 2,
      // An explanation that arrives an hour late is history, not triage; the DLQ keeps the alarm.
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.deadLetterQueue),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Bundled CommonJS dependencies (the AWS SDK) call require(); ESM has none without this.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        externalModules: [],
        minify: true,
        keepNames: true,
        sourceMap: false,
        forceDockerBundling: false,
      },
    });

    this.alarmTopic.addSubscription(
      new subscriptions.LambdaSubscription(this.triageFunction, { deadLetterQueue: this.deadLetterQueue }),
    );

    this.watchdog = new TriageWatchdog(this, 'Watchdog', {
      triageFunction: this.triageFunction,
      deadLetterQueue: this.deadLetterQueue,
      encryptionKey: this.encryptionKey,
      alarmNamePrefix: prefix,
      emails: config.watchdog.emails,
      ...(config.watchdog.topicArn === undefined ? {} : { existingTopicArn: config.watchdog.topicArn }),
    });
  }
}
