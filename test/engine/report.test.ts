import { describe, expect, it } from 'vitest';
import type { IncidentBundle } from '../../shared/domain/bundle.ts';
import { ROOT_CAUSES, RootCause } from '../../shared/domain/root-cause.ts';
import { triage } from '../../shared/engine/triage.ts';
import { incidentWindow } from '../../shared/engine/window.ts';
import { parseAlarm } from '../../shared/parse/alarm.ts';
import { corpusBundle } from '../support/corpus.ts';
import {
  ACCESS_GROUP,
  ALARM_AT,
  alarmMessage,
  awsTime,
  configuration,
  EXEC_GROUP,
  functionLines,
  gatewayLines,
  incident,
  invokePolicy,
  proxyRequestStart,
  REGION,
  report,
  responseHeaders,
  sourceArn,
  T0,
} from './hand-built.ts';

const FN = 'orders-get';
const GW = 'c0ffee01-0000-4000-8000-000000000001';
const LAMBDA = '71952965-d5cc-4974-ae08-6e2138b2275c';

/** A one-request LAMBDA_UNHANDLED_ERROR incident, to vary one fact at a time. */
function unhandled(
  overrides: { lastModified?: string; alarm?: Record<string, unknown> } = {},
): IncidentBundle {
  return incident({
    exec: gatewayLines(GW, T0, [
      ...proxyRequestStart({ requestId: GW, functionName: FN }),
      [20, 'Received response. Status: 200, Integration latency: 12 ms'],
      [20, responseHeaders(LAMBDA, true)],
      [
        20,
        `Lambda execution failed with status 200 due to customer function error: boom. Lambda request id: ${LAMBDA}`,
      ],
      [21, 'Method completed with status: 502'],
    ]),
    logs: {
      [FN]: functionLines(T0, [
        [5, `START RequestId: ${LAMBDA} Version: $LATEST\n`],
        [
          9,
          `2025-05-19T22:00:00.009Z\t${LAMBDA}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom","stack":["Error: boom","    at handler (/var/task/index.js:3:9)"]}\n`,
        ],
        [10, report(LAMBDA, { durationMs: 5 })],
      ]),
    },
    functions: {
      [FN]: {
        configuration: configuration(
          FN,
          overrides.lastModified ? { LastModified: overrides.lastModified } : {},
        ),
      },
    },
    ...(overrides.alarm ? { alarm: overrides.alarm } : {}),
  });
}

describe('the report contract', () => {
  it('carries every contract field with values in range', () => {
    const result = triage(unhandled());
    expect(result.reportVersion).toBe(1);
    expect(result.alarm).toMatchObject({
      name: 'orders-api-prod-5xx',
      state: 'ALARM',
      changedAt: new Date(ALARM_AT).toISOString(),
    });
    expect(result.alarm.reason).toContain('Threshold Crossed');
    expect(result.alarm.link).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/orders-api-prod-5xx',
    );
    expect(ROOT_CAUSES).toContain(result.rootCause.category);
    expect(result.rootCause.confidence).toBeGreaterThanOrEqual(0);
    expect(result.rootCause.confidence).toBeLessThanOrEqual(1);
    expect(result.causes[0]).toMatchObject({
      category: RootCause.LAMBDA_UNHANDLED_ERROR,
      requests: 1,
      share: 1,
    });
    expect(result.causes[0]?.evidence[0]).toMatchObject({
      logGroup: EXEC_GROUP,
      logStreamName: 'gw-0',
      requestId: GW,
    });
    expect(result.affected).toEqual({
      requests: 1,
      routes: [{ method: 'GET', resource: '/orders/{id}', count: 1 }],
      functions: [FN],
    });
    expect(Array.isArray(result.gaps)).toBe(true);
  });
});

