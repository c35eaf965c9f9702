import { join } from 'node:path';
import { clearCache } from '@middy/util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayCommand } from '../../shared/cli/replay-command.ts';
import type { IncidentBundle } from '../../shared/domain/bundle.ts';
import type { TriageReport } from '../../shared/domain/report.ts';
import { ROOT_CAUSE_TITLES, RootCause } from '../../shared/domain/root-cause.ts';
import type { LocalTriageEnvironment } from '../../shared/local/triage-environment.ts';
import { ALERT_CAPS, primaryCause } from '../../shared/slack/render-alert.ts';
import { corpusBundle, loadCases, PROJECT_BUNDLES_DIR, SHARED_CORPUS_DIR } from '../support/corpus.ts';
import {
  buildHandler,
  buttonsOf,
  firstPost,
  headerOf,
  type Invocation,
  invoke,
  OutputCapture,
  plainText,
  sectionText,
  startEnvironment,
} from './support.ts';

/**
 * SNS → the real handler → Slack, through the local endpoints, for corpus incidents: the message a
 * person gets must say what `replay` says of the same bundle (root cause, function), in the right
 * channel, with evidence that names real request ids and buttons into the console.
 */

const TOKEN = 'xoxb-local-demo-token';
const capture = new OutputCapture();

afterEach(() => capture.stop());
afterAll(() => clearCache());

/** `gateway-triage replay` of the same file, with the lookback the live config uses. */
function replay(dir: string, name: string, lookbackMinutes: number) {
  return replayCommand(join(dir, name), { format: 'json', lookbackMinutes }).then(
    (json) => JSON.parse(json) as TriageReport,
  );
}

interface Run {
  env: LocalTriageEnvironment;
  run: Invocation;
  report: TriageReport;
  bundle: IncidentBundle;
}

async function triageCorpusCase(name: string, channel: string): Promise<Run> {
  const bundle = corpusBundle(name);
  const env = await startEnvironment(bundle, channel);
  const run = await invoke(buildHandler(env), env.snsEvent(bundle.alarm), { capture });
  const report = await replay(SHARED_CORPUS_DIR, name, env.config.lookbackMinutes);
  return { env, run, report, bundle };
}

/** Every message id of the bundle's logs: evidence must quote ids that exist, not made-up ones. */
function logText(bundle: IncidentBundle): string {
  return Object.values(bundle.logGroups)
    .flatMap((events) => events.map((event) => event.message))
    .join('\n');
}

