import { describe, expect, it } from 'vitest';
import {
  type AlarmFacts,
  describeAlarmCondition,
  parseAlarm,
  parseAlarmArn,
} from '../../shared/parse/alarm.ts';
import { readAlarmNotifications } from '../../shared/parse/alarm-notification.ts';
import { parseAwsTimestamp } from '../../shared/parse/json.ts';

/** Messages from ../shared/research/aws-facts.md §1 (verbatim), and API alarms in the same shape. */

const RDS_MESSAGE = {
  AlarmName:
    'SharedInfra-Alpha-Database-DatabaseInstanceObservabilityHighDatabaseConnectionsAlarm5CD1334F-FetIEoRn5hgP',
  AlarmDescription: null,
  AWSAccountId: '975050211138',
  AlarmConfigurationUpdatedTimestamp: '2024-07-05T15:19:31.960+0000',
  NewStateValue: 'ALARM',
  NewStateReason:
    'Threshold Crossed: 1 datapoint [8.0 (05/07/24 15:19:00)] was greater than or equal to the threshold (5.0).',
  StateChangeTime: '2024-07-05T15:20:44.959+0000',
  Region: 'EU (Milan)',
  AlarmArn:
    'arn:aws:cloudwatch:eu-south-1:975050211138:alarm:SharedInfra-Alpha-Database-DatabaseInstanceObservabilityHighDatabaseConnectionsAlarm5CD1334F-FetIEoRn5hgP',
  OldStateValue: 'OK',
  OKActions: [],
  AlarmActions: ['arn:aws:sns:eu-south-1:975050211138:condense-alarms-topic'],
  InsufficientDataActions: [],
  Trigger: {
    MetricName: 'DatabaseConnections',
    Namespace: 'AWS/RDS',
    StatisticType: 'Statistic',
    Statistic: 'AVERAGE',
    Unit: null,
    Dimensions: [
      {
        value: 'sharedinfra-alpha-databas-databaseinstance24d16791-o3f70cahozc6',
        name: 'DBInstanceIdentifier',
      },
    ],
    Period: 60,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 5.0,
    TreatMissingData: '',
    EvaluateLowSampleCountPercentile: '',
  },
};

function restAlarm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AlarmName: 'orders-prod-5xx',
    AlarmDescription: 'Orders API answers 5xx',
    AWSAccountId: '123456789012',
    NewStateValue: 'ALARM',
    NewStateReason:
      'Threshold Crossed: 1 out of the last 1 datapoints [12.0 (10/11/21 02:40:00)] was greater than or equal to the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).',
    StateChangeTime: '2021-11-10T02:41:05.640+0000',
    Region: 'US East (N. Virginia)',
    AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-5xx',
    OldStateValue: 'OK',
    Trigger: {
      MetricName: '5XXError',
      Namespace: 'AWS/ApiGateway',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [
        { value: 'orders', name: 'ApiName' },
        { value: 'prod', name: 'Stage' },
      ],
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 5.0,
      TreatMissingData: '- TreatMissingData:                    notBreaching',
      EvaluateLowSampleCountPercentile: '',
    },
    ...overrides,
  };
}

