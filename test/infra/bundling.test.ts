import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { GatewayTriageStack } from '../../infra/lib/GatewayTriageStack.ts';
import { exampleConfig } from './helpers.ts';

// The one synth in this suite that really bundles: local esbuild, no Docker, no network.
describe('bundling the triage handler', () => {
  it('produces one ESM file with the createRequire banner, exporting handler', () => {
    const app = new App();
    new GatewayTriageStack(app, 'Bundled', { config: exampleConfig() });

    const assembly = app.synth();

    const assets = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const [asset] = assets;
    const files = readdirSync(join(assembly.directory, asset ?? ''));
    expect(files).toEqual(['index.mjs']);
    const code = readFileSync(join(assembly.directory, asset ?? '', 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(code).not.toMatch(/\bmodule\.exports\s*=/);
  });
});