describe.each([
  { name: 'fn-node-timeout-inventory-call.json', channel: '#orders-oncall' },
  { name: 'gw-malformed-node-async-returns-undefined.json', channel: 'C0CARTS01' },
  { name: 'gw-permission-old-api-id-after-recreate.json', channel: '#partners' },
  { name: 'gw-http-express-error-handler-500.json', channel: '#billing' },
  { name: 'gw-unknown-rest-no-gateway-logs.json', channel: '#appointments' },
])('$name', ({ name, channel }) => {
  let result: Run;
  beforeAll(async () => {
    result = await triageCorpusCase(name, channel);
  });
  afterAll(() => result?.env.close());

  it('posts one alert, to the configured channel, with the root cause replay finds', () => {
    const { env, run, report } = result;
    expect(run.error).toBeUndefined();
    expect(run.result?.results).toEqual([
      expect.objectContaining({ state: 'ALARM', outcome: 'alert', rootCause: report.rootCause.category }),
    ]);
    const posted = env.slack.postedMessages();
    expect(posted).toHaveLength(1);
    const [alert] = posted;
    expect(alert?.channel).toBe(channel);
    expect(alert?.threadTs).toBeUndefined();
    expect(env.aws.sentMessages).toEqual([]);
  });

  it('says the cause and the function in the header, the notification text and the summary', () => {
    const { env, report } = result;
    const alert = firstPost(env);
    const title = ROOT_CAUSE_TITLES[report.rootCause.category];
    expect(headerOf(alert)).toBe(`:red_circle: ALARM · ${report.api.name} (${report.api.stage}) · ${title}`);
    const text = String(alert.text);
    expect(text).toMatch(/^ALARM /);
    expect(text).toContain(title === ROOT_CAUSE_TITLES.UNKNOWN ? 'cause not determined' : title);
    const summary = sectionText(alert, 'alert-summary');
    expect(summary).toContain(`*${title}*`);
    expect(summary).toContain(report.rootCause.summary.slice(0, 80));
    if (report.rootCause.functionName) {
      expect(text).toContain(` in ${report.rootCause.functionName}`);
      expect(summary).toContain(`in \`${report.rootCause.functionName}\``);
    } else {
      expect(summary).not.toContain(' in `');
    }
  });

  it('quotes evidence lines that carry the request ids of the failing requests', () => {
    const { env, report, bundle } = result;
    const alert = firstPost(env);
    const evidence = sectionText(alert, 'alert-evidence');
    const cause = primaryCause(report);
    if (report.rootCause.category === RootCause.UNKNOWN || !cause?.evidence.length) {
      expect(evidence).toBe('');
      return;
    }
    const shown = cause.evidence.slice(0, ALERT_CAPS.evidenceLines);
    const logs = logText(bundle);
    // The first line always fits; each shown id is a real id from the incident's logs.
    const first = shown[0];
    expect(first).toBeDefined();
    expect(evidence).toContain(first?.requestId ?? '?');
    for (const item of shown.filter((line) => evidence.includes(line.requestId))) {
      expect(logs).toContain(item.requestId);
    }
    expect(evidence).toMatch(/^\*Evidence\* from \d+ of \d+ failing requests · from `/);
    expect(evidence).toContain('```');
  });

  it('has buttons into the console of the alarm’s region, the same links replay gives', () => {
    const { env, report } = result;
    const alert = firstPost(env);
    const buttons = buttonsOf(alert);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(buttons.length).toBeLessThanOrEqual(ALERT_CAPS.buttons);
    const known = [...report.links.map((link) => link.url), report.alarm.link];
    for (const button of buttons) {
      expect(button.url.startsWith(`https://${report.api.region}.console.aws.amazon.com/`)).toBe(true);
      expect(known).toContain(button.url);
    }
    const urls = buttons.map((button) => button.url).join('\n');
    if (report.correlation.failingRequests > 0) expect(urls).toContain('#logsV2:logs-insights');
    if (report.rootCause.functionName) expect(urls).toContain(report.rootCause.functionName);
    else expect(urls).toContain('#alarmsV2:alarm/');
  });

  it('reads the Slack token from Secrets Manager, never logs it, and logs and measures the triage', () => {
    const { env, run, report } = result;
    expect(env.aws.callsOf('GetSecretValue')).toHaveLength(1);
    const post = env.slack.requests.find((request) => request.method === 'chat.postMessage');
    expect(post?.token).toBe(TOKEN);
    expect(run.output).not.toContain(TOKEN);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'triage finished',
        rootCause: report.rootCause.category,
      }),
    );
    expect(run.metrics.get('TriageDuration')?.length).toBe(1);
    expect(run.metrics.get('Alarms')).toEqual([1]);
    expect(run.metrics.get('LogsApiCalls')?.[0]).toBe(env.aws.callsOf('FilterLogEvents').length);
  });

  it('attaches the 5XX graph in the alert’s thread', () => {
    const { env } = result;
    const alert = env.slack.postedMessages()[0];
    const files = env.slack.uploadedFiles();
    expect(env.aws.callsOf('GetMetricWidgetImage')).toHaveLength(1);
    expect(files).toEqual([
      expect.objectContaining({ filename: '5xx.png', channelId: alert?.channel, threadTs: alert?.ts }),
    ]);
    expect(
      Buffer.from(files[0]?.bytes ?? [])
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
  });
});

