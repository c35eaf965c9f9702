import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createAlarmTopic } from './alarm-topic.ts';

export interface TriageWatchdogProps {
  readonly triageFunction: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
  /** Key for the watchdog topic; its policy must let CloudWatch alarms named `${alarmNamePrefix}-…` use it. */
  readonly encryptionKey: kms.IKey;
  readonly alarmNamePrefix: string;
  /** @default none */
  readonly emails?: readonly string[];
  /** An existing topic (pager, chat bridge) the alarms also notify. @default none */
  readonly existingTopicArn?: string;
}

/**
 * Who watches the watcher: alarms on the triage function and its dead-letter queue that reach people
 * through their own topic, never through the triage function (which is what they report on).
 */
export class TriageWatchdog extends Construct {
  readonly topic: sns.Topic;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly throttlesAlarm: cloudwatch.Alarm;
  readonly destinationFailuresAlarm: cloudwatch.Alarm;
  readonly deadLettersAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: TriageWatchdogProps) {
    super(scope, id);
    const prefix = `${props.alarmNamePrefix}-watchdog`;
    this.topic = createAlarmTopic(this, 'Topic', {
      key: props.encryptionKey,
      alarmNamePrefix: props.alarmNamePrefix,
      displayName: 'gateway-triage watchdog',
    });
    const emails = props.emails ?? [];
    for (const email of emails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    if (emails.length === 0 && props.existingTopicArn === undefined) {
      Annotations.of(this).addWarningV2(
        'gateway-triage:watchdog-unsubscribed',
        'The watchdog topic has no subscriber: set watchdog.emails or watchdog.topicArn in the config, ' +
          'or subscribe to the WatchdogTopicArn output yourself.',
      );
    }
    const actions: cloudwatch.IAlarmAction[] = [new SnsAction(this.topic)];
    if (props.existingTopicArn !== undefined) {
      actions.push(new SnsAction(sns.Topic.fromTopicArn(this, 'ExistingTopic', props.existingTopicArn)));
    }

    const fiveMinutes = Duration.minutes(5);
    const fn = props.triageFunction;
    // Every error, throttle or lost failure record means an alert may not have reached Slack.
    const anyOf = (metric: cloudwatch.Metric, name: string, what: string) =>
      metric.createAlarm(this, name, {
        alarmName: `${prefix}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
        alarmDescription: `gateway-triage watchdog: ${what}. Alerts may be missing from Slack; read the triage function's logs.`,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        // A function that is not invoked publishes nothing, which is fine.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.errorsAlarm = anyOf(
      fn.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      'TriageErrors',
      'the triage function failed (error, timeout or crash)',
    );
    this.throttlesAlarm = anyOf(
      fn.metricThrottles({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      'TriageThrottles',
      'the triage function was throttled',
    );
    this.destinationFailuresAlarm = anyOf(
      fn.metric('DestinationDeliveryFailures', { period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      'TriageDestinationFailures',
      'a failed triage could not even be recorded in the dead-letter queue',
    );
    this.deadLettersAlarm = props.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, 'DeadLetters', {
        alarmName: `${prefix}-dead-letters`,
        alarmDescription:
          'gateway-triage watchdog: alarm notifications are waiting in the dead-letter queue, so their Slack ' +
          'messages were never posted. Read them, fix the cause, then purge the queue.',
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        // SQS may stop publishing for an idle queue; keep the last state rather than call it empty.
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      });
    for (const alarm of [
      this.errorsAlarm,
      this.throttlesAlarm,
      this.destinationFailuresAlarm,
      this.deadLettersAlarm,
    ]) {
      alarm.addAlarmAction(...actions);
      alarm.addOkAction(...actions);
    }
  }
}