describe('deploy detection', () => {
  it('names a function changed shortly before the first failure, in deploys and in the summary', () => {
    const result = triage(unhandled({ lastModified: awsTime(T0 - 3 * 60_000) }));
    expect(result.deploys).toEqual([
      {
        functionName: FN,
        lastModified: new Date(T0 - 3 * 60_000).toISOString(),
        minutesBeforeFirstFailure: 3,
      },
    ]);
    expect(result.rootCause.summary).toContain(
      `It started 3 minutes after ${FN} was changed (LastModified 21:57 UTC).`,
    );
  });

  it('says "less than a minute" for a change seconds before', () => {
    const result = triage(unhandled({ lastModified: awsTime(T0 - 20_000) }));
    expect(result.rootCause.summary).toContain('It started less than a minute after');
  });

  it('ignores a change days before the failures', () => {
    const result = triage(unhandled({ lastModified: awsTime(T0 - 3 * 24 * 3600_000) }));
    expect(result.deploys).toEqual([]);
    expect(result.rootCause.summary).not.toContain('was changed');
  });

  it('lists but does not blame a change made after the failures started', () => {
    const result = triage(unhandled({ lastModified: awsTime(T0 + 2 * 60_000) }));
    expect(result.deploys).toEqual([
      {
        functionName: FN,
        lastModified: new Date(T0 + 2 * 60_000).toISOString(),
        minutesBeforeFirstFailure: -2,
      },
    ]);
    expect(result.rootCause.summary).not.toContain('was changed');
  });
});

