// npm run bench:live: the live path against the local endpoints with CloudWatch-like latency per call.
// A generated 10-minute incident (default 100k requests, 5 % failing, INFO execution logs) is served by
// the local endpoints in this process; the real handler runs in a child process, so its wall time to
// the Slack post, its API calls and its peak memory are its own. A script that prints numbers.
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { clearCache } from '@middy/util';
import { lambdaContext, startLocalTriageEnvironment } from '../shared/local/triage-environment.ts';
import { FILTER_LOG_EVENTS_PAGE } from '../shared/logs/pagination.ts';
import { generateIncident } from '../test/support/synthetic-incident.ts';

const { values } = parseArgs({
  options: {
    child: { type: 'boolean', default: false },
    requests: { type: 'string', default: '100000' },
    'log-level': { type: 'string', default: 'INFO' },
    'logs-latency': { type: 'string', default: '120' },
    'lambda-latency': { type: 'string', default: '40' },
  },
});

if (values.child) {
  // The Lambda side: env comes from the parent; one invocation, like the runtime.
  const { handler } = await import('../functions/triage/handler.ts');
  const event = JSON.parse(process.env.BENCH_EVENT ?? '{}');
  const started = performance.now();
  const result = await handler(event, lambdaContext(60_000));
  const usage = process.resourceUsage();
  clearCache();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.send?.({ wallMs: performance.now() - started, cpuMs, maxRssMb: usage.maxRSS / 1024, result });
  process.exit(0);
}

const requests = Number(values.requests);
const logLevel = values['log-level'] === 'ERROR' ? 'ERROR' : 'INFO';
const generated = performance.now();
const incident = generateIncident({
  id: 'bench-live',
  requests,
  failureRate: 0.05,
  failure: 'lambda-timeout',
  seed: 11,
  logLevel,
  accessLog: false,
});
const events = Object.values(incident.logGroups).reduce((n, e) => n + e.length, 0);
const local = await startLocalTriageEnvironment({ incident, channel: '#bench' });
local.aws.setLatency('FilterLogEvents', Number(values['logs-latency']));
for (const operation of [
  'GetFunctionConfiguration',
  'GetPolicy',
  'GetFunctionConcurrency',
  'GetSecretValue',
  'GetMetricWidgetImage',
]) {
  local.aws.setLatency(operation, Number(values['lambda-latency']));
}
console.log(
  `incident: ${requests.toLocaleString('en-US')} requests, 5 % failing, ${logLevel} execution logs, ${events.toLocaleString('en-US')} events (generated in ${((performance.now() - generated) / 1000).toFixed(1)} s)`,
);
console.log(
  `latency per call: FilterLogEvents ${values['logs-latency']} ms, Lambda/Secrets/CloudWatch ${values['lambda-latency']} ms`,
);

try {
  const startedAt = Date.now();
  const child = fork(new URL(import.meta.url).pathname, ['--child'], {
    env: {
      ...process.env,
      ...local.env,
      BENCH_EVENT: JSON.stringify(local.snsEvent(incident.alarm)),
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const report = await new Promise<{ wallMs: number; cpuMs: number; maxRssMb: number; result: unknown }>(
    (resolve, reject) => {
      child.once('message', (message) => resolve(message as never));
      child.once(
        'exit',
        (code) => code !== 0 && reject(new Error(`the handler process exited with ${code}`)),
      );
    },
  );
  const post = local.slack.requests.find((r) => r.method === 'chat.postMessage');
  const calls = local.aws.callsOf('FilterLogEvents');
  // The least the data needs: one call per distinct query (each id read can name at most 25 UUIDs in
  // its 1,024-character filter pattern); every call beyond that is a continuation page.
  const queries = new Set(
    calls.map((c) => `${String(c.params.logGroupName)}|${String(c.params.filterPattern ?? '')}`),
  );
  const groups = new Set(calls.map((c) => String(c.params.logGroupName)));
  const others = new Map<string, number>();
  for (const call of local.aws.calls)
    if (call.operation !== 'FilterLogEvents')
      others.set(call.operation, (others.get(call.operation) ?? 0) + 1);
  console.log(`handler wall time (invoke → result): ${(report.wallMs / 1000).toFixed(2)} s`);
  console.log(
    `time to the Slack post: ${post ? ((post.receivedAt - startedAt) / 1000).toFixed(2) : '?'} s after the invocation started (includes child process start)`,
  );
  console.log(
    `FilterLogEvents calls: ${calls.length} made; minimum ${queries.size} (the distinct queries over ${groups.size} log groups; continuation pages of ${FILTER_LOG_EVENTS_PAGE.maxEvents} events / 1 MB: ${calls.length - queries.size})`,
  );
  console.log(`other AWS calls: ${[...others].map(([op, n]) => `${op} ×${n}`).join(', ')}`);
  const latency = Number(values['logs-latency']);
  const serverMs = calls.reduce((sum, call) => sum + Math.max(0, call.durationMs - latency), 0);
  console.log(
    `handler CPU time (whole child process, including its start): ${(report.cpuMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `local Logs endpoint busy filtering ${events.toLocaleString('en-US')} events per query: ${(serverMs / 1000).toFixed(2)} s in all (on this machine's cores, shared with the handler; CloudWatch does this on its side)`,
  );
  console.log(`handler peak RSS: ${report.maxRssMb.toFixed(0)} MB`);
  console.log(`result: ${JSON.stringify(report.result)}`);
} finally {
  await local.close();
}
