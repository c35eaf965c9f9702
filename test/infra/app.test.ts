import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleConfig } from './helpers.ts';

const APP = fileURLToPath(new URL('../../infra/bin/app.ts', import.meta.url));

/** Runs the CDK app the way `cdk synth` does: a Node process with context and an output directory. */
function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'gateway-triage-app-'));
  const result = spawnSync(process.execPath, [APP], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
    },
    timeout: 30_000,
  });
  return { ...result, outdir };
}

describe('the CDK app', () => {
  it('stops with the field and the reason when the config is malformed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-triage-config-'));
    const config = exampleConfig();
    const [first] = config.apis;
    if (first === undefined) throw new Error('example has APIs');
    first.alarm = { periodSeconds: 45 };
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify(config));

    const { status, stderr, outdir } = runApp({ config: path });

    expect(status).toBe(1);
    expect(stderr).toContain(`Invalid gateway-triage config (${path}):`);
    expect(stderr).toContain('apis[0].alarm.periodSeconds: must be at least 60 seconds');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(outdir, 'GatewayTriage.template.json'))).toBe(false);
  });

  it('synthesises the example stack, with cdk-nag, for the given account and Region', () => {
    const { status, stderr, outdir } = runApp({
      account: '111122223333',
      region: 'eu-west-1',
      stackName: 'Triage',
    });

    expect(stderr).not.toMatch(/AwsSolutions/);
    expect(status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { environment?: string }>;
    };
    expect(manifest.artifacts.Triage?.environment).toBe('aws://111122223333/eu-west-1');
    // Neither cdk-nag nor CDK's CloudFormation validation reported anything, not even a warning.
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);
  });
});
