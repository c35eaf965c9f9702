#!/usr/bin/env node
// Launcher: Node 24 runs the TypeScript sources directly (type stripping), no build step.
// `npx gateway-triage` from a checkout puts the pinned Node 24 (npm's `node` package) first on PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `gateway-triage needs Node.js 24 or newer (this is ${process.version}); run it through npx or npm run so the pinned Node is used.\n`,
  );
  process.exit(2);
}
const { main } = await import('../shared/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