describe('remediation carries the real values', () => {
  it('permission denied: the exact add-permission command with the API source ARN, and the stale grant', () => {
    const name = 'carrier-webhook-ingest';
    const result = triage(
      incident({
        exec: gatewayLines(GW, T0, [
          ...proxyRequestStart({
            requestId: GW,
            functionName: name,
            method: 'POST',
            resource: '/webhooks/carrier',
            path: '/webhooks/carrier',
          }),
          [3, 'Execution failed due to configuration error: Invalid permissions on Lambda function'],
          [4, 'Method completed with status: 500'],
        ]),
        functions: {
          [name]: {
            configuration: configuration(name),
            policy: invokePolicy(name, [
              {
                sid: 'carrier-webhook-apigw-prod',
                arn: 'arn:aws:execute-api:us-east-1:123456789012:n8e2b6r0tj/prod/POST/webhooks/carrier',
              },
            ]),
          },
        },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_PERMISSION_DENIED);
    expect(result.rootCause.functionName).toBe(name);
    expect(result.rootCause.statusCode).toBe(500);
    expect(result.rootCause.confidence).toBeGreaterThan(0.9);
    const remediation = result.causes[0]?.remediation.join('\n') ?? '';
    expect(remediation).toContain(`\`${sourceArn('POST', '/webhooks/carrier')}\``);
    expect(remediation).toContain('n8e2b6r0tj');
    expect(remediation).toContain('(was the API re-created?)');
    expect(remediation).toContain(
      `aws lambda add-permission --function-name ${name} --statement-id apigateway-a1b2c3d4e5-post-webhooks-carrier --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/webhooks/carrier' --region us-east-1`,
    );
    expect(remediation).toContain(
      `aws lambda remove-permission --function-name ${name} --statement-id carrier-webhook-apigw-prod --region us-east-1`,
    );
  });

  it('permission denied on an alias: the command grants the qualifier the gateway invokes', () => {
    const result = triage(
      incident({
        exec: gatewayLines(GW, T0, [
          ...proxyRequestStart({ requestId: GW, functionName: FN, qualifier: 'live' }),
          'Execution failed due to configuration error: Invalid permissions on Lambda function',
          'Method completed with status: 500',
        ]),
        functions: { [FN]: { configuration: configuration(FN), policy: null } },
      }),
    );
    const remediation = result.causes[0]?.remediation.join('\n') ?? '';
    expect(remediation).toContain(`Lambda ${FN} has no resource policy at all`);
    expect(remediation).toContain(
      `aws lambda add-permission --function-name ${FN} --qualifier live --statement-id`,
    );
  });

  it('throttled: the reserved concurrency value and the command to raise it', () => {
    const result = triage(
      incident({
        exec: gatewayLines(GW, T0, [
          ...proxyRequestStart({ requestId: GW, functionName: FN }),
          [2, `Lambda invocation failed with status: 429. Lambda request id: ${LAMBDA}`],
          [2, 'Execution failed due to configuration error: Rate Exceeded.'],
          [3, 'Method completed with status: 500'],
        ]),
        functions: { [FN]: { configuration: configuration(FN), reservedConcurrency: 5 } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_THROTTLED);
    expect(result.rootCause.summary).toContain('throttled at its reserved concurrency of 5');
    const remediation = result.causes[0]?.remediation.join('\n') ?? '';
    expect(remediation).toContain('Reserved concurrency caps the function at 5 concurrent executions');
    expect(remediation).toContain(
      `aws lambda put-function-concurrency --function-name ${FN} --reserved-concurrent-executions 10 --region us-east-1`,
    );
  });

  it('throttled at reserved concurrency 0: the kill switch and how to remove it', () => {
    const result = triage(
      incident({
        exec: gatewayLines(GW, T0, [
          `Lambda invocation failed with status: 429. Lambda request id: ${LAMBDA}`,
          'Execution failed due to configuration error: Rate Exceeded.',
          'Method completed with status: 500',
        ]),
        functions: {
          [FN]: { configuration: configuration(FN), reservedConcurrency: 0 },
          'orders-list': { configuration: configuration('orders-list'), reservedConcurrency: null },
        },
      }),
    );
    // ERROR-level logs do not name the function: its settings do.
    expect(result.rootCause.functionName).toBe(FN);
    expect(result.causes[0]?.remediation[0]).toContain('ReservedConcurrentExecutions is 0');
    expect(result.causes[0]?.remediation[0]).toContain(
      `aws lambda delete-function-concurrency --function-name ${FN} --region us-east-1`,
    );
  });

  it('malformed response: what is wrong with the logged body and the corrected shape', () => {
    const name = 'episodes-get';
    const result = triage(
      incident({
        exec: gatewayLines(GW, T0, [
          ...proxyRequestStart({
            requestId: GW,
            functionName: name,
            resource: '/episodes',
            path: '/episodes',
          }),
          [40, 'Received response. Status: 200, Integration latency: 35 ms'],
          [40, responseHeaders(LAMBDA)],
          [
            40,
            'Endpoint response body before transformations: {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": {"episodes": [1, 2]}}',
          ],
          [41, 'Execution failed due to configuration error: Malformed Lambda proxy response'],
          [41, 'Method completed with status: 502'],
        ]),
        functions: {
          [name]: { configuration: configuration(name, { Runtime: 'python3.12', Handler: 'app.handler' }) },
        },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_MALFORMED_RESPONSE);
    expect(result.rootCause.summary).toContain('(`body` is an object, not a string)');
    const remediation = result.causes[0]?.remediation ?? [];
    expect(remediation[0]).toBe(
      'What is wrong with the logged response: `body` is an object ({"episodes":[1,2]}): it must be a string (serialise it with JSON.stringify / json.dumps).',
    );
    expect(remediation[1]).toBe(
      'Return this shape instead: `{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\\"episodes\\":[1,2]}"}`.',
    );
    expect(remediation[2]).toContain('json.dumps');
  });

  it('malformed response at ERROR level: says the body is not in the logs', () => {
    const result = triage(
      incident({
        exec: gatewayLines(GW, T0, [
          'Execution failed due to configuration error: Malformed Lambda proxy response',
          'Method completed with status: 502',
        ]),
        functions: { [FN]: { configuration: configuration(FN) } },
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.LAMBDA_MALFORMED_RESPONSE);
    expect(result.causes[0]?.remediation[0]).toContain('INFO does');
  });
});

describe('UNKNOWN when the evidence is missing', () => {
  it('says UNKNOWN, and the gaps say which logs to turn on', () => {
    const bundle = incident({ functions: { [FN]: { configuration: configuration(FN) } } });
    delete bundle.api.executionLogGroup;
    const result = triage(bundle);
    expect(result.rootCause.category).toBe(RootCause.UNKNOWN);
    expect(result.rootCause.confidence).toBe(0);
    expect(result.correlation.source).toBe('none');
    const gaps = result.gaps.join('\n');
    expect(gaps).toContain(
      'aws apigateway update-stage --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO',
    );
    expect(gaps).toContain('No access log for stage prod');
    expect(gaps).toContain('$context.integrationErrorMessage');
  });

  it('says UNKNOWN when the failing requests show no sign of why', () => {
    const result = triage(
      incident({
        exec: ['11111111-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000002'].flatMap((id) =>
          gatewayLines(id, T0, ['Method completed with status: 502']),
        ),
        functions: { [FN]: { configuration: configuration(FN) } },
        routes: [{ method: 'GET', resource: '/orders/{id}', functionName: FN }],
      }),
    );
    expect(result.rootCause.category).toBe(RootCause.UNKNOWN);
    expect(result.causes[0]?.category).toBe(RootCause.UNKNOWN);
    expect(result.rootCause.summary).toContain('2 failing requests of 2 show no sign of why they failed');
    const gaps = result.gaps.join('\n');
    expect(gaps).toContain('2 failing requests show neither the integration nor an error in the gateway log');
    expect(gaps).toContain('path=/*/*/logging/loglevel,value=INFO');
    expect(gaps).toContain('$context.integrationErrorMessage');
  });

  it('says UNKNOWN when most failing requests are unexplained, naming the rest', () => {
    const unexplained = ['1', '2', '3'].flatMap((n) =>
      gatewayLines(`11111111-0000-4000-8000-00000000000${n}`, T0, ['Method completed with status: 502']),
    );
    const explained = gatewayLines(GW, T0, [
      'Execution failed due to a timeout error',
      'Method completed with status: 504',
    ]);
    const result = triage(incident({ exec: [...unexplained, ...explained] }));
    expect(result.rootCause.category).toBe(RootCause.UNKNOWN);
    expect(result.rootCause.confidence).toBe(0.75);
    expect(result.rootCause.summary).toContain('(the rest: API Gateway hit its 29 s integration timeout)');
  });

  it('keeps the corpus case without gateway logs UNKNOWN with gaps', () => {
    const result = triage(corpusBundle('gw-unknown-rest-no-gateway-logs.json'));
    expect(result.rootCause.category).toBe(RootCause.UNKNOWN);
    expect(result.gaps.some((gap) => gap.includes('Execution logging is off'))).toBe(true);
  });
});

describe('links', () => {
  it('exist, are https URLs of the region console, and open the right pages', () => {
    const bundle = unhandled();
    bundle.api.accessLogGroup = ACCESS_GROUP;
    bundle.logGroups[ACCESS_GROUP] = [];
    const result = triage(bundle);
    expect(result.links.length).toBeGreaterThanOrEqual(5);
    for (const link of result.links) {
      const url = new URL(link.url);
      expect(url.protocol).toBe('https:');
      expect(url.host).toBe(`${REGION}.console.aws.amazon.com`);
      expect(url.searchParams.get('region')).toBe(REGION);
    }
    const byLabel = new Map(result.links.map((link) => [link.label, link.url]));
    expect(byLabel.get('Logs Insights: the failing requests')).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logsV2:logs-insights\$3FqueryDetail\$3D/,
    );
    const insights = byLabel.get('Logs Insights: the failing requests') ?? '';
    expect(insights).toContain(GW.replace(/-/g, '-'));
    expect(insights).toContain('*2faws*2flambda*2forders-get');
    expect(byLabel.get('Gateway execution log: 5xx responses')).toContain(
      '#logsV2:log-groups/log-group/API-Gateway-Execution-Logs_a1b2c3d4e5$252Fprod/log-events$3FfilterPattern$3D',
    );
    expect(byLabel.get('Gateway access log')).toContain('$252Faws$252Fapigateway$252Forders-prod/log-events');
    expect(byLabel.get(`Function log: ${FN}`)).toContain('$252Faws$252Flambda$252Forders-get/log-events');
    expect(byLabel.get(`Lambda console: ${FN}`)).toBe(
      `https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/${FN}?tab=monitoring`,
    );
    expect(byLabel.get('CloudWatch alarm')).toBe(result.alarm.link);
    expect(byLabel.get('API Gateway stage prod')).toBe(
      'https://us-east-1.console.aws.amazon.com/apigateway/main/apis/a1b2c3d4e5/stages?api=a1b2c3d4e5&region=us-east-1',
    );
  });

  it('carry the window of the report', () => {
    const result = triage(unhandled());
    const start = Date.parse(result.window.start);
    const end = Date.parse(result.window.end);
    const execution = result.links.find((link) => link.label.startsWith('Gateway execution log'))?.url ?? '';
    expect(execution).toContain(`start$3D${start}`);
    expect(execution).toContain(`end$3D${end}`);
  });

  it('are left out, with a gap, when the region is unknown', () => {
    const bundle = unhandled({ alarm: alarmMessage({ AlarmArn: undefined, Region: 'Nowhere (Atlantis)' }) });
    delete bundle.api.region;
    const result = triage(bundle);
    expect(result.links).toEqual([]);
    expect(result.alarm.link).toBe('');
    expect(result.gaps).toContain('the Region is unknown, so no console link could be built');
  });
});

describe('the window', () => {
  it('is Period × EvaluationPeriods before StateChangeTime, widened by the lookback and two settling minutes', () => {
    const alarm = alarmMessage({}, { Period: 300, EvaluationPeriods: 3 });
    expect(incidentWindow(parseAlarm(alarm), 5)).toEqual({
      start: ALARM_AT - 3 * 300_000 - 5 * 60_000,
      end: ALARM_AT + 120_000,
    });
    const result = triage(unhandled({ alarm }), { lookbackMinutes: 0 });
    expect(result.window).toEqual({
      start: new Date(ALARM_AT - 900_000).toISOString(),
      end: new Date(ALARM_AT + 120_000).toISOString(),
    });
  });

  it('counts DatapointsToAlarm when it is larger, and a metric-math period', () => {
    expect(
      incidentWindow(
        parseAlarm(alarmMessage({}, { Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 4 })),
        0,
      ),
    ).toEqual({
      start: ALARM_AT - 4 * 60_000,
      end: ALARM_AT + 120_000,
    });
    const math = alarmMessage(
      {},
      {
        Period: undefined,
        EvaluationPeriods: 2,
        MetricName: undefined,
        Metrics: [
          {
            Id: 'm1',
            MetricStat: {
              Metric: {
                MetricName: '5XXError',
                Namespace: 'AWS/ApiGateway',
                Dimensions: [{ name: 'ApiName', value: 'orders-api' }],
              },
              Period: 120,
              Stat: 'Sum',
            },
          },
        ],
      },
    );
    expect(incidentWindow(parseAlarm(math), 0)).toEqual({
      start: ALARM_AT - 240_000,
      end: ALARM_AT + 120_000,
    });
  });

  it('falls back to the events when StateChangeTime is missing', () => {
    const bundle = unhandled({ alarm: alarmMessage({ StateChangeTime: undefined }) });
    expect(incidentWindow(parseAlarm(bundle.alarm), 5)).toBeUndefined();
    const result = triage(bundle);
    expect(result.window).toEqual({
      start: new Date(T0).toISOString(),
      end: new Date(T0 + 21).toISOString(),
    });
    expect(result.gaps).toContain('Alarm message: StateChangeTime is missing or not a date (absent).');
  });
});