describe('parseAlarm: single-metric alarms', () => {
  it('reads the verbatim RDS capture, region from the ARN, and warns that it is not an API alarm', () => {
    const facts = parseAlarm(RDS_MESSAGE);
    expect(facts).toMatchObject({
      name: RDS_MESSAGE.AlarmName,
      arn: RDS_MESSAGE.AlarmArn,
      region: 'eu-south-1',
      accountId: '975050211138',
      state: 'ALARM',
      previousState: 'OK',
      reason: RDS_MESSAGE.NewStateReason,
      changedAt: Date.UTC(2024, 6, 5, 15, 20, 44, 959),
      kind: 'metric',
      metric: {
        namespace: 'AWS/RDS',
        name: 'DatabaseConnections',
        statistic: 'AVERAGE',
        dimensions: {
          DBInstanceIdentifier: 'sharedinfra-alpha-databas-databaseinstance24d16791-o3f70cahozc6',
        },
      },
      period: 60,
      evaluationPeriods: 1,
      threshold: 5,
      comparison: 'GreaterThanOrEqualToThreshold',
    });
    expect(facts.description).toBeUndefined();
    expect(facts.treatMissingData).toBeUndefined();
    expect(facts.warnings).toEqual([
      'the alarm watches AWS/RDS, not AWS/ApiGateway',
      'the alarm has neither an ApiName nor an ApiId dimension',
    ]);
  });

  it('reads a REST 5XXError alarm: ApiName + Stage, padded TreatMissingData, +0000 time', () => {
    const facts = parseAlarm(restAlarm());
    expect(facts.api).toEqual({ kind: 'REST', apiName: 'orders', apiId: undefined, stage: 'prod' });
    expect(facts.treatMissingData).toBe('notBreaching');
    expect(facts.changedAt).toBe(Date.UTC(2021, 10, 10, 2, 41, 5, 640));
    expect(facts.datapointsToAlarm).toBe(2);
    expect(facts.description).toBe('Orders API answers 5xx');
    expect(facts.warnings).toEqual([]);
    expect(describeAlarmCondition(facts)).toBe('5XXError Sum >= 5 in 2 of 3 × 60 s');
  });

  it.each(['missing', 'ignore', 'breaching'])('strips the padding of TreatMissingData %s', (value) => {
    const message = restAlarm();
    (message.Trigger as Record<string, unknown>).TreatMissingData =
      `- TreatMissingData:                    ${value}`;
    expect(parseAlarm(message).treatMissingData).toBe(value);
  });

  it('reads an HTTP API 5xx alarm: ApiId + Stage, upper-case Name/Value dimensions', () => {
    const message = restAlarm({
      Trigger: {
        MetricName: '5xx',
        Namespace: 'AWS/ApiGateway',
        Statistic: 'Average',
        Dimensions: [
          { Name: 'ApiId', Value: 'a1b2c3d4e5' },
          { Name: 'Stage', Value: '$default' },
        ],
        Period: 300,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0.05,
      },
    });
    const facts = parseAlarm(message);
    expect(facts.api).toEqual({ kind: 'HTTP', apiName: undefined, apiId: 'a1b2c3d4e5', stage: '$default' });
    expect(facts.threshold).toBe(0.05);
    expect(describeAlarmCondition(facts)).toBe('5xx Average > 0.05 in 1 of 1 × 300 s');
    expect(facts.warnings).toEqual([]);
  });

  it('reads OK and INSUFFICIENT_DATA transitions', () => {
    const ok = parseAlarm(
      restAlarm({
        NewStateValue: 'OK',
        OldStateValue: 'ALARM',
        NewStateReason:
          'Threshold Crossed: 1 datapoint [0.0 (10/11/21 03:10:00)] was not greater than or equal to the threshold (5.0).',
      }),
    );
    expect(ok.state).toBe('OK');
    expect(ok.previousState).toBe('ALARM');
    const insufficient = parseAlarm(
      restAlarm({ NewStateValue: 'INSUFFICIENT_DATA', OldStateValue: 'INSUFFICIENT_DATA' }),
    );
    expect(insufficient.state).toBe('INSUFFICIENT_DATA');
    expect(insufficient.previousState).toBe('INSUFFICIENT_DATA');
  });

  it.each([
    ['EU (Milan)', 'eu-south-1'],
    ['EU (Ireland)', 'eu-west-1'],
    ['US East (Ohio)', 'us-east-2'],
    ['EU (London)', 'eu-west-2'],
    ['Asia Pacific (Tokyo)', 'ap-northeast-1'],
    ['Europe (Frankfurt)', 'eu-central-1'],
    ['EU - Ireland', 'eu-west-1'],
  ])('takes the region from the display name %s when the ARN is missing', (display, code) => {
    const message = restAlarm({ Region: display });
    delete message.AlarmArn;
    expect(parseAlarm(message).region).toBe(code);
  });

  it('prefers the ARN over the display name', () => {
    expect(parseAlarm(restAlarm({ Region: 'EU (Ireland)' })).region).toBe('us-east-1');
  });

  it('takes the name from the ARN when AlarmName is missing, and says so', () => {
    const message = restAlarm();
    delete message.AlarmName;
    const facts = parseAlarm(message);
    expect(facts.name).toBe('orders-prod-5xx');
    expect(facts.warnings).toContain('AlarmName is missing');
  });
});

