import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBundle } from '../../shared/bundle/load-bundle.ts';
import type { IncidentBundle } from '../../shared/domain/bundle.ts';
import { triage } from '../../shared/engine/triage.ts';
import { incidentWindow } from '../../shared/engine/window.ts';
import { startLocalAws } from '../../shared/local/aws/server.ts';
import { parseAlarm } from '../../shared/parse/alarm.ts';
import { corpusBundle, REPO_ROOT } from '../support/corpus.ts';

/**
 * `gateway-triage record` against local endpoints that serve a bundle (through AWS_ENDPOINT_URL, as a
 * person would point it at LocalStack or a proxy) writes that bundle back: the round trip.
 */
const BIN = join(REPO_ROOT, 'bin/gateway-triage.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'gateway-triage-record-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/** What the served bundle holds inside the window record reads (lookback 10 minutes). */
function withinWindow(bundle: IncidentBundle): Record<string, string[]> {
  const window = incidentWindow(parseAlarm(bundle.alarm), 10);
  if (!window) throw new Error('corpus bundle without StateChangeTime');
  const groups: Record<string, string[]> = {};
  for (const [group, events] of Object.entries(bundle.logGroups)) {
    const kept = events
      .filter((e) => e.timestamp >= window.start && e.timestamp <= window.end)
      .map((e) => `${e.timestamp}|${e.logStreamName}|${e.message}`);
    if (kept.length > 0) groups[group] = kept.sort();
  }
  return groups;
}

describe('gateway-triage record', () => {
  it.each([
    ['fn-node-timeout-inventory-call.json', ['--function', 'orders-get-order']],
    [
      'gw-rest-29s-quote-pricing-powertools.json',
      [
        '--access-log-group',
        '/aws/apigateway/quotes-api/prod',
        '--function',
        'quote-pricing-engine',
        'quote-read',
      ],
    ],
  ])('writes back the bundle the endpoints serve: %s', async (name, flags) => {
    const served = corpusBundle(name);
    const local = await startLocalAws({ incident: served });
    try {
      const out = join(scratch, name);
      const env = {
        AWS_ENDPOINT_URL: local.endpoint,
        AWS_REGION: local.region,
        AWS_ACCESS_KEY_ID: 'AKIDRECORDTEST',
        AWS_SECRET_ACCESS_KEY: 'record-test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      const result = await run(
        [
          'record',
          '--alarm-name',
          String(served.alarm.AlarmName),
          '--api-id',
          served.api.apiId ?? '',
          '--out',
          out,
          ...flags,
        ],
        env,
      );
      expect(result.stderr).toContain('recorded');
      expect(result.code).toBe(0);
      const recorded = parseBundle(readFileSync(out, 'utf8'), out);

      const recordedGroups: Record<string, string[]> = {};
      for (const [group, events] of Object.entries(recorded.logGroups)) {
        if (events.length > 0)
          recordedGroups[group] = events.map((e) => `${e.timestamp}|${e.logStreamName}|${e.message}`).sort();
      }
      expect(recordedGroups).toEqual(withinWindow(served));
      for (const functionName of Object.keys(recorded.functions)) {
        expect(recorded.functions[functionName]).toEqual(served.functions[functionName]);
      }
      expect(recorded.alarm.AlarmArn).toBe(served.alarm.AlarmArn);
      expect(recorded.alarm.StateChangeTime).toBe(served.alarm.StateChangeTime);
      // Replaying what was recorded finds what replaying the original finds.
      expect(triage(recorded).rootCause.category).toBe(triage(served).rootCause.category);
      expect(local.callsOf('DescribeAlarms')).toHaveLength(1);
    } finally {
      await local.close();
    }
  });

  it('names the alarm it cannot find and exits 2', async () => {
    const served = corpusBundle('fn-node-timeout-inventory-call.json');
    const local = await startLocalAws({ incident: served });
    try {
      const result = await run(['record', '--alarm-name', 'no-such-alarm'], {
        AWS_ENDPOINT_URL: local.endpoint,
        AWS_REGION: local.region,
        AWS_ACCESS_KEY_ID: 'AKIDRECORDTEST',
        AWS_SECRET_ACCESS_KEY: 'record-test',
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no metric alarm named no-such-alarm');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await local.close();
    }
  });
});