describe('case-specific content', () => {
  const runs = new Map<string, Run>();
  const get = async (name: string) => {
    const existing = runs.get(name);
    if (existing) return existing;
    const created = await triageCorpusCase(name, '#api-alerts');
    runs.set(name, created);
    return created;
  };
  afterAll(async () => {
    await Promise.all([...runs.values()].map((run) => run.env.close()));
  });

  it('Lambda timeout: the timeout line and the Lambda request id are in the evidence', async () => {
    const { env } = await get('fn-node-timeout-inventory-call.json');
    const alert = firstPost(env);
    const evidence = sectionText(alert, 'alert-evidence');
    expect(evidence).toMatch(/Task timed out after 3\.00 seconds|Status: timeout/);
    expect(evidence).toMatch(/RequestId: [0-9a-f-]{36}/);
    expect(sectionText(alert, 'alert-remediation')).toContain('orders-get-order');
  });

  it('malformed response: the gateway’s own words and the one failing route', async () => {
    const { env } = await get('gw-malformed-node-async-returns-undefined.json');
    const alert = firstPost(env);
    expect(sectionText(alert, 'alert-evidence')).toContain('Malformed Lambda proxy response');
    expect(plainText(alert)).toContain('Routes: `POST /carts/{cartId}/items`');
  });

  it('permission denial: the add-permission command for this API and function', async () => {
    const { env } = await get('gw-permission-old-api-id-after-recreate.json');
    const remediation = sectionText(firstPost(env), 'alert-remediation');
    expect(remediation).toContain(
      'aws lambda add-permission --function-name carrier-webhook-ingest --statement-id apigateway-p3w7c1v5hm-post-webhooks-carrier --action lambda:InvokeFunction --principal apigateway.amazonaws.com',
    );
    expect(remediation).toContain('p3w7c1v5hm');
  });

  it('permission denial: the add-permission command is complete, ready to paste', async () => {
    const { env, report } = await get('gw-permission-old-api-id-after-recreate.json');
    const step = primaryCause(report)?.remediation.find((line) => line.includes('add-permission')) ?? '';
    const command = /`(aws lambda add-permission [^`]+)`/.exec(step)?.[1];
    expect(command).toMatch(/--region us-east-1$/);
    const remediation = sectionText(firstPost(env), 'alert-remediation');
    expect(remediation).toContain(`\`${command}\``);
  });

  it('HTTP API with only an access log: access-log evidence, no execution-log reads', async () => {
    const { env, bundle } = await get('gw-http-express-error-handler-500.json');
    expect(bundle.api.kind).toBe('HTTP');
    expect(bundle.api.executionLogGroup).toBeUndefined();
    const alert = firstPost(env);
    const evidence = sectionText(alert, 'alert-evidence');
    expect(evidence).toContain(`from \`${bundle.api.accessLogGroup}\``);
    expect(evidence).toMatch(/"integrationRequestId":"[0-9a-f-]{36}"/);
    expect(evidence).toMatch(/"requestId":"[A-Za-z0-9_-]+=?"/);
    const groups = new Set(env.aws.callsOf('FilterLogEvents').map((call) => call.params.logGroupName));
    expect([...groups].sort()).toEqual([bundle.api.accessLogGroup, '/aws/lambda/billing-api'].sort());
  });

  it('UNKNOWN: no evidence, what could not be seen and how to turn it on, the alarm button', async () => {
    const { env } = await get('gw-unknown-rest-no-gateway-logs.json');
    const alert = firstPost(env);
    expect(headerOf(alert)).toContain('Cause not determined');
    expect(sectionText(alert, 'alert-evidence')).toBe('');
    const gaps = sectionText(alert, 'alert-gaps');
    expect(gaps).toContain('Execution logging is off for stage prod');
    expect(gaps).toContain('aws apigateway update-stage --rest-api-id m1c5x8v2dg');
    expect(gaps).toContain('No access log for stage prod');
    expect(buttonsOf(alert).map((button) => button.url)).toContain(
      'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#alarmsV2:alarm/appointments-api-prod-5XX',
    );
  });
});

describe('every corpus and project bundle: live triage agrees with replay', () => {
  const cases = [
    ...loadCases(SHARED_CORPUS_DIR).map((c) => ({ ...c, dir: SHARED_CORPUS_DIR })),
    ...loadCases(PROJECT_BUNDLES_DIR).map((c) => ({ ...c, dir: PROJECT_BUNDLES_DIR })),
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const env = await startEnvironment(c.bundle);
    try {
      const run = await invoke(buildHandler(env), env.snsEvent(c.bundle.alarm), { capture });
      const report = await replay(c.dir, c.name, env.config.lookbackMinutes);
      expect(run.error).toBeUndefined();
      expect(run.result?.results).toEqual([
        expect.objectContaining({ outcome: 'alert', rootCause: report.rootCause.category }),
      ]);
      if (c.bundle.expected) expect(report.rootCause.category).toBe(c.bundle.expected.category);
      const posted = env.slack.postedMessages();
      expect(posted).toHaveLength(1);
      const title = ROOT_CAUSE_TITLES[report.rootCause.category];
      expect(headerOf(firstPost(env))).toContain(title);
      const fn = report.rootCause.functionName;
      if (fn) expect(sectionText(firstPost(env), 'alert-summary')).toContain(`in \`${fn}\``);
    } finally {
      await env.close();
    }
  });
});
