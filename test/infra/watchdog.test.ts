import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { exampleStack, minimalConfig, properties, resourcesOfType, synthStack } from './helpers.ts';

const { stack, template, watchdogTopicId, queueId, functionId } = exampleStack();

describe('the watchdog', () => {
  const watchdogAlarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm')
    .map(([, resource]) => properties(resource))
    .filter((props) => String(props.AlarmName).includes('-watchdog-'));
  const byName = new Map(watchdogAlarms.map((props) => [String(props.AlarmName), props]));

  it('alarms on triage errors, throttles, lost failure records and dead letters', () => {
    expect([...byName.keys()].sort()).toEqual([
      'gateway-triage-watchdog-dead-letters',
      'gateway-triage-watchdog-triage-destination-failures',
      'gateway-triage-watchdog-triage-errors',
      'gateway-triage-watchdog-triage-throttles',
    ]);
    const functionDimension = [{ Name: 'FunctionName', Value: { Ref: functionId } }];
    for (const [name, metric] of [
      ['gateway-triage-watchdog-triage-errors', 'Errors'],
      ['gateway-triage-watchdog-triage-throttles', 'Throttles'],
      ['gateway-triage-watchdog-triage-destination-failures', 'DestinationDeliveryFailures'],
    ] as const) {
      expect(byName.get(name)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: functionDimension,
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
    expect(byName.get('gateway-triage-watchdog-dead-letters')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'ignore',
    });
  });

  it('notifies its own topic, which reaches people and not the triage function', () => {
    for (const alarm of watchdogAlarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: watchdogTopicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: watchdogTopicId }]);
    }
    const subscriptions = resourcesOfType(template, 'AWS::SNS::Subscription').map(([, r]) => properties(r));
    expect(subscriptions.filter((s) => JSON.stringify(s.TopicArn).includes(watchdogTopicId))).toEqual([
      { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: watchdogTopicId } },
    ]);
  });

  it('also notifies an existing topic when one is configured', () => {
    const config = minimalConfig();
    const pager = 'arn:aws:sns:us-east-1:111122223333:pager';
    config.watchdog = { topicArn: pager };
    const alarms = resourcesOfType(synthStack(config).template, 'AWS::CloudWatch::Alarm')
      .map(([, r]) => properties(r))
      .filter((p) => String(p.AlarmName).includes('-watchdog-'));
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms)
      expect(alarm.AlarmActions).toEqual([expect.objectContaining({ Ref: expect.any(String) }), pager]);
  });

  it('warns at synth when nobody would hear it', () => {
    const quiet = synthStack(minimalConfig()).stack;
    Annotations.fromStack(quiet).hasWarning('*', Match.stringLikeRegexp('watchdog topic has no subscriber'));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('no subscriber'))).toEqual(
      [],
    );
  });
});