describe('parseAlarm: metric math and anomaly detection', () => {
  it('reads the verbatim metric-math fixture', () => {
    const facts = parseAlarm(
      restAlarm({
        Trigger: {
          Period: 60,
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0.0,
          TreatMissingData: '- TreatMissingData:                    missing',
          EvaluateLowSampleCountPercentile: '',
          Metrics: [
            { Expression: 'm1*1', Id: 'e1', Label: 'Expression1', ReturnData: true },
            {
              Id: 'm1',
              MetricStat: {
                Metric: {
                  Dimensions: [{ value: 'TestInstance', name: 'InstanceId' }],
                  MetricName: 'NetworkOut',
                  Namespace: 'AWS/EC2',
                },
                Period: 60,
                Stat: 'Average',
              },
              ReturnData: false,
            },
          ],
        },
      }),
    );
    expect(facts.kind).toBe('metric-math');
    expect(facts.expression).toBe('m1*1');
    expect(facts.metric).toEqual({
      namespace: 'AWS/EC2',
      name: 'NetworkOut',
      statistic: 'Average',
      dimensions: { InstanceId: 'TestInstance' },
    });
    expect(facts.treatMissingData).toBe('missing');
    expect(facts.warnings).toContain('the alarm watches AWS/EC2, not AWS/ApiGateway');
  });

  it('reads an error-rate alarm: picks the 5XX metric for the API, keeps the expression', () => {
    const apiMetric = (id: string, name: string, stat: string) => ({
      Id: id,
      MetricStat: {
        Metric: {
          Dimensions: [
            { value: 'prod', name: 'Stage' },
            { value: 'orders', name: 'ApiName' },
          ],
          MetricName: name,
          Namespace: 'AWS/ApiGateway',
        },
        Period: 60,
        Stat: stat,
      },
      ReturnData: false,
    });
    const facts = parseAlarm(
      restAlarm({
        Trigger: {
          Period: 60,
          EvaluationPeriods: 5,
          DatapointsToAlarm: 3,
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 5,
          Metrics: [
            apiMetric('requests', 'Count', 'SampleCount'),
            apiMetric('errors', '5XXError', 'Sum'),
            {
              Expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
              Id: 'rate',
              Label: 'error rate',
              ReturnData: true,
            },
          ],
        },
      }),
    );
    expect(facts.kind).toBe('metric-math');
    expect(facts.expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    expect(facts.metric.name).toBe('5XXError');
    expect(facts.api).toEqual({ kind: 'REST', apiName: 'orders', apiId: undefined, stage: 'prod' });
    expect(facts.warnings).toEqual([]);
    expect(describeAlarmCondition(facts)).toBe(
      'IF(requests >= 20, 100 * errors / requests, 0) > 5 in 3 of 5 × 60 s',
    );
  });

  it('reads an anomaly-detection band alarm', () => {
    const facts = parseAlarm(
      restAlarm({
        Trigger: {
          Period: 300,
          EvaluationPeriods: 2,
          ComparisonOperator: 'GreaterThanUpperThreshold',
          ThresholdMetricId: 'ad1',
          Metrics: [
            {
              Id: 'm1',
              MetricStat: {
                Metric: {
                  Dimensions: [
                    { value: 'x9y8z7w6v5', name: 'ApiId' },
                    { value: 'prod', name: 'Stage' },
                  ],
                  MetricName: '5xx',
                  Namespace: 'AWS/ApiGateway',
                },
                Period: 300,
                Stat: 'Sum',
              },
              ReturnData: true,
            },
            {
              Expression: 'ANOMALY_DETECTION_BAND(m1, 2)',
              Id: 'ad1',
              Label: '5xx (expected)',
              ReturnData: true,
            },
          ],
        },
      }),
    );
    expect(facts.kind).toBe('anomaly-detection');
    expect(facts.threshold).toBeUndefined();
    expect(facts.api).toMatchObject({ kind: 'HTTP', apiId: 'x9y8z7w6v5', stage: 'prod' });
    expect(describeAlarmCondition(facts)).toBe(
      'ANOMALY_DETECTION_BAND(m1, 2) > upper band the band in 2 of 2 × 300 s',
    );
  });

  it('warns when no metric of the math alarm names an API', () => {
    const facts = parseAlarm(
      restAlarm({ Trigger: { Period: 60, Metrics: [{ Expression: 'SUM(METRICS())', Id: 'e1' }] } }),
    );
    expect(facts.warnings).toContain('no metric in the metric-math alarm names an API');
  });
});

describe('parseAlarm: composite alarms and missing fields', () => {
  it('reads the verbatim composite capture', () => {
    const facts = parseAlarm({
      AlarmName: 'if-sim-app_427809481713_us-east-1-test_node_monitor',
      AlarmDescription: '',
      AWSAccountId: '427809481713',
      NewStateValue: 'ALARM',
      NewStateReason:
        'arn:aws:cloudwatch:us-east-1:427809481713:alarm:…metric_emitting_node_failure transitioned to ALARM at Wednesday 10 November, 2021 02:45:55 UTC',
      StateChangeTime: '2021-11-10T02:45:55.640+0000',
      Region: 'US East (N. Virginia)',
      AlarmArn:
        'arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-test_node_monitor',
      OldStateValue: 'OK',
      AlarmRule:
        'ALARM(arn:…:alarm:…metric_emitting_node_failure) OR ALARM(arn:…:alarm:…metric_emitting_long_execution)',
      TriggeringChildren: [
        {
          Arn: 'arn:aws:cloudwatch:us-east-1:427809481713:alarm:…metric_emitting_node_failure',
          State: { Value: 'ALARM', Timestamp: '2021-11-10T02:45:55.640+0000' },
        },
      ],
    });
    expect(facts.kind).toBe('composite');
    expect(facts.region).toBe('us-east-1');
    expect(facts.description).toBeUndefined();
    expect(facts.changedAt).toBe(Date.UTC(2021, 10, 10, 2, 45, 55, 640));
    expect(facts.warnings).toEqual([]);
    expect(describeAlarmCondition(facts)).toBeUndefined();
  });

  it('turns every missing field into a warning, never a throw', () => {
    const facts = parseAlarm({});
    expect(facts).toMatchObject({ name: 'unknown alarm', state: 'UNKNOWN', reason: '', kind: 'unknown' });
    expect(facts.changedAt).toBeUndefined();
    expect(facts.warnings).toEqual([
      'AlarmName is missing',
      'StateChangeTime is missing or not a date (absent)',
      'the alarm has no Trigger (not a metric alarm)',
    ]);
  });

  it('warns about a StateChangeTime that is not a date', () => {
    expect(parseAlarm(restAlarm({ StateChangeTime: 'yesterday' })).warnings).toContain(
      'StateChangeTime is missing or not a date (yesterday)',
    );
  });

  it.each([null, 'ALARM', 42, ['x'], undefined])('reads %j as an alarm with warnings', (value) => {
    const facts: AlarmFacts = parseAlarm(value);
    expect(facts.warnings[0]).toBe('the alarm message is not a JSON object');
    expect(facts.name).toBe('unknown alarm');
  });

  it('reads numbers written as strings and ignores fields of the wrong type', () => {
    const message = restAlarm();
    message.Trigger = {
      ...(message.Trigger as object),
      Period: '60',
      EvaluationPeriods: 'three',
      Threshold: null,
    };
    message.NewStateValue = 7;
    const facts = parseAlarm(message);
    expect(facts.period).toBe(60);
    expect(facts.evaluationPeriods).toBeUndefined();
    expect(facts.threshold).toBeUndefined();
    expect(facts.state).toBe('UNKNOWN');
  });

  it('parses alarm ARNs and +0000 timestamps', () => {
    expect(parseAlarmArn('arn:aws:cloudwatch:eu-south-1:975050211138:alarm:a:b')).toEqual({
      region: 'eu-south-1',
      accountId: '975050211138',
      name: 'a:b',
    });
    expect(parseAlarmArn('arn:aws-cn:cloudwatch:cn-north-1:975050211138:alarm:x')?.region).toBe('cn-north-1');
    expect(parseAlarmArn('arn:aws:sns:eu-south-1:975050211138:topic')).toBeUndefined();
    expect(parseAwsTimestamp('2024-07-05T15:20:44.959+0000')).toBe(Date.UTC(2024, 6, 5, 15, 20, 44, 959));
    expect(parseAwsTimestamp('2024-07-05T17:20:44.959+0200')).toBe(Date.UTC(2024, 6, 5, 15, 20, 44, 959));
    expect(parseAwsTimestamp('2024-07-05T15:20:44Z')).toBe(Date.UTC(2024, 6, 5, 15, 20, 44));
    expect(parseAwsTimestamp('')).toBeUndefined();
    expect(parseAwsTimestamp('not a date')).toBeUndefined();
  });
});

describe('readAlarmNotifications', () => {
  const snsRecord = (message: unknown, messageId = 'e1a5d850-56a8-5cb9-873c-87524725ca49') => ({
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:eu-south-1:975050211138:condense-alarms-topic:6ad71be8-0000',
    Sns: {
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: 'arn:aws:sns:eu-south-1:975050211138:condense-alarms-topic',
      Subject:
        'ALARM: "SharedInfra-Alpha-Database-DatabaseInstanceObservabilityHighDatabaseConnec..." in EU (Milan)',
      Message: typeof message === 'string' ? message : JSON.stringify(message),
      Timestamp: '2024-07-05T15:20:45.011Z',
      SignatureVersion: '1',
      Signature: 'aivuzzWUm8LX',
      MessageAttributes: {},
    },
  });

  it('reads an SNS event with one record: MessageId, TopicArn, message and facts', () => {
    const [read] = readAlarmNotifications({ Records: [snsRecord(RDS_MESSAGE)] });
    expect(read?.ok).toBe(true);
    if (!read?.ok) return;
    expect(read.notification.messageId).toBe('e1a5d850-56a8-5cb9-873c-87524725ca49');
    expect(read.notification.topicArn).toBe('arn:aws:sns:eu-south-1:975050211138:condense-alarms-topic');
    expect(read.notification.message).toEqual(RDS_MESSAGE);
    // The name comes from the message, never from the cut Subject.
    expect(read.notification.alarm.name).toBe(RDS_MESSAGE.AlarmName);
  });

  it('reads several records, one result each, a bad one with its reason', () => {
    const results = readAlarmNotifications({
      Records: [
        snsRecord(restAlarm(), 'm-1'),
        'not a record',
        { EventSource: 'aws:sns' },
        snsRecord('{"AlarmName": "cut', 'm-4'),
        { Sns: { MessageId: 'm-5', Message: { AlarmName: 'object, not string' } } },
        snsRecord(restAlarm({ NewStateValue: 'OK' }), 'm-6'),
      ],
    });
    expect(results).toHaveLength(6);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false, false, true]);
    expect(results[1]).toEqual({ ok: false, reason: 'Records[1] is not an object' });
    expect(results[2]).toEqual({ ok: false, reason: 'the record has no Sns object' });
    expect(results[3]).toEqual({
      ok: false,
      reason: 'the SNS Message is not a JSON alarm notification',
      messageId: 'm-4',
    });
    expect(results[4]).toEqual({ ok: false, reason: 'Sns.Message is not a string', messageId: 'm-5' });
    const last = results[5];
    expect(last?.ok && last.notification.alarm.state).toBe('OK');
  });

  it('reads one SNS record on its own', () => {
    const [read] = readAlarmNotifications(snsRecord(restAlarm()));
    expect(read?.ok && read.notification.alarm.api.apiName).toBe('orders');
  });

  it('reads the SNS message object (Message string)', () => {
    const [read] = readAlarmNotifications({
      MessageId: 'm-9',
      TopicArn: 'arn:aws:sns:x',
      Message: JSON.stringify(restAlarm()),
    });
    expect(read?.ok).toBe(true);
    if (read?.ok) {
      expect(read.notification.messageId).toBe('m-9');
      expect(read.notification.topicArn).toBe('arn:aws:sns:x');
    }
  });

  it('reads the Message JSON string itself', () => {
    const [read] = readAlarmNotifications(JSON.stringify(restAlarm()));
    expect(read?.ok && read.notification.alarm.name).toBe('orders-prod-5xx');
    expect(readAlarmNotifications('not json')).toEqual([
      { ok: false, reason: 'the SNS Message is not a JSON alarm notification', messageId: undefined },
    ]);
  });

  it('reads a bare alarm message', () => {
    const message = restAlarm();
    const [read] = readAlarmNotifications(message);
    expect(read).toEqual({ ok: true, notification: { message, alarm: parseAlarm(message) } });
  });

  it('says why it cannot read other inputs', () => {
    expect(readAlarmNotifications({ Records: [] })).toEqual([
      { ok: false, reason: 'the SNS event has no Records' },
    ]);
    expect(readAlarmNotifications(null)).toEqual([{ ok: false, reason: 'the event is not a JSON object' }]);
    expect(readAlarmNotifications([restAlarm()])).toEqual([
      { ok: false, reason: 'the event is not a JSON object' },
    ]);
    expect(readAlarmNotifications({ hello: 'world' })).toEqual([
      { ok: false, reason: 'neither an SNS event nor a CloudWatch alarm message' },
    ]);
    expect(readAlarmNotifications({ Message: '[1,2]' })[0]?.ok).toBe(false);
  });
});
