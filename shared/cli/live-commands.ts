import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { loadConfigFile } from '../../infra/config/load.ts';
import { buildTriageRuntimeConfig } from '../../infra/lib/triage-environment.ts';
import { type AwsClients, createAwsClients } from '../adapters/aws/clients.ts';
import { CloudWatchLogsReader } from '../adapters/aws/cloudwatch-logs-reader.ts';
import { LambdaFunctionInspector } from '../adapters/aws/lambda-function-inspector.ts';
import { WebApiSlackNotifier } from '../adapters/slack/slack-notifier.ts';
import { collectIncident } from '../collect/collect-incident.ts';
import { executionLogGroupName, type TriageRuntimeConfig } from '../config/runtime-config.ts';
import type { IncidentBundle } from '../domain/bundle.ts';
import { incidentWindow } from '../engine/window.ts';
import { type ApiTarget, resolveApiTarget } from '../live/api-target.ts';
import { runLiveTriage } from '../live/live-triage.ts';
import { type AlarmFacts, parseAlarm } from '../parse/alarm.ts';
import { alarmMessageFromMetricAlarm } from '../parse/alarm-from-describe.ts';
import { renderReportText } from '../report/render-text.ts';
import { renderAlertMessage } from '../slack/render-alert.ts';
import { renderUntriagedAlert } from '../slack/render-lifecycle.ts';

/** Options both live commands take: which alarm, when, and what the config says about its API. */
export interface LiveOptions {
  alarmName: string;
  at?: Date;
  region?: string;
  config?: string;
  apiId?: string;
  accessLogGroup?: string;
  function?: string[];
  lookback: number;
}

export const DEFAULT_CONFIG_FILE = 'infra/config/gateway-triage.config.json';

/** A problem with what the user asked for (exit code 2), not with AWS. */
export class LiveInputError extends Error {
  override readonly name = 'LiveInputError';
}

interface LiveContext {
  clients: AwsClients;
  message: Record<string, unknown>;
  alarm: AlarmFacts;
  target: ApiTarget;
  config: TriageRuntimeConfig;
}

const progress = (message: string): void => {
  process.stderr.write(`… ${message}\n`);
};

/** DescribeAlarms → the notification the alarm would publish → the API it watches, from the config. */
async function prepare(options: LiveOptions): Promise<LiveContext> {
  const clients = createAwsClients(options.region ? { region: options.region } : {});
  progress(`reading alarm ${options.alarmName}`);
  const answer = await clients.cloudWatch.send(
    new DescribeAlarmsCommand({ AlarmNames: [options.alarmName], AlarmTypes: ['MetricAlarm'] }),
  );
  const metricAlarm = answer.MetricAlarms?.[0];
  if (!metricAlarm)
    throw new LiveInputError(
      `no metric alarm named ${options.alarmName} in ${await clients.cloudWatch.config.region()}`,
    );
  const message = alarmMessageFromMetricAlarm(metricAlarm as unknown as Record<string, unknown>, {
    at: options.at,
  });
  const alarm = parseAlarm(message);
  const config = loadRuntimeConfig(options);
  const target = resolveApiTarget(alarm, config);
  applyFlags(target, alarm, options);
  return { clients, message, alarm, target, config };
}

/** The user's config file (the one the stack deploys), when there is one; flags fill the rest. */
function loadRuntimeConfig(options: LiveOptions): TriageRuntimeConfig {
  const file = options.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!file)
    return {
      apis: [],
      defaultSlackChannel: '#alerts',
      lookbackMinutes: options.lookback,
      maxFailingRequests: 200,
    };
  const config = buildTriageRuntimeConfig(loadConfigFile(file));
  return { ...config, lookbackMinutes: options.lookback };
}

function applyFlags(target: ApiTarget, alarm: AlarmFacts, options: LiveOptions): void {
  if (options.apiId) target.api.apiId = options.apiId;
  if (target.api.kind === 'REST' && target.api.apiId && !target.api.executionLogGroup && !target.configured) {
    target.api.executionLogGroup = executionLogGroupName(target.api.apiId, target.api.stage);
  }
  if (options.accessLogGroup) target.api.accessLogGroup = options.accessLogGroup;
  for (const name of options.function ?? [])
    if (!target.functions.includes(name)) target.functions.push(name);
  target.api.region ??= alarm.region;
  target.api.accountId ??= alarm.accountId;
  if (!target.configured && !target.api.apiId && target.api.kind === 'REST') {
    progress(
      `the config does not list ${alarm.api.apiName ?? 'this API'}: pass --api-id to read its execution log`,
    );
  }
}

