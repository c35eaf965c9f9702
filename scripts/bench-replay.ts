// npm run bench: the engine on generated incidents of growing size (10-minute window, 5 % failing,
// INFO execution logs plus the function's logs). Prints events/s, the ratio to `grep -c` counting
// the failing lines of the same gateway text, and peak RSS. A script that prints numbers, not a test.
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBundle } from '../shared/bundle/load-bundle.ts';
import { triage } from '../shared/engine/triage.ts';
import { generateIncident } from '../test/support/synthetic-incident.ts';

const LINES_PER_REQUEST = 17; // what the generator writes per request at INFO (gateway side)
const RUNS = 5;

if (process.argv[2] === '--size') {
  measure(Number(process.argv[3]));
} else {
  // Each size in its own process, so that the peak memory printed is that size's own.
  const sizes = (process.argv[2] ?? '50000,100000,200000,400000').split(',').map(Number);
  console.log(`node ${process.version}, ${RUNS} runs per size, median shown; each size in a fresh process`);
  console.log(
    'gateway events | fn events | failing | engine ms | engine events/s | load+validate ms | end-to-end events/s | grep -c ms | grep lines/s | engine/grep | peak RSS',
  );
  for (const size of sizes) {
    await new Promise<void>((resolve, reject) => {
      const child = fork(new URL(import.meta.url).pathname, ['--size', String(size)], { stdio: 'inherit' });
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`size ${size}: exit ${code}`)),
      );
    });
  }
  console.log('engine: triage() on the parsed bundle; load+validate: JSON.parse and the zod bundle schema.');
  console.log(
    'grep -c runs as its own process: its time includes process start (~1-2 ms), as a person running it would pay.',
  );
  console.log(
    'peak RSS is the whole measuring process: the generated bundle, its JSON text and 5 parses of it.',
  );
}

function measure(target: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-triage-bench-'));
  try {
    const bundle = generateIncident({
      id: `bench-${target}`,
      requests: Math.round(target / LINES_PER_REQUEST),
      failureRate: 0.05,
      failure: 'lambda-timeout',
      seed: 7,
    });
    const execGroup = bundle.api.executionLogGroup ?? '';
    const gatewayEvents = bundle.logGroups[execGroup] ?? [];
    const functionEvents = Object.entries(bundle.logGroups)
      .filter(([group]) => group !== execGroup)
      .reduce((n, [, events]) => n + events.length, 0);
    const allEvents = gatewayEvents.length + functionEvents;
    const text = JSON.stringify(bundle);
    const gatewayText = join(dir, 'gateway.log');
    writeFileSync(gatewayText, `${gatewayEvents.map((e) => e.message.replace(/\n/g, '\\n')).join('\n')}\n`);

    const engineMs: number[] = [];
    const loadMs: number[] = [];
    let failing = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const parsed = parseBundle(text, 'bench.json');
      const t1 = performance.now();
      const report = triage(parsed);
      const t2 = performance.now();
      loadMs.push(t1 - t0);
      engineMs.push(t2 - t1);
      failing = report.affected.requests;
    }
    const grepMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      execFileSync('grep', ['-c', 'Method completed with status: 5', gatewayText]);
      grepMs.push(performance.now() - t0);
    }
    const engine = median(engineMs);
    const load = median(loadMs);
    const grep = median(grepMs);
    const engineRate = allEvents / (engine / 1000);
    const grepRate = gatewayEvents.length / (grep / 1000);
    console.log(
      [
        gatewayEvents.length.toLocaleString('en-US').padStart(14),
        functionEvents.toLocaleString('en-US').padStart(9),
        String(failing).padStart(7),
        engine.toFixed(1).padStart(9),
        Math.round(engineRate).toLocaleString('en-US').padStart(15),
        load.toFixed(1).padStart(16),
        Math.round(allEvents / ((engine + load) / 1000))
          .toLocaleString('en-US')
          .padStart(19),
        grep.toFixed(1).padStart(10),
        Math.round(grepRate).toLocaleString('en-US').padStart(12),
        (engineRate / grepRate).toFixed(2).padStart(11),
        `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`.padStart(8),
      ].join(' | '),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
