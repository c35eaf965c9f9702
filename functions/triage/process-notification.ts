import type { IncidentStore } from '../../shared/adapters/aws/incident-store.ts';
import type { MetricImageRenderer } from '../../shared/adapters/aws/metric-image.ts';
import { SlackDeliveryError } from '../../shared/adapters/slack/errors.ts';
import type { SlackNotifier } from '../../shared/adapters/slack/slack-notifier.ts';
import type { TriageRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { resolveApiTarget } from '../../shared/live/api-target.ts';
import { type Delivery, deliverAlarm } from '../../shared/live/deliver.ts';
import { type LiveTriageOutcome, runLiveTriage } from '../../shared/live/live-triage.ts';
import type { AlarmNotification } from '../../shared/parse/alarm-notification.ts';
import type { FunctionInspector } from '../../shared/ports/function-inspector.ts';
import type { LogReader } from '../../shared/ports/log-reader.ts';
import type { DeadLetterSink } from './dead-letter.ts';

/** What processing one notification needs; the handler builds the real ones, tests the local ones. */
export interface NotificationDependencies {
  config: TriageRuntimeConfig;
  logs: LogReader;
  lambda: FunctionInspector;
  notifier: SlackNotifier;
  store: IncidentStore;
  images?: MetricImageRenderer;
  deadLetters: DeadLetterSink;
  now: () => number;
  /** Epoch ms by which the triage must hand over to Slack (remaining time minus the posting budget). */
  triageDeadline: () => number;
  log: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
  metric: (
    name: string,
    value: number,
    unit: 'Count' | 'Milliseconds',
    dimension?: { name: string; value: string },
  ) => void;
}

export interface NotificationResult {
  state: string;
  delivery: Delivery | { kind: 'dead-lettered'; reason: string };
  rootCause?: string;
}

/**
 * One alarm notification: triage it (ALARM), deliver it (new alert, thread reply, or resolved), and
 * if Slack cannot take it, dead-letter the event with the reason. Rejects only when even the
 * dead-letter queue refuses, so that Lambda retries and its own failure destination keeps it.
 */
export async function processNotification(
  notification: AlarmNotification,
  deps: NotificationDependencies,
): Promise<NotificationResult> {
  const { alarm } = notification;
  const target = resolveApiTarget(alarm, deps.config);
  let outcome: LiveTriageOutcome | undefined;
  if (alarm.state === 'ALARM') {
    outcome = await runLiveTriage({
      message: notification.message,
      alarm,
      target,
      logs: deps.logs,
      lambda: deps.lambda,
      now: deps.now,
      deadline: deps.triageDeadline(),
      lookbackMinutes: deps.config.lookbackMinutes,
      maxFailingRequests: deps.config.maxFailingRequests,
    });
    recordOutcome(outcome, deps);
  }
  try {
    const delivery = await deliverAlarm(alarm, target, outcome, deps);
    deps.log('info', 'alarm delivered', { alarm: alarm.name, state: alarm.state, delivery: delivery.kind });
    return {
      state: alarm.state,
      delivery,
      rootCause: outcome?.kind === 'report' ? outcome.report.rootCause.category : undefined,
    };
  } catch (error) {
    const reason =
      error instanceof SlackDeliveryError
        ? `Slack: ${error.code} (${error.message})`
        : `delivery failed: ${(error as Error).message}`;
    deps.log('error', 'the alert could not be delivered; dead-lettering the event', {
      alarm: alarm.name,
      reason,
    });
    deps.metric('SlackDeliveryFailures', 1, 'Count');
    await deps.deadLetters.send({
      reason,
      messageId: notification.messageId,
      message: notification.message,
      failedAt: new Date(deps.now()).toISOString(),
    });
    deps.metric('DeadLettered', 1, 'Count');
    return { state: alarm.state, delivery: { kind: 'dead-lettered', reason } };
  }
}

function recordOutcome(outcome: LiveTriageOutcome, deps: NotificationDependencies): void {
  deps.metric('TriageDuration', outcome.durationMs, 'Milliseconds');
  deps.metric('LogsApiCalls', outcome.calls.logs, 'Count');
  deps.metric('LambdaApiCalls', outcome.calls.lambda, 'Count');
  if (outcome.kind === 'report') {
    deps.metric('Alarms', 1, 'Count', { name: 'RootCause', value: outcome.report.rootCause.category });
    deps.log('info', 'triage finished', {
      rootCause: outcome.report.rootCause.category,
      confidence: outcome.report.rootCause.confidence,
      failingRequests: outcome.report.affected.requests,
      durationMs: outcome.durationMs,
      calls: outcome.calls,
    });
  } else {
    deps.metric('Untriaged', 1, 'Count');
    deps.log('warn', 'triage did not finish; posting the alarm facts', {
      problems: outcome.untriaged.problems,
    });
  }
}
