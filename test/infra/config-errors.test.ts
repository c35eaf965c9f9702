import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../infra/config/load.ts';
import { alarmOf, api, type Config, issuesOf, twoApis } from './config-fixtures.ts';

/** Each case breaks one field; the config must give exactly one issue, naming that field. */
const MALFORMED: Array<[string, (config: Config) => void, string, RegExp]> = [
  [
    'no APIs',
    (c) => {
      c.apis = [];
    },
    'apis',
    /at least one API/,
  ],
  [
    'a missing default channel',
    (c) => {
      c.slack = {};
    },
    'slack.defaultChannel',
    /required/,
  ],
  [
    'a channel without #',
    (c) => {
      c.slack = { defaultChannel: 'api-alerts' };
    },
    'slack.defaultChannel',
    /#name/,
  ],
  [
    'an unknown API kind',
    (c) => {
      api(c, 0).kind = 'SOAP';
    },
    'apis[0].kind',
    /"REST", "HTTP"/,
  ],
  [
    'a malformed API id',
    (c) => {
      api(c, 0).id = 'Orders';
    },
    'apis[0].id',
    /10-character API id/,
  ],
  [
    'a REST API without a name',
    (c) => {
      delete api(c, 0).name;
    },
    'apis[0].name',
    /ApiName/,
  ],
  [
    'no stages',
    (c) => {
      api(c, 0).stages = [];
    },
    'apis[0].stages',
    /at least one stage/,
  ],
  [
    'a duplicate stage',
    (c) => {
      api(c, 0).stages = ['prod', 'prod'];
    },
    'apis[0].stages[1]',
    /duplicate/,
  ],
  [
    '$default on a REST API',
    (c) => {
      api(c, 0).stages = ['$default'];
    },
    'apis[0].stages[0]',
    /HTTP/,
  ],
  [
    'execution logging on HTTP',
    (c) => {
      api(c, 1).executionLogging = true;
    },
    'apis[1].executionLogging',
    /no execution logs/,
  ],
  [
    'an HTTP stage without access logs',
    (c) => {
      api(c, 1).accessLogGroups = {};
    },
    'apis[1].accessLogGroups',
    /\$default/,
  ],
  [
    'an access log group for an unknown stage',
    (c) => {
      api(c, 0).accessLogGroups = { beta: '/x' };
    },
    'apis[0].accessLogGroups.beta',
    /not one of the API's stages/,
  ],
  [
    'a function ARN instead of a name',
    (c) => {
      api(c, 0).functions = ['arn:aws:lambda:us-east-1:123456789012:function:x'];
    },
    'apis[0].functions[0].name',
    /function name/,
  ],
  [
    'a route to an unlisted function',
    (c) => {
      api(c, 0).routes = [{ method: 'GET', resource: '/orders', functionName: 'orders-list' }];
    },
    'apis[0].routes[0].functionName',
    /not in this API's functions/,
  ],
  [
    'a 45-second period',
    (c) => {
      alarmOf(c).periodSeconds = 45;
    },
    'apis[0].alarm.periodSeconds',
    /at least 60/,
  ],
  [
    'a 90-second period',
    (c) => {
      alarmOf(c).periodSeconds = 90;
    },
    'apis[0].alarm.periodSeconds',
    /multiple of 60/,
  ],
  [
    'a rate above 100 %',
    (c) => {
      alarmOf(c).thresholds = { critical: 150 };
    },
    'apis[0].alarm.thresholds.critical.threshold',
    /percentage/,
  ],
  [
    'a fractional count',
    (c) => {
      Object.assign(alarmOf(c), { type: 'count', thresholds: { critical: 2.5 } });
    },
    'apis[0].alarm.thresholds.critical.threshold',
    /whole number/,
  ],
  [
    'a negative threshold',
    (c) => {
      alarmOf(c).thresholds = { critical: -1 };
    },
    'apis[0].alarm.thresholds.critical.threshold',
    /greater than 0/,
  ],
  [
    'more datapoints than periods',
    (c) => {
      alarmOf(c).datapointsToAlarm = 4;
    },
    'apis[0].alarm.datapointsToAlarm',
    /must not exceed evaluationPeriods/,
  ],
  [
    'a severity override with more datapoints than periods',
    (c) => {
      alarmOf(c).thresholds = { critical: { threshold: 5, evaluationPeriods: 2, datapointsToAlarm: 3 } };
    },
    'apis[0].alarm.thresholds.critical.datapointsToAlarm',
    /must not exceed/,
  ],
  [
    'an evaluation window over a day',
    (c) => {
      Object.assign(alarmOf(c), { periodSeconds: 3600, evaluationPeriods: 25 });
    },
    'apis[0].alarm.evaluationPeriods',
    /one day/,
  ],
  [
    'an upper-case severity name',
    (c) => {
      alarmOf(c).thresholds = { Critical: 5 };
    },
    'apis[0].alarm.thresholds.Critical',
    /severity name/,
  ],
  [
    'no severity',
    (c) => {
      alarmOf(c).thresholds = {};
    },
    'apis[0].alarm.thresholds',
    /at least one severity/,
  ],
  [
    'a severity that is neither number nor object',
    (c) => {
      alarmOf(c).thresholds = { critical: 'high' };
    },
    'apis[0].alarm.thresholds.critical',
    /threshold number or an object/,
  ],
  [
    'an unknown missing-data mode',
    (c) => {
      alarmOf(c).treatMissingData = 'zero';
    },
    'apis[0].alarm.treatMissingData',
    /"notBreaching"/,
  ],
  [
    'a misspelt field',
    (c) => {
      alarmOf(c).evaluationPeriod = 3;
    },
    'apis[0].alarm.evaluationPeriod',
    /unknown field/,
  ],
  [
    'a bad mention',
    (c) => {
      api(c, 0).slack = { mention: '@here' };
    },
    'apis[0].slack.mention',
    /user group id/,
  ],
  [
    'an unsupported retention',
    (c) => {
      c.triageFunction = { logRetentionDays: 10 };
    },
    'triageFunction.logRetentionDays',
    /retention periods/,
  ],
  [
    'too little memory',
    (c) => {
      c.triageFunction = { memoryMiB: 64 };
    },
    'triageFunction.memoryMiB',
    /≥ 128/,
  ],
  [
    'a fractional timeout',
    (c) => {
      c.triageFunction = { timeoutSeconds: 1.5 };
    },
    'triageFunction.timeoutSeconds',
    /whole number/,
  ],
  [
    'a bad e-mail',
    (c) => {
      c.watchdog = { emails: ['oncall'] };
    },
    'watchdog.emails[0]',
    /e-mail/,
  ],
  [
    'a bad topic ARN',
    (c) => {
      c.watchdog = { topicArn: 'pager' };
    },
    'watchdog.topicArn',
    /SNS topic ARN/,
  ],
  [
    'a prefix with spaces',
    (c) => {
      c.alarmNamePrefix = 'gateway triage';
    },
    'alarmNamePrefix',
    /letters, digits/,
  ],
  [
    'the same API twice',
    (c) => {
      c.apis.push({ ...api(c, 0), name: 'orders-2' });
    },
    'apis[2].id',
    /listed twice/,
  ],
  [
    'two APIs with one name',
    (c) => {
      c.apis.push({ ...api(c, 0), id: 'zzzzzzzzzz' });
    },
    'apis[2].name',
    /alarm names would collide/,
  ],
];

