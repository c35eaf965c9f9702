import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CDK synth and local endpoints share two cores; forks keep native modules (dynalite) isolated.
    pool: 'forks',
  },
});
