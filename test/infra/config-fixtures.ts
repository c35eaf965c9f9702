import { ConfigError } from '../../infra/config/errors.ts';
import { parseConfig } from '../../infra/config/load.ts';

export type Config = Record<string, unknown> & { apis: Array<Record<string, unknown>> };

/** A mutable copy of a config with two APIs (REST + HTTP), for breaking one field at a time. */
export function twoApis(): Config {
  return {
    slack: { defaultChannel: '#api-alerts' },
    apis: [
      { kind: 'REST', id: 'a1b2c3d4e5', name: 'orders', stages: ['prod'], functions: ['orders-get'] },
      {
        kind: 'HTTP',
        id: 'f6g7h8i9j0',
        stages: ['$default'],
        accessLogGroups: { $default: '/aws/apigateway/reports' },
        functions: ['reports-list'],
      },
    ],
  };
}

export function issuesOf(input: unknown): ConfigError['issues'] {
  try {
    parseConfig(input, 'test.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

export function api(config: Config, index: number): Record<string, unknown> {
  const found = config.apis[index];
  if (found === undefined) throw new Error(`no api ${index}`);
  return found;
}

export function alarmOf(config: Config, index = 0): Record<string, unknown> {
  const target = api(config, index);
  const alarm = (target.alarm ?? {}) as Record<string, unknown>;
  target.alarm = alarm;
  return alarm;
}
