// npm run bench: the engine on generated incidents of growing size (10-minute window, 5 % failing,
// INFO execution logs plus the function's logs). Prints events/s, the ratio to `grep -c` counting
// the failing lines of the same gateway text, and peak RSS. A script that prints numbers, not a test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBundle } from '../shared/bundle/load-bundle.ts';
import { triage } from '../shared/engine/triage.ts';
import { generateIncident } from '../test/support/synthetic-incident.ts';

const LINES_PER_REQUEST = 17; // what the generator writes per request at INFO (gateway side)
const sizes = (process.argv[2] ?? '50000,100000,200000,400000').split(',').map(Number);
const runs = 5;
const dir = mkdtempSync(join(tmpdir(), 'gateway-triage-bench-'));

console.log(`node ${process.version}, ${runs} runs per size, median shown`);
console.log(
  'gateway events | fn events | failing | engine ms | engine events/s | load+validate ms | end-to-end events/s | grep -c ms | grep lines/s | engine/grep speed',
);
try {
  for (const target of sizes) {
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
      .filter(([g]) => g !== execGroup)
      .reduce((n, [, e]) => n + e.length, 0);
    const allEvents = gatewayEvents.length + functionEvents;

    const bundleFile = join(dir, 'bundle.json');
    const text = JSON.stringify(bundle);
    writeFileSync(bundleFile, text);
    const gatewayText = join(dir, 'gateway.log');
    writeFileSync(gatewayText, `${gatewayEvents.map((e) => e.message.replace(/\n/g, '\\n')).join('\n')}\n`);

    const engineMs: number[] = [];
    const loadMs: number[] = [];
    let failing = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const parsed = parseBundle(text, bundleFile);
      const t1 = performance.now();
      const report = triage(parsed);
      const t2 = performance.now();
      loadMs.push(t1 - t0);
      engineMs.push(t2 - t1);
      failing = report.affected.requests;
    }
    const grepMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      execFileSync('grep', ['-c', 'Method completed with status: 5', gatewayText]);
      grepMs.push(performance.now() - t0);
    }
    const engine = median(engineMs);
    const load = median(loadMs);
    const grep = median(grepMs);
    const engineRate = allEvents / (engine / 1000);
    const endToEndRate = allEvents / ((engine + load) / 1000);
    const grepRate = gatewayEvents.length / (grep / 1000);
    console.log(
      [
        gatewayEvents.length.toLocaleString('en-US').padStart(14),
        functionEvents.toLocaleString('en-US').padStart(9),
        String(failing).padStart(7),
        engine.toFixed(1).padStart(9),
        Math.round(engineRate).toLocaleString('en-US').padStart(15),
        load.toFixed(1).padStart(16),
        Math.round(endToEndRate).toLocaleString('en-US').padStart(19),
        grep.toFixed(1).padStart(10),
        Math.round(grepRate).toLocaleString('en-US').padStart(12),
        (engineRate / grepRate).toFixed(2).padStart(17),
      ].join(' | '),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log(
  'grep -c runs as its own process: its time includes process start (~1-2 ms), as a person running it would pay.',
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
