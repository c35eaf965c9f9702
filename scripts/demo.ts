// npm run demo: the whole live path on this machine, no AWS account. Local endpoints on 127.0.0.1 speak
// the real wire protocols of CloudWatch Logs, Lambda, CloudWatch, Secrets Manager, SQS, DynamoDB and the
// Slack Web API and serve one of the project's incident bundles; the real handler (middy, Powertools,
// the real SDK clients and @slack/web-api) gets a real-shaped SNS event, like in Lambda.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clearCache } from '@middy/util';
import { parseBundle } from '../shared/bundle/load-bundle.ts';
import { lambdaContext, startLocalTriageEnvironment } from '../shared/local/triage-environment.ts';
import type { SlackMessage } from '../shared/slack/block-kit.ts';
import { renderHtmlPreview, slackMessageToPlainText } from '../shared/slack/preview.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    bundle: { type: 'string', default: join(root, 'test/bundles/demo-orders-lambda-timeout.json') },
    out: { type: 'string', default: join(root, 'demo-output') },
  },
});
const bundleFile = values.bundle ?? '';
const outDir = values.out ?? 'demo-output';
const bundle = parseBundle(readFileSync(bundleFile, 'utf8'), bundleFile);

const local = await startLocalTriageEnvironment({ incident: bundle, channel: '#orders-oncall' });
try {
  // The handler reads its environment at the first invocation, as in Lambda.
  Object.assign(process.env, local.env);
  mkdirSync(outDir, { recursive: true });
  const lambdaOutput = captureStdout(join(outDir, 'lambda-stdout.jsonl'));
  const { handler } = await import('../functions/triage/handler.ts');

  const alarm = bundle.alarm;
  const event = local.snsEvent(alarm);
  const started = performance.now();
  const firstRun = await handler(event, lambdaContext(60_000));
  const elapsed = performance.now() - started;
  // SNS delivers at least once: the same message again must not post twice.
  const again = await handler(event, lambdaContext(60_000));
  // Back to OK: the recovery lands in the alert's thread.
  const okAlarm = {
    ...alarm,
    OldStateValue: 'ALARM',
    NewStateValue: 'OK',
    NewStateReason:
      'Threshold Crossed: 1 datapoint [0.0] was not greater than or equal to the threshold (5.0).',
    StateChangeTime: new Date(
      Date.parse(String(alarm.StateChangeTime).replace(/(\d\d)(\d\d)$/, '$1:$2')) + 23 * 60_000,
    )
      .toISOString()
      .replace('Z', '+0000'),
  };
  const ok = await handler(local.snsEvent(okAlarm), lambdaContext(60_000));
  lambdaOutput.restore();

  const posted = local.slack.postedMessages();
  // The alert as first posted (the stored copy has since been marked resolved by chat.update).
  const first = local.slack.requests.find(
    (r) => r.method === 'chat.postMessage' && r.params.thread_ts === undefined,
  );
  const alert = posted[0];
  if (!first || !alert) throw new Error('the handler posted nothing to Slack');
  const message = asMessage(first.params);
  writeFileSync(
    join(outDir, 'slack-payload.json'),
    `${JSON.stringify({ channel: alert.channel, ...message }, null, 2)}\n`,
  );
  writeFileSync(
    join(outDir, 'slack-preview.html'),
    renderHtmlPreview(message, `gateway-triage: ${String(alarm.AlarmName)}`),
  );
  writeFileSync(join(outDir, 'slack-messages.json'), `${JSON.stringify(posted, null, 2)}\n`);

  const calls = new Map<string, number>();
  for (const call of local.aws.calls) calls.set(call.operation, (calls.get(call.operation) ?? 0) + 1);
  console.log(`Incident bundle: ${bundleFile}`);
  console.log(`SNS ALARM → handler → Slack in ${elapsed.toFixed(0)} ms: ${JSON.stringify(firstRun.results)}`);
  const topLevel = posted.filter((m) => m.threadTs === undefined).length;
  console.log(
    `Same SNS message again: ${JSON.stringify(again.results)}; top-level Slack messages: ${topLevel}`,
  );
  console.log(`OK transition: ${JSON.stringify(ok.results)}`);
  console.log(`AWS calls made: ${[...calls].map(([op, n]) => `${op} ×${n}`).join(', ')}`);
  console.log(`Slack calls: ${local.slack.requests.map((r) => r.method).join(', ')}`);
  console.log('');
  console.log(`── Slack message in ${alert.channel} ${'─'.repeat(40)}`);
  console.log(slackMessageToPlainText(message));
  for (const reply of posted.filter((m) => m.threadTs !== undefined)) {
    console.log(`── thread reply ${'─'.repeat(50)}`);
    console.log(slackMessageToPlainText(asMessage(reply)));
  }
  const files = local.slack.uploadedFiles();
  if (files.length > 0)
    console.log(`(${files.length} image attached in the thread: the 5XX graph from GetMetricWidgetImage)`);
  if (alert.updates > 0)
    console.log(`(the parent alert was updated ${alert.updates}× to show it is resolved)`);
  console.log('');
  console.log(`Block Kit payload: ${join(outDir, 'slack-payload.json')}`);
  console.log(`Preview to open in a browser: ${join(outDir, 'slack-preview.html')}`);
  console.log(
    `The handler's structured logs and EMF metrics (its stdout in Lambda): ${join(outDir, 'lambda-stdout.jsonl')} (${lambdaOutput.lines} lines)`,
  );
} finally {
  // middy refreshes cached secrets on a timer: in Lambda the environment freezes, here it would keep the process up.
  clearCache();
  await local.close();
}

function asMessage(source: { text?: unknown; blocks?: unknown }): SlackMessage {
  return {
    text: typeof source.text === 'string' ? source.text : '',
    blocks: (Array.isArray(source.blocks) ? source.blocks : []) as SlackMessage['blocks'],
  };
}

/** The handler's stdout (Powertools JSON logs and EMF metrics) goes to a file, as CloudWatch would keep it. */
function captureStdout(file: string): { restore(): void; readonly lines: number } {
  const write = process.stdout.write.bind(process.stdout);
  const chunks: string[] = [];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  return {
    restore() {
      process.stdout.write = write;
      writeFileSync(file, chunks.join(''));
    },
    get lines() {
      return chunks.join('').split('\n').filter(Boolean).length;
    },
  };
}
