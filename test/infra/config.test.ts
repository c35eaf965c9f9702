import { Lazy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../infra/config/load.ts';
import { type GatewayTriageConfigInput, GatewayTriageConfigSchema } from '../../infra/config/schema.ts';
import { alarmOf, api, issuesOf, twoApis } from './config-fixtures.ts';
import { EXAMPLE_CONFIG_PATH, minimalConfig } from './helpers.ts';

describe('config file', () => {
  it('accepts the shipped example', () => {
    expect(() => loadConfigFile(EXAMPLE_CONFIG_PATH)).not.toThrow();
  });

  it('fills every default into a minimal config', () => {
    const config = parseConfig(minimalConfig());

    expect(config.alarmNamePrefix).toBe('gateway-triage');
    expect(config.slack.tokenSecretName).toBe('gateway-triage/slack-bot-token');
    expect(config.triageFunction).toEqual({
      memoryMiB: 512,
      timeoutSeconds: 60,
      logRetentionDays: 30,
      lookbackMinutes: 5,
      maxFailingRequests: 200,
    });
    expect(config.watchdog).toEqual({ emails: [] });
    const [first] = config.apis;
    expect(first?.alarm).toEqual({
      type: 'rate',
      minRequests: 20,
      periodSeconds: 60,
      evaluationPeriods: 3,
      treatMissingData: 'notBreaching',
      thresholds: { critical: { threshold: 5 } },
    });
    expect(first?.slack).toEqual({});
    expect(first?.functions).toEqual([]);
  });

  it('reads a bare number as a severity threshold and a bare string as a function name', () => {
    const input = twoApis();
    alarmOf(input).thresholds = { warning: 2, critical: { threshold: 10, datapointsToAlarm: 2 } };

    const config = parseConfig(input);

    expect(config.apis[0]?.alarm.thresholds).toEqual({
      warning: { threshold: 2 },
      critical: { threshold: 10, datapointsToAlarm: 2 },
    });
    expect(config.apis[0]?.functions).toEqual([{ name: 'orders-get' }]);
  });

  it('parses its own output to the same value', () => {
    const once = parseConfig(twoApis());
    expect(parseConfig(once)).toEqual(once);
  });

  it('lets CDK tokens through the format checks', () => {
    const input = twoApis();
    api(input, 0).id = Lazy.string({ produce: () => 'a1b2c3d4e5' });
    expect(issuesOf(input)).toEqual([]);
  });
});

describe('the schema type', () => {
  it('accepts the minimal config', () => {
    const input: GatewayTriageConfigInput = minimalConfig();
    expect(GatewayTriageConfigSchema.safeParse(input).success).toBe(true);
  });
});
