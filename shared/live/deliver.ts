import type { IncidentRecord, IncidentStore } from '../adapters/aws/incident-store.ts';
import type { MetricImageRenderer } from '../adapters/aws/metric-image.ts';
import { SlackDeliveryError } from '../adapters/slack/errors.ts';
import type { SlackNotifier, SlackPostResult } from '../adapters/slack/slack-notifier.ts';
import { buildMetricWidget, widgetApiFrom, widgetWindow } from '../metrics/metric-widget.ts';
import type { AlarmFacts } from '../parse/alarm.ts';
import type { SlackMessage } from '../slack/block-kit.ts';
import { renderAlertMessage } from '../slack/render-alert.ts';
import {
  renderRepeatAlarmReply,
  renderResolvedParentUpdate,
  renderResolvedReply,
  renderUntriagedAlert,
  resolvedDurationText,
} from '../slack/render-lifecycle.ts';
import type { ApiTarget } from './api-target.ts';
import type { LiveTriageOutcome } from './live-triage.ts';

export interface DeliveryDependencies {
  notifier: SlackNotifier;
  store: IncidentStore;
  images?: MetricImageRenderer;
  now: () => number;
  log: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

export type Delivery =
  | { kind: 'alert'; post: SlackPostResult }
  | { kind: 'thread-reply'; post: SlackPostResult; threadTs: string }
  | { kind: 'resolved'; post: SlackPostResult; threadTs: string; durationMs: number }
  | { kind: 'ignored'; reason: string };

/**
 * Posts what the alarm transition calls for: a new alert for a new incident, a thread reply for a
 * repeat ALARM of an open one, and on OK a reply in the thread plus the parent rewritten as resolved.
 * Slack failures propagate as SlackDeliveryError (the caller dead-letters the event); the graph and
 * the parent update are extras whose failure is only logged.
 */
export async function deliverAlarm(
  alarm: AlarmFacts,
  target: ApiTarget,
  outcome: LiveTriageOutcome | undefined,
  deps: DeliveryDependencies,
): Promise<Delivery> {
  const alarmArn = alarm.arn ?? `alarm:${alarm.name}`;
  if (alarm.state === 'OK') return resolve(alarm, alarmArn, deps);
  if (alarm.state !== 'ALARM' || !outcome)
    return { kind: 'ignored', reason: `state ${alarm.state} is not alerted` };

  const open = await readOpenIncident(alarmArn, deps);
  if (open) {
    const reply =
      outcome.kind === 'report'
        ? renderRepeatAlarmReply(outcome.report)
        : renderUntriagedAlert(outcome.untriaged, { mention: target.mention });
    const post = await deps.notifier.postThreadReply(open.channel, open.ts, reply);
    return { kind: 'thread-reply', post, threadTs: open.ts };
  }

  const message: SlackMessage =
    outcome.kind === 'report'
      ? renderAlertMessage(outcome.report, { mention: target.mention })
      : renderUntriagedAlert(outcome.untriaged, { mention: target.mention });
  const post = await deps.notifier.postAlert(target.channel, message);
  // The incident began when the alarm fired, not when the triage ran.
  const firedAt = new Date(alarm.changedAt ?? deps.now()).toISOString();
  try {
    await deps.store.openIncident({
      alarmArn,
      channel: post.channel,
      ts: post.ts,
      firedAt,
      stateChangeTime: alarm.changedAt !== undefined ? new Date(alarm.changedAt).toISOString() : firedAt,
      parentMessage: JSON.stringify(message),
    });
  } catch (error) {
    // The alert is out; without the record the OK will post on its own instead of in the thread.
    deps.log('warn', 'could not record the Slack thread of the incident', {
      error: (error as Error).message,
    });
  }
  await attachGraph(alarm, target, post, deps);
  return { kind: 'alert', post };
}

async function resolve(alarm: AlarmFacts, alarmArn: string, deps: DeliveryDependencies): Promise<Delivery> {
  const resolvedAt =
    alarm.changedAt !== undefined
      ? new Date(alarm.changedAt).toISOString()
      : new Date(deps.now()).toISOString();
  const incident = await deps.store.resolveIncident(alarmArn, resolvedAt);
  if (!incident)
    return {
      kind: 'ignored',
      reason: 'OK without an open incident (already resolved, or its ALARM was never posted)',
    };
  const reply = renderResolvedReply({
    alarmName: alarm.name,
    firedAt: incident.firedAt,
    resolvedAt,
    reason: alarm.reason,
  });
  const post = await deps.notifier.postThreadReply(incident.channel, incident.ts, reply);
  await updateParent(incident, resolvedAt, deps);
  return { kind: 'resolved', post, threadTs: incident.ts, durationMs: incident.durationMs };
}

async function updateParent(
  incident: IncidentRecord,
  resolvedAt: string,
  deps: DeliveryDependencies,
): Promise<void> {
  if (!incident.parentMessage) return;
  try {
    const previous = JSON.parse(incident.parentMessage) as SlackMessage;
    const durationText = resolvedDurationText(incident.firedAt, resolvedAt) ?? 'a while';
    await deps.notifier.updateMessage(
      incident.channel,
      incident.ts,
      renderResolvedParentUpdate(previous, { resolvedAt, durationText }),
    );
  } catch (error) {
    deps.log('warn', 'could not mark the parent alert resolved', { error: (error as Error).message });
  }
}

async function readOpenIncident(
  alarmArn: string,
  deps: DeliveryDependencies,
): Promise<IncidentRecord | undefined> {
  try {
    return await deps.store.getOpenIncident(alarmArn);
  } catch (error) {
    // Better a second top-level alert than none.
    deps.log('warn', 'could not read the open incident; posting a new alert', {
      error: (error as Error).message,
    });
    return undefined;
  }
}

/** The 5XX graph in the thread, as AWS's own chat integration shows it; the alert never waits for it. */
async function attachGraph(
  alarm: AlarmFacts,
  target: ApiTarget,
  post: SlackPostResult,
  deps: DeliveryDependencies,
): Promise<void> {
  const api = widgetApiFrom(target.api);
  const region = alarm.region ?? target.api.region;
  if (!deps.images || !api || !region || alarm.changedAt === undefined) return;
  try {
    const alarmTime = new Date(alarm.changedAt).toISOString();
    const window = widgetWindow(alarmTime, new Date(deps.now()).toISOString());
    const rate = alarm.kind !== 'metric' || alarm.metric.statistic?.toUpperCase() === 'AVERAGE';
    const widget = buildMetricWidget({
      api,
      region,
      alarmTime,
      ...window,
      period: alarm.period ?? 60,
      threshold:
        alarm.threshold === undefined
          ? undefined
          : {
              value:
                alarm.metric.statistic?.toUpperCase() === 'AVERAGE' ? alarm.threshold * 100 : alarm.threshold,
              unit: rate ? 'percent' : 'count',
            },
    });
    const png = await deps.images.renderPng(widget, AbortSignal.timeout(5_000));
    await deps.notifier.uploadThreadImage(post.channel, post.ts, {
      png,
      filename: '5xx.png',
      title: `${target.api.apiName ?? target.api.apiId ?? 'API'} ${target.api.stage} 5XX`,
      altText: `5XX of ${target.api.apiName ?? target.api.apiId} stage ${target.api.stage} from ${window.start} to ${window.end}, alarm at ${alarmTime}`,
    });
  } catch (error) {
    deps.log(error instanceof SlackDeliveryError ? 'warn' : 'info', 'the 5XX graph was not attached', {
      error: (error as Error).message,
    });
  }
}
