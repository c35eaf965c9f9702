import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AlarmType, MissingData } from '../config/schema.ts';
import { type AlarmPlan, API_GATEWAY_NAMESPACE, Comparison } from './alarm-plan.ts';

const COMPARISON_OPERATORS: Record<Comparison, cloudwatch.ComparisonOperator> = {
  [Comparison.GREATER_THAN]: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  [Comparison.GREATER_THAN_OR_EQUAL]: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
};

const MISSING_DATA: Record<MissingData, cloudwatch.TreatMissingData> = {
  [MissingData.BREACHING]: cloudwatch.TreatMissingData.BREACHING,
  [MissingData.NOT_BREACHING]: cloudwatch.TreatMissingData.NOT_BREACHING,
  [MissingData.IGNORE]: cloudwatch.TreatMissingData.IGNORE,
  [MissingData.MISSING]: cloudwatch.TreatMissingData.MISSING,
};

/** One planned 5XX alarm as CloudWatch resources, notifying the topic on ALARM and on OK. */
export function createApiAlarm(scope: Construct, plan: AlarmPlan, topic: sns.ITopic): cloudwatch.Alarm {
  const period = Duration.seconds(plan.periodSeconds);
  const metric = (metricName: string, statistic: string) =>
    new cloudwatch.Metric({
      namespace: API_GATEWAY_NAMESPACE,
      metricName,
      dimensionsMap: { ...plan.dimensions },
      statistic,
      period,
    });
  const errors = metric(plan.metricName, cloudwatch.Stats.SUM);
  // metric ids "errors" and "requests" appear in the alarm message the triage parses.
  const watched: cloudwatch.Metric | cloudwatch.MathExpression =
    plan.type === AlarmType.RATE && plan.expression !== undefined
      ? new cloudwatch.MathExpression({
          expression: plan.expression,
          usingMetrics: { errors, requests: metric('Count', cloudwatch.Stats.SAMPLE_COUNT) },
          period,
          label: '5XX rate (%)',
        })
      : errors;
  const alarm = watched.createAlarm(scope, plan.id, {
    alarmName: plan.alarmName,
    alarmDescription: plan.description,
    threshold: plan.threshold,
    comparisonOperator: COMPARISON_OPERATORS[plan.comparison],
    evaluationPeriods: plan.evaluationPeriods,
    datapointsToAlarm: plan.datapointsToAlarm,
    treatMissingData: MISSING_DATA[plan.treatMissingData],
  });
  const action = new SnsAction(topic);
  alarm.addAlarmAction(action);
  // OK lets the triage mark the Slack message resolved.
  alarm.addOkAction(action);
  return alarm;
}