/** `gateway-triage record`: every event the triage may read for the alarm, written as a bundle. */
export async function recordCommand(
  options: LiveOptions & { out?: string; maxEvents: number; id?: string },
): Promise<void> {
  const context = await prepare(options);
  const window = incidentWindow(context.alarm, options.lookback);
  if (!window) throw new LiveInputError('the alarm has no StateChangeTime; pass --at');
  const { incident, calls } = await collectIncident({
    message: context.message,
    api: context.target.api,
    functions: context.target.functions,
    window: { start: window.start, end: Math.min(window.end, Date.now()) },
    mode: 'record',
    maxFailingRequests: context.config.maxFailingRequests,
    logs: new CloudWatchLogsReader(context.clients.logs),
    lambda: new LambdaFunctionInspector(context.clients.lambda),
    eventCap: options.maxEvents,
    progress,
  });
  const bundle: IncidentBundle & Record<string, unknown> = {
    version: 1,
    id:
      options.id ??
      `${context.alarm.name}-${new Date(context.alarm.changedAt ?? Date.now()).toISOString().replace(/[:.]/g, '-')}`,
    description: `Recorded by gateway-triage record from ${context.alarm.arn ?? context.alarm.name}`,
    alarm: context.message,
    api: context.target.api,
    logGroups: incident.logGroups,
    functions: incident.functions,
  };
  if (incident.collectionGaps) bundle.collectionGaps = incident.collectionGaps;
  if (incident.functionLookups) bundle.functionLookups = incident.functionLookups;
  const text = `${JSON.stringify(bundle, null, 1)}\n`;
  if (options.out) await writeFile(options.out, text);
  else process.stdout.write(text);
  const events = Object.values(incident.logGroups).reduce((n, e) => n + e.length, 0);
  progress(
    `recorded ${events} events from ${Object.keys(incident.logGroups).length} log groups and ${Object.keys(incident.functions).length} functions (${calls.logs} Logs calls, ${calls.lambda} Lambda calls)${options.out ? ` to ${options.out}` : ''}`,
  );
  for (const gap of incident.collectionGaps ?? []) progress(`gap: ${gap}`);
}

/** `gateway-triage triage`: the live triage from a terminal; `--post` sends the alert to Slack. */
export async function triageCommand(
  options: LiveOptions & {
    format: 'text' | 'json';
    post: boolean;
    channel?: string;
    slackTokenSecret?: string;
    timeout: number;
  },
): Promise<void> {
  const context = await prepare(options);
  const outcome = await runLiveTriage({
    message: context.message,
    alarm: context.alarm,
    target: context.target,
    logs: new CloudWatchLogsReader(context.clients.logs),
    lambda: new LambdaFunctionInspector(context.clients.lambda),
    now: Date.now,
    deadline: Date.now() + options.timeout * 1000,
    lookbackMinutes: options.lookback,
    maxFailingRequests: context.config.maxFailingRequests,
    progress,
  });
  progress(
    `triage took ${outcome.durationMs} ms (${outcome.calls.logs} Logs calls, ${outcome.calls.lambda} Lambda calls)`,
  );
  if (outcome.kind === 'report') {
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(outcome.report, null, 2)}\n`
        : renderReportText(outcome.report),
    );
  } else {
    process.stdout.write(`${outcome.untriaged.problems.join('\n')}\n`);
  }
  if (!options.post) return;
  const token = await slackToken(context.clients, options.slackTokenSecret);
  const channel = options.channel ?? context.target.channel;
  const message =
    outcome.kind === 'report'
      ? renderAlertMessage(outcome.report, { mention: context.target.mention })
      : renderUntriagedAlert(outcome.untriaged, { mention: context.target.mention });
  const posted = await new WebApiSlackNotifier({
    token,
    slackApiUrl: process.env.SLACK_API_URL || undefined,
  }).postAlert(channel, message);
  progress(`posted to ${posted.channel} (ts ${posted.ts})`);
}

async function slackToken(clients: AwsClients, secretId: string | undefined): Promise<string> {
  const fromEnv = process.env.SLACK_BOT_TOKEN;
  if (!secretId && fromEnv) return fromEnv;
  if (!secretId)
    throw new LiveInputError('--post needs --slack-token-secret ID (Secrets Manager) or SLACK_BOT_TOKEN');
  const secret = await clients.secretsManager.send(new GetSecretValueCommand({ SecretId: secretId }));
  const value = secret.SecretString?.trim() ?? '';
  if (value.startsWith('{')) {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    const token = parsed.token ?? parsed.botToken ?? parsed.SLACK_BOT_TOKEN;
    if (typeof token === 'string') return token;
  }
  if (!value) throw new LiveInputError(`secret ${secretId} is empty`);
  return value;
}
