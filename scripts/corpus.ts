// npm run corpus: replays every labelled bundle (../shared/corpus and test/bundles), one line per case,
// totals per category, and a last line "N passed, N failed". Exit 1 when a case fails.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BundleError } from '../shared/bundle/errors.ts';
import { parseBundle } from '../shared/bundle/load-bundle.ts';
import { triage } from '../shared/engine/triage.ts';

const root = resolve(import.meta.dirname, '..');
const dirs = [resolve(root, '../shared/corpus'), join(root, 'test/bundles')];
const totals = new Map<string, { passed: number; failed: number }>();
let passed = 0;
let failed = 0;

for (const dir of dirs) {
  if (!existsSync(dir)) {
    console.log(`MISSING  ${dir}`);
    failed++;
    continue;
  }
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    const file = join(dir, name);
    let expected = '?';
    let line: string;
    let ok = false;
    try {
      const bundle = parseBundle(readFileSync(file, 'utf8'), file);
      expected = bundle.expected?.category ?? '(unlabelled)';
      const started = performance.now();
      const report = triage(bundle);
      const ms = performance.now() - started;
      const got = report.rootCause.category;
      const fnOk =
        !bundle.expected?.functionName || bundle.expected.functionName === report.rootCause.functionName;
      ok = got === expected && fnOk;
      const detail = ok
        ? ''
        : `  expected ${expected}${bundle.expected?.functionName ? ` (${bundle.expected.functionName})` : ''}, got ${got} (${report.rootCause.functionName ?? '-'})`;
      line = `${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(60)} ${got.padEnd(27)} ${report.rootCause.confidence.toFixed(2)}  ${ms.toFixed(0).padStart(4)} ms${detail}`;
    } catch (error) {
      line = `FAIL  ${name.padEnd(60)} ${error instanceof BundleError ? error.message : (error as Error).stack}`;
    }
    console.log(line);
    const total = totals.get(expected) ?? { passed: 0, failed: 0 };
    if (ok) {
      total.passed++;
      passed++;
    } else {
      total.failed++;
      failed++;
    }
    totals.set(expected, total);
  }
}

console.log('');
for (const [category, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${category.padEnd(28)} ${total.passed}/${total.passed + total.failed}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
