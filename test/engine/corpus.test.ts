import { describe, expect, it } from 'vitest';
import { triage } from '../../shared/engine/triage.ts';
import { loadCases, PROJECT_BUNDLES_DIR, SHARED_CORPUS_DIR } from '../support/corpus.ts';

const cases = [...loadCases(SHARED_CORPUS_DIR), ...loadCases(PROJECT_BUNDLES_DIR)];

describe('labelled corpus', () => {
  it('has cases from the shared corpus and the project', () => {
    expect(cases.filter((c) => c.file.startsWith(SHARED_CORPUS_DIR)).length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s gets its expected root cause', (_name, { bundle }) => {
    const expected = bundle.expected;
    expect(expected, 'labelled bundles carry expected').toBeDefined();
    const report = triage(bundle);
    expect(report.rootCause.category).toBe(expected?.category);
    if (expected?.functionName) expect(report.rootCause.functionName).toBe(expected.functionName);
    if (expected?.category !== 'UNKNOWN') {
      expect(report.rootCause.confidence).toBeGreaterThan(0.5);
      expect(report.causes[0]?.evidence.length).toBeGreaterThan(0);
      expect(report.causes[0]?.remediation.length).toBeGreaterThan(0);
    } else {
      expect(report.gaps.length).toBeGreaterThan(0);
    }
  });
});
