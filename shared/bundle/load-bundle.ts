import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { BundleSchema, type IncidentBundle } from '../domain/bundle.ts';
import { BundleError } from './errors.ts';

/** Reads and validates an incident bundle; every failure is a BundleError naming the file and field. */
export async function loadBundle(file: string): Promise<IncidentBundle> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a bundle file'
          : (error as Error).message;
    throw new BundleError(file, reason, { cause: error });
  }
  return parseBundle(text, file);
}

export function parseBundle(text: string, file = 'bundle'): IncidentBundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BundleError(file, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = BundleSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue ? fieldPath(issue.path) : undefined;
    const more =
      result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
    throw new BundleError(file, `field ${field || '(root)'}: ${issue?.message ?? 'invalid'}${more}`, {
      field,
    });
  }
  return result.data;
}

/** `logGroups["/aws/lambda/x"][3].timestamp`, as a person would point at it. */
function fieldPath(path: z.core.$ZodIssue['path']): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
