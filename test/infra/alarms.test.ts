import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config/load.ts';
import { planAlarms } from '../../infra/lib/alarm-plan.ts';
import {
  exampleConfig,
  type Json,
  minimalConfig,
  properties,
  resourcesOfType,
  synthStack,
} from './helpers.ts';

/** The API alarms of a template (the watchdog's are named `…-watchdog-…`). */
function apiAlarms(template: ReturnType<typeof synthStack>['template']): Map<string, Json> {
  const alarms = new Map<string, Json>();
  for (const [, resource] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
    const props = properties(resource);
    const name = String(props.AlarmName);
    if (!name.includes('-watchdog-')) alarms.set(name, props);
  }
  return alarms;
}

function alarmTopicRef(template: ReturnType<typeof synthStack>['template']): Json {
  const topics = resourcesOfType(template, 'AWS::SNS::Topic').filter(
    ([, resource]) => properties(resource).DisplayName === 'gateway-triage API 5XX alarms',
  );
  expect(topics).toHaveLength(1);
  return { Ref: topics[0]?.[0] };
}

describe('API alarms', () => {
  const { template } = synthStack(exampleConfig());

  it('creates one alarm per configured API, stage and severity', () => {
    expect([...apiAlarms(template).keys()].sort()).toEqual([
      'gateway-triage-orders-prod-5xx-critical',
      'gateway-triage-orders-prod-5xx-warning',
      'gateway-triage-reports-default-5xx-critical',
    ]);
  });

  it('alarms on a REST API 5XX rate through metric math with a minimum request count', () => {
    const warning = apiAlarms(template).get('gateway-triage-orders-prod-5xx-warning');
    const dimensions = [
      { Name: 'ApiName', Value: 'orders' },
      { Name: 'Stage', Value: 'prod' },
    ];

    expect(warning).toMatchObject({
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 2,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    const metrics = (warning?.Metrics ?? []) as Json[];
    expect(metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
          ReturnData: true,
        }),
        {
          Id: 'errors',
          ReturnData: false,
          MetricStat: {
            Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: dimensions },
            Period: 60,
            Stat: 'Sum',
          },
        },
        {
          Id: 'requests',
          ReturnData: false,
          MetricStat: {
            Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: dimensions },
            Period: 60,
            Stat: 'SampleCount',
          },
        },
      ]),
    );
    expect(metrics).toHaveLength(3);
    expect(warning?.MetricName).toBeUndefined();
  });

  it('applies per-severity overrides', () => {
    expect(apiAlarms(template).get('gateway-triage-orders-prod-5xx-critical')).toMatchObject({
      Threshold: 10,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('alarms on an HTTP API 5xx count by ApiId', () => {
    expect(apiAlarms(template).get('gateway-triage-reports-default-5xx-critical')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [
        { Name: 'ApiId', Value: 'f6g7h8i9j0' },
        { Name: 'Stage', Value: '$default' },
      ],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('notifies the alarm topic on ALARM and on OK, and nothing else', () => {
    const topic = alarmTopicRef(template);
    for (const alarm of apiAlarms(template).values()) {
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.OKActions).toEqual([topic]);
      expect(alarm.InsufficientDataActions).toBeUndefined();
    }
  });

  it('describes the rule in words for the notification', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'gateway-triage-orders-prod-5xx-warning',
      AlarmDescription: Match.stringLikeRegexp(
        'REST API orders \\(a1b2c3d4e5\\) stage prod: 5XX rate above 2%',
      ),
    });
  });

  it('multiplies stages by severities', () => {
    const config = minimalConfig();
    const [first] = config.apis;
    if (first === undefined) throw new Error('minimal config has an API');
    first.stages = ['prod', 'beta'];
    first.alarm = { type: 'count', thresholds: { low: 1, medium: 5, high: 20 } };

    const alarms = apiAlarms(synthStack(config).template);

    expect(alarms.size).toBe(6);
    expect(alarms.get('gateway-triage-orders-beta-5xx-medium')).toMatchObject({
      MetricName: '5XXError',
      Dimensions: [
        { Name: 'ApiName', Value: 'orders' },
        { Name: 'Stage', Value: 'beta' },
      ],
      Threshold: 5,
    });
  });

  it('keeps AWS-recommended evaluation defaults when the config gives none', () => {
    const [plan] = planAlarms(parseConfig(minimalConfig()));
    expect(plan).toMatchObject({
      alarmName: 'gateway-triage-orders-prod-5xx-critical',
      type: 'rate',
      threshold: 5,
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: 'notBreaching',
      comparison: 'GreaterThanThreshold',
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
    });
  });
});
