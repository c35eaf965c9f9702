import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alarmUrl,
  apiGatewayStageUrl,
  consoleOrigin,
  lambdaFunctionUrl,
  logEventsUrl,
  logGroupUrl,
  logsInsightsUrl,
} from '../../shared/links/console-links.ts';
import { InvalidLinkInputError } from '../../shared/links/errors.ts';

// The worked examples of aws-facts.md §5: us-east-1, 2024-11-01 12:00–12:15 UTC.
const CW = 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1';
const START = 1730462400000;
const END = 1730463300000;

// Characters a URL may hold unescaped (RFC 3986), minus nothing: none of them breaks `<url|label>`.
const URL_SAFE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

describe('worked examples (aws-facts.md §5), reproduced exactly', () => {
  it('1. log group', () => {
    expect(logGroupUrl('us-east-1', '/aws/lambda/orders-get')).toBe(
      `${CW}#logsV2:log-groups/log-group/$252Faws$252Flambda$252Forders-get`,
    );
  });

  it('2. log stream', () => {
    expect(
      logEventsUrl('us-east-1', '/aws/lambda/orders-get', {
        logStream: '2024/11/01/[$LATEST]0cc175b9c0f1b6a80cc175b9c0f1b6a8',
      }),
    ).toBe(
      `${CW}#logsV2:log-groups/log-group/$252Faws$252Flambda$252Forders-get/log-events/2024$252F11$252F01$252F$255B$2524LATEST$255D0cc175b9c0f1b6a80cc175b9c0f1b6a8`,
    );
  });

  it('3. group + filter + absolute range', () => {
    expect(
      logEventsUrl('us-east-1', 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod', {
        filterPattern: '"c0ffee01-1111-2222-3333-444455556666"',
        start: START,
        end: END,
      }),
    ).toBe(
      `${CW}#logsV2:log-groups/log-group/API-Gateway-Execution-Logs_a1b2c3d4e5$252Fprod/log-events$3FfilterPattern$3D$2522c0ffee01-1111-2222-3333-444455556666$2522$26start$3D1730462400000$26end$3D1730463300000`,
    );
  });

  it('4. Logs Insights, two groups, absolute range', () => {
    expect(
      logsInsightsUrl('us-east-1', {
        logGroups: ['API-Gateway-Execution-Logs_a1b2c3d4e5/prod', '/aws/lambda/orders-get'],
        query:
          'fields @timestamp, @logStream, @message\n| filter @message like /c0ffee01|Task timed out/\n| sort @timestamp asc\n| limit 200',
        start: START,
        end: END,
      }),
    ).toBe(
      `${CW}#logsV2:logs-insights$3FqueryDetail$3D~(end~'2024-11-01T12*3a15*3a00.000Z~start~'2024-11-01T12*3a00*3a00.000Z~timeType~'ABSOLUTE~tz~'UTC~editorString~'fields*20*40timestamp*2c*20*40logStream*2c*20*40message*0a*7c*20filter*20*40message*20like*20*2fc0ffee01*7cTask*20timed*20out*2f*0a*7c*20sort*20*40timestamp*20asc*0a*7c*20limit*20200~source~(~'API-Gateway-Execution-Logs_a1b2c3d4e5*2fprod~'*2faws*2flambda*2forders-get))`,
    );
  });

  it('5. alarm', () => {
    expect(alarmUrl('us-east-1', 'orders-prod 5XX rate > 5%')).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/orders-prod%205XX%20rate%20%3E%205%25',
    );
  });

  it('6. Lambda function, monitoring tab by default', () => {
    expect(lambdaFunctionUrl('us-east-1', 'orders-get')).toBe(
      'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/orders-get?tab=monitoring',
    );
    expect(lambdaFunctionUrl('us-east-1', 'orders-get', 'configure')).toBe(
      'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/orders-get?tab=configure',
    );
  });

  it('7. API Gateway stages, REST and HTTP', () => {
    expect(apiGatewayStageUrl('us-east-1', { kind: 'REST', apiId: 'a1b2c3d4e5', stage: 'prod' })).toBe(
      'https://us-east-1.console.aws.amazon.com/apigateway/main/apis/a1b2c3d4e5/stages?api=a1b2c3d4e5&region=us-east-1',
    );
    expect(apiGatewayStageUrl('us-east-1', { kind: 'HTTP', apiId: 'a1b2c3d4e5', stage: '$default' })).toBe(
      'https://us-east-1.console.aws.amazon.com/apigateway/main/deploy/stages?api=a1b2c3d4e5&region=us-east-1',
    );
  });
});

