import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_CAUSE_TITLES, ROOT_CAUSES } from '../../shared/domain/root-cause.ts';
import { REPO_ROOT, SHARED_CORPUS_DIR } from '../support/corpus.ts';

/** `gateway-triage replay` as a person runs it: a real process, real files, exit codes and streams. */

const BIN = join(REPO_ROOT, 'bin/gateway-triage.mjs');
const CORPUS_CASE = join(SHARED_CORPUS_DIR, 'gw-permission-old-api-id-after-recreate.json');
const scratch = mkdtempSync(join(tmpdir(), 'gateway-triage-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** process.execPath is the pinned Node 24 that runs vitest. */
function run(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 20 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

function expectNoStackTrace(result: Run): void {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/node:internal|\.ts:\d+:\d+/);
  expect(result.stdout).toBe('');
}

describe('replay --format json', () => {
  it('prints a report with the contract fields of incident-bundle.md', async () => {
    const result = await run('replay', CORPUS_CASE, '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const expected = JSON.parse(readFileSync(CORPUS_CASE, 'utf8')).expected;

    expect(report.alarm).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        state: 'ALARM',
        reason: expect.any(String),
        changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        link: expect.stringMatching(
          /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#alarmsV2:alarm\//,
        ),
      }),
    );
    expect(Date.parse(report.window.start)).toBeLessThan(Date.parse(report.window.end));
    expect(report.rootCause).toEqual(
      expect.objectContaining({
        category: expected.category,
        confidence: expect.any(Number),
        summary: expect.any(String),
        statusCode: 500,
        functionName: expected.functionName,
      }),
    );
    expect(ROOT_CAUSES).toContain(report.rootCause.category);
    expect(report.rootCause.confidence).toBeGreaterThan(0.5);
    expect(report.rootCause.confidence).toBeLessThanOrEqual(1);

    expect(report.causes.length).toBeGreaterThan(0);
    for (const cause of report.causes) {
      expect(cause).toEqual(
        expect.objectContaining({
          category: expect.any(String),
          requests: expect.any(Number),
          share: expect.any(Number),
          evidence: expect.any(Array),
          remediation: expect.any(Array),
        }),
      );
      for (const evidence of cause.evidence) {
        expect(Object.keys(evidence).sort()).toEqual([
          'logGroup',
          'logStreamName',
          'message',
          'requestId',
          'timestamp',
        ]);
      }
    }
    expect(report.causes[0].remediation.join('\n')).toContain('aws lambda add-permission');
    expect(report.affected).toEqual(
      expect.objectContaining({
        requests: expect.any(Number),
        routes: expect.any(Array),
        functions: expect.any(Array),
      }),
    );
    expect(report.affected.routes[0]).toEqual({
      method: 'POST',
      resource: '/webhooks/carrier',
      count: expect.any(Number),
    });
    expect(report.links.length).toBeGreaterThan(0);
    for (const link of report.links) {
      expect(typeof link.label).toBe('string');
      expect(new URL(link.url).protocol).toBe('https:');
    }
    expect(Array.isArray(report.gaps)).toBe(true);
  });
});

describe('replay (text)', () => {
  it('starts with the state, the alarm and the root cause', async () => {
    const result = await run('replay', CORPUS_CASE);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^ALARM \S+ — partners-api \(REST, stage prod, us-east-1\)$/);
    expect(lines[1]).toBe(
      `Root cause: ${ROOT_CAUSE_TITLES.LAMBDA_PERMISSION_DENIED} [LAMBDA_PERMISSION_DENIED], confidence ${lines[1]?.match(/confidence (\d+) %/)?.[1]} %`,
    );
    expect(lines[2]).toContain('carrier-webhook-ingest');
    expect(result.stdout).toContain('What to do:');
    expect(result.stdout).toContain('Links:');
  });

  it('says the same with --format text', async () => {
    const [implicit, explicit] = await Promise.all([
      run('replay', CORPUS_CASE),
      run('replay', CORPUS_CASE, '--format', 'text'),
    ]);
    expect(explicit.stdout).toBe(implicit.stdout);
  });
});

describe('bad input exits 2 with a message naming the file, never a stack trace', () => {
  it('a missing file', async () => {
    const missing = join(scratch, 'no-such-bundle.json');
    const result = await run('replay', missing, '--format', 'json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toContain('no such file');
    expectNoStackTrace(result);
  });

  it('a directory', async () => {
    const result = await run('replay', scratch);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(scratch);
    expectNoStackTrace(result);
  });

  it('invalid JSON', async () => {
    const path = file('broken.json', '{"version": 1, "id": "x",');
    const result = await run('replay', path);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toContain('not valid JSON');
    expectNoStackTrace(result);
  });

  it.each([
    [
      'api.kind',
      (bundle: Record<string, unknown>) => ((bundle.api as Record<string, unknown>).kind = 'SOAP'),
    ],
    ['version', (bundle: Record<string, unknown>) => (bundle.version = 2)],
    ['alarm', (bundle: Record<string, unknown>) => (bundle.alarm = 'ALARM')],
    [
      'logGroups["API-Gateway-Execution-Logs_p3w7c1v5hm/prod"][0].timestamp',
      (bundle: Record<string, unknown>) => {
        const groups = bundle.logGroups as Record<string, Array<Record<string, unknown>>>;
        const first = groups['API-Gateway-Execution-Logs_p3w7c1v5hm/prod']?.[0];
        if (first) first.timestamp = '2024-07-30T13:03:02Z';
      },
    ],
    [
      'functions["partners-get"].reservedConcurrency',
      (bundle: Record<string, unknown>) => {
        const functions = bundle.functions as Record<string, Record<string, unknown>>;
        if (functions['partners-get']) functions['partners-get'].reservedConcurrency = 'none';
      },
    ],
  ])('a bundle that breaks the contract at %s', async (field, breakIt) => {
    const bundle = JSON.parse(readFileSync(CORPUS_CASE, 'utf8'));
    breakIt(bundle);
    const path = file(`broken-${field.replace(/\W+/g, '-')}.json`, JSON.stringify(bundle));
    const result = await run('replay', path, '--format', 'json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toContain(`field ${field}`);
    expectNoStackTrace(result);
  });

  it('an unknown option', async () => {
    const result = await run('replay', CORPUS_CASE, '--bogus');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--bogus');
    expectNoStackTrace(result);
  });

  it('an unknown format, a missing argument and an unknown command', async () => {
    const [format, argument, command] = await Promise.all([
      run('replay', CORPUS_CASE, '--format', 'xml'),
      run('replay'),
      run('rewind', CORPUS_CASE),
    ]);
    for (const result of [format, argument, command]) {
      expect(result.code).toBe(2);
      expect(result.stderr.length).toBeGreaterThan(0);
      expectNoStackTrace(result);
    }
    expect(format.stderr).toContain('xml');
  });
});
