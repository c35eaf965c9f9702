import {
  executionLogGroupName,
  type RuntimeApi,
  type SlackMention,
  type TriageRuntimeConfig,
} from '../config/runtime-config.ts';
import type { BundleApi } from '../domain/bundle.ts';
import type { AlarmFacts } from '../parse/alarm.ts';

/** The API an alarm is about, as the triage will read it, and where its alert goes. */
export interface ApiTarget {
  api: BundleApi;
  functions: string[];
  channel: string;
  mention?: SlackMention;
  /** False when the alarm names an API the config does not list: the triage works from the alarm alone. */
  configured: boolean;
}

/**
 * Matches the alarm's dimensions (REST: ApiName + Stage; HTTP: ApiId + Stage) to a configured API.
 * An unknown API still gets an alert, to the default channel, with what the alarm itself says.
 */
export function resolveApiTarget(alarm: AlarmFacts, config: TriageRuntimeConfig): ApiTarget {
  const stage = alarm.api.stage ?? '';
  const match = config.apis.find((api) => matches(api, alarm, stage));
  if (!match) {
    return {
      api: {
        kind: alarm.api.kind ?? 'REST',
        apiId: alarm.api.apiId,
        apiName: alarm.api.apiName,
        stage: stage || 'unknown',
        region: alarm.region,
        accountId: alarm.accountId,
      },
      functions: [],
      channel: config.defaultSlackChannel,
      configured: false,
    };
  }
  const api: BundleApi = {
    kind: match.kind,
    apiId: match.apiId,
    apiName: match.apiName ?? alarm.api.apiName,
    stage,
    region: alarm.region,
    accountId: alarm.accountId,
    routes: match.routes,
  };
  if (match.kind === 'REST' && match.executionLogging)
    api.executionLogGroup = executionLogGroupName(match.apiId, stage);
  const accessLogGroup = match.accessLogGroups[stage];
  if (accessLogGroup) api.accessLogGroup = accessLogGroup;
  const functions = new Set(match.functions);
  for (const route of match.routes) if (route.functionName) functions.add(route.functionName);
  return {
    api,
    functions: [...functions],
    channel: match.slackChannel ?? config.defaultSlackChannel,
    mention: match.mention,
    configured: true,
  };
}

function matches(api: RuntimeApi, alarm: AlarmFacts, stage: string): boolean {
  if (!api.stages.includes(stage)) return false;
  if (api.kind === 'HTTP') return alarm.api.apiId === api.apiId;
  // REST alarms carry the API's name only (the ApiName dimension).
  return api.apiName !== undefined && alarm.api.apiName === api.apiName;
}
