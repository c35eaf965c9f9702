import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors.ts';
import { type GatewayTriageConfig, GatewayTriageConfigSchema } from './schema.ts';

/** Validates a config object (parsed JSON or a literal in a CDK app); throws ConfigError naming each bad field. */
export function parseConfig(input: unknown, source = 'inline config'): GatewayTriageConfig {
  const result = GatewayTriageConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(source, result.error.issues.flatMap(toConfigIssues), { cause: result.error });
}

/** Reads and validates a JSON config file. */
export function loadConfigFile(path: string): GatewayTriageConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `cannot read the file (${describe(error)})` }], {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `not valid JSON (${describe(error)})` }], {
      cause: error,
    });
  }
  return parseConfig(json, path);
}

/** `['apis', 0, 'alarm']` → `apis[0].alarm`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return index === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: 'unknown field (check its spelling against docs/deploy.md)',
    }));
  }
  return [{ path: formatPath(issue.path), message: describeIssue(issue) }];
}

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/** zod's messages, reworded for someone editing a JSON file. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      return issue.message.endsWith('received undefined') ? `required (${expected})` : `must be ${expected}`;
    }
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') {
        return issue.message.startsWith('Too small')
          ? `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`
          : issue.message;
      }
      return issue.message;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int') {
        return issue.message.startsWith('Too big')
          ? `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`
          : issue.message;
      }
      return issue.message;
    case 'invalid_key':
      return issue.issues.map((inner) => inner.message).join('; ');
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return issue.message;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
