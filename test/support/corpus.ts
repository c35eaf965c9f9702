import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBundle } from '../../shared/bundle/load-bundle.ts';
import type { IncidentBundle } from '../../shared/domain/bundle.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The labelled corpus beside the checkout (read-only). */
export const SHARED_CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus');
/** The project's own labelled bundles. */
export const PROJECT_BUNDLES_DIR = join(REPO_ROOT, 'test/bundles');

export interface CorpusCase {
  file: string;
  name: string;
  bundle: IncidentBundle;
}

export function loadCases(dir: string): CorpusCase[] {
  if (!existsSync(dir)) throw new Error(`corpus directory ${dir} is missing`);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      return { file, name, bundle: parseBundle(readFileSync(file, 'utf8'), file) };
    });
}

/** A fresh deep copy, so a test cannot change what the next one reads. */
export function corpusBundle(name: string): IncidentBundle {
  return structuredClone(loadCases(SHARED_CORPUS_DIR).find((c) => c.name === name)?.bundle ?? missing(name));
}

function missing(name: string): never {
  throw new Error(`no corpus bundle ${name}`);
}
