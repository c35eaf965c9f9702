// Regenerates the project's own synthetic bundles in test/bundles (deterministic; commit the output).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateIncident, type SyntheticOptions } from '../test/support/synthetic-incident.ts';

const dir = join(import.meta.dirname, '../test/bundles');
const cases: SyntheticOptions[] = [
  {
    id: 'demo-orders-lambda-timeout',
    requests: 60,
    failureRate: 0.3,
    failure: 'lambda-timeout',
    seed: 1,
    accessLog: true,
  },
  {
    id: 'synthetic-go-panic-error-level',
    requests: 80,
    failureRate: 0.2,
    failure: 'go-panic',
    seed: 2,
    logLevel: 'ERROR',
  },
  {
    id: 'synthetic-dotnet-null-reference',
    requests: 50,
    failureRate: 0.25,
    failure: 'dotnet-unhandled',
    seed: 3,
  },
  {
    id: 'synthetic-node-unhandled-access-log',
    requests: 50,
    failureRate: 0.3,
    failure: 'node-unhandled',
    seed: 4,
    accessLog: true,
  },
  {
    id: 'synthetic-malformed-null-error-level',
    requests: 40,
    failureRate: 0.5,
    failure: 'malformed-null',
    seed: 5,
    logLevel: 'ERROR',
  },
];
for (const options of cases) {
  writeFileSync(join(dir, `${options.id}.json`), `${JSON.stringify(generateIncident(options), null, 1)}\n`);
  console.log(`wrote test/bundles/${options.id}.json`);
}
