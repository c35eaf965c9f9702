import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clearCache } from '@middy/util';
import type { Context } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerSummary } from '../../functions/triage/handler.ts';
import { type LocalTriageEnvironment, lambdaContext } from '../../shared/local/triage-environment.ts';
import { corpusBundle, REPO_ROOT } from '../support/corpus.ts';
import { headerOf, OutputCapture, startEnvironment } from './support.ts';

/**
 * What Lambda runs is the esbuild bundle, not the TypeScript sources: built here with the options
 * the CDK stack gives NodejsFunction (infra/lib/GatewayTriage.ts), then invoked in this process with
 * the environment Lambda would give it, pointed at the local endpoints by the AWS_ENDPOINT_URL*
 * variables only (no client overrides).
 */

const bundle = corpusBundle('fn-node-timeout-inventory-call.json');
const capture = new OutputCapture();
const outDir = mkdtempSync(join(tmpdir(), 'gateway-triage-bundle-'));
const outFile = join(outDir, 'index.mjs');
let env: LocalTriageEnvironment;

type BundledHandler = (event: unknown, context: Context) => Promise<HandlerSummary>;

beforeAll(async () => {
  env = await startEnvironment(bundle, '#orders-oncall');
  // The NodejsFunction bundling of the stack, as esbuild options (runtime NODEJS_24_X → node24).
  await build({
    entryPoints: [join(REPO_ROOT, 'functions/triage/handler.ts')],
    bundle: true,
    outfile: outFile,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    external: [],
    minify: true,
    keepNames: true,
    sourcemap: false,
    logLevel: 'warning',
    absWorkingDir: REPO_ROOT,
  });
}, 60_000);

afterAll(async () => {
  capture.stop();
  clearCache();
  await env?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** Runs `work` with process.env extended by `vars`, then puts every variable back as it was. */
async function withEnvironment<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = new Map(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await work();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('the bundled handler', () => {
  it('is one self-contained ESM file that starts with the createRequire banner', () => {
    const code = readFileSync(outFile, 'utf8');
    expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    // Nothing left to resolve from node_modules at run time: only node: built-ins are imported.
    const imports = [...code.matchAll(/\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)].map(
      (match) => match[1] ?? match[2],
    );
    expect(imports.filter((specifier) => !specifier?.startsWith('node:'))).toEqual([]);
  });

  it('posts one alert through the local endpoints named by AWS_ENDPOINT_URL*, and once only', async () => {
    const event = env.snsEvent(bundle.alarm);
    const results = await withEnvironment(env.env, async () => {
      const module = (await import(pathToFileURL(outFile).href)) as { handler: BundledHandler };
      capture.start();
      try {
        const first = await module.handler(event, lambdaContext(30_000));
        const again = await module.handler(event, lambdaContext(30_000));
        return [first, again];
      } finally {
        capture.stop();
      }
    });
    expect(process.env.AWS_ENDPOINT_URL).not.toBe(env.env.AWS_ENDPOINT_URL);

    expect(results[0]?.results).toEqual([
      expect.objectContaining({ state: 'ALARM', outcome: 'alert', rootCause: 'LAMBDA_TIMEOUT' }),
    ]);
    expect(results[1]?.results).toEqual(results[0]?.results);
    const posted = env.slack.postedMessages();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.channel).toBe('#orders-oncall');
    expect(headerOf(posted[0] ?? {})).toBe(
      ':red_circle: ALARM · orders-api (prod) · Lambda function timed out',
    );
    // Every AWS call went to the local endpoints: the token, the logs, the function, the graph.
    const operations = new Set(env.aws.calls.map((call) => call.operation));
    expect([...operations].sort()).toEqual(
      [
        'FilterLogEvents',
        'GetFunctionConcurrency',
        'GetFunctionConfiguration',
        'GetMetricWidgetImage',
        'GetPolicy',
        'GetSecretValue',
      ].sort(),
    );
    expect(env.slack.uploadedFiles()).toHaveLength(1);
    expect(capture.logs()).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'triage finished', service: 'gateway-triage' }),
    );
  });
});