describe('partitions', () => {
  it.each([
    ['us-east-1', 'https://us-east-1.console.aws.amazon.com'],
    ['eu-central-2', 'https://eu-central-2.console.aws.amazon.com'],
    ['ap-southeast-5', 'https://ap-southeast-5.console.aws.amazon.com'],
    ['cn-north-1', 'https://console.amazonaws.cn'],
    ['cn-northwest-1', 'https://console.amazonaws.cn'],
    ['us-gov-west-1', 'https://console.amazonaws-us-gov.com'],
    ['us-gov-east-1', 'https://console.amazonaws-us-gov.com'],
  ])('%s → %s', (region, origin) => {
    expect(consoleOrigin(region)).toBe(origin);
  });

  it('keeps the region parameter on partition hosts', () => {
    expect(logGroupUrl('cn-north-1', '/aws/lambda/f')).toBe(
      'https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Ff',
    );
    expect(lambdaFunctionUrl('us-gov-west-1', 'f')).toBe(
      'https://console.amazonaws-us-gov.com/lambda/home?region=us-gov-west-1#/functions/f?tab=monitoring',
    );
  });

  it.each(['', 'US-EAST-1', 'us-east-1.evil.com/', 'us east 1', 'us-east-1#x'])(
    'rejects region %j',
    (region) => {
      expect(() => logGroupUrl(region, 'g')).toThrow(InvalidLinkInputError);
    },
  );
});

describe('log events options', () => {
  it('leaves the query out when no option is given', () => {
    expect(logEventsUrl('us-east-1', 'g')).toBe(`${CW}#logsV2:log-groups/log-group/g/log-events`);
  });

  it('writes relative starts as negative milliseconds', () => {
    expect(logEventsUrl('us-east-1', 'g', { start: -1800000 })).toBe(
      `${CW}#logsV2:log-groups/log-group/g/log-events$3Fstart$3D-1800000`,
    );
  });

  it('keeps start 0 (epoch) instead of dropping it as falsy', () => {
    expect(logEventsUrl('us-east-1', 'g', { start: 0 })).toContain('$3Fstart$3D0');
  });

  it('rejects non-integer times', () => {
    expect(() => logEventsUrl('us-east-1', 'g', { end: Number.NaN })).toThrow(InvalidLinkInputError);
    expect(() => logsInsightsUrl('us-east-1', { logGroups: ['g'], query: 'q', start: 1.5, end: 2 })).toThrow(
      InvalidLinkInputError,
    );
  });
});

describe('alarm names', () => {
  it('escapes / so the name stays one path segment (notify-slack #203)', () => {
    expect(alarmUrl('us-east-1', 'ecs/service/upscale')).toBe(`${CW}#alarmsV2:alarm/ecs%2Fservice%2Fupscale`);
  });

  it('escapes parentheses as AWS alarm e-mails do', () => {
    expect(alarmUrl('eu-west-1', 'High 5XX (ApiGateway)')).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/High%205XX%20%28ApiGateway%29',
    );
  });
});

describe('every builder emits a Slack-safe URL for arbitrary names', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 120,
    }),
  );

  it('log group, log events, Insights, alarm, Lambda, API Gateway', () => {
    fc.assert(
      fc.property(text, text, text, fc.array(text, { maxLength: 4 }), (a, b, c, groups) => {
        const urls = [
          logGroupUrl('eu-west-1', a),
          logEventsUrl('eu-west-1', a, { logStream: b, filterPattern: c, start: START, end: END }),
          logsInsightsUrl('eu-west-1', { logGroups: groups, query: c, start: START, end: END }),
          alarmUrl('eu-west-1', a),
          lambdaFunctionUrl('eu-west-1', b),
          apiGatewayStageUrl('eu-west-1', { kind: 'REST', apiId: c, stage: a }),
          apiGatewayStageUrl('eu-west-1', { kind: 'HTTP', apiId: c, stage: a }),
        ];
        for (const url of urls) {
          expect(url).toMatch(URL_SAFE);
          // One fragment only: a `#` inside a name would cut the console's route.
          expect(url.split('#').length).toBeLessThanOrEqual(2);
        }
      }),
    );
  });
});