describe('a malformed config', () => {
  it.each(MALFORMED)('with %s gives one error naming the field', (_name, breakIt, path, message) => {
    const config = twoApis();
    breakIt(config);

    const issues = issuesOf(config);

    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toMatch(message);
  });

  it('reports every broken field, each on its own line of the message', () => {
    const config = twoApis();
    alarmOf(config).periodSeconds = 45;
    api(config, 1).kind = 'SOAP';

    expect(() => parseConfig(config, 'infra/config/mine.json')).toThrow(
      /Invalid gateway-triage config \(infra\/config\/mine\.json\):\n {2}- apis\[0]\.alarm\.periodSeconds: .*\n {2}- apis\[1]\.kind: /,
    );
  });

  it('names the file when it is not JSON or cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-triage-config-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "apis": [ }');

    expect(() => loadConfigFile(broken)).toThrow(/broken\.json.*\n.*not valid JSON/);
    expect(() => loadConfigFile(join(dir, 'missing.json'))).toThrow(
      /missing\.json.*\n.*cannot read the file/,
    );
  });

  it('gives at most one issue, on the period, for any period value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -100, max: 100_000 }), fc.double({ noNaN: true })), (period) => {
        const config = twoApis();
        alarmOf(config).periodSeconds = period;
        const issues = issuesOf(config);
        const valid = Number.isInteger(period) && period >= 60 && period <= 86_400 && period % 60 === 0;
        // A valid period may still make period × 3 exceed a day, reported on evaluationPeriods.
        const paths = issues.map((issue) => issue.path);
        if (valid) expect(paths.every((path) => path === 'apis[0].alarm.evaluationPeriods')).toBe(true);
        else expect(paths).toEqual(['apis[0].alarm.periodSeconds']);
      }),
    );
  });
});
