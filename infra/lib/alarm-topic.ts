import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * Confused-deputy guard for the CloudWatch service principal: only alarms of this account and Region
 * whose names start with the prefix. AWS honours both keys for CloudWatch → SNS and CloudWatch → KMS.
 */
export function cloudWatchAlarmConditions(
  scope: Construct,
  alarmNamePrefix: string,
): Record<string, unknown> {
  const stack = Stack.of(scope);
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: `${alarmNamePrefix}-*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  };
}

/**
 * The key that encrypts both topics. CloudWatch publishes to an encrypted topic only if the key
 * policy lets it generate data keys (AWS managed `aws/sns` keys cannot, hence a customer key).
 */
export function createAlarmTopicKey(scope: Construct, id: string, alarmNamePrefix: string): kms.Key {
  const key = new kms.Key(scope, id, {
    description: 'gateway-triage: encrypts the alarm and watchdog SNS topics',
    enableKeyRotation: true,
    // Nothing outlives the topics it encrypts: messages are delivered within seconds.
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      // In a key policy "*" means this key.
      resources: ['*'],
      conditions: cloudWatchAlarmConditions(scope, alarmNamePrefix),
    }),
  );
  return key;
}

export interface AlarmTopicProps {
  readonly key: kms.IKey;
  readonly alarmNamePrefix: string;
  readonly displayName: string;
}

/** An SNS topic only this account's CloudWatch alarms may publish to, over TLS, encrypted. */
export function createAlarmTopic(scope: Construct, id: string, props: AlarmTopicProps): sns.Topic {
  const topic = new sns.Topic(scope, id, {
    displayName: props.displayName,
    masterKey: props.key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: cloudWatchAlarmConditions(scope, props.alarmNamePrefix),
    }),
  );
  return topic;
}
