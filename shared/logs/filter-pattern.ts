import { InvalidFilterPatternError } from './errors.ts';
import { compileFilterRegex, type RegexBudget } from './filter-regex.ts';
import { closingQuote, compileJsonPattern, unescapeQuoted } from './json-filter-pattern.ts';

/**
 * CloudWatch Logs filter patterns, evaluated locally: the same semantics FilterLogEvents applies, so
 * a bundle replay and the local endpoints select exactly the events AWS would.
 *
 * Text patterns (case-sensitive, a term matches anywhere in the message: `ERROR` matches `ERRORCODE`):
 * - `ERROR Exception`: every term must appear; `"Method completed with status: 502"`: a quoted phrase;
 * - `-DEBUG` / `-"health check"`: the term must not appear;
 * - `?ERROR ?WARN`: OR. Each `?` starts a new alternative and the plain terms after it join that
 *   alternative, which is how CDK's `anyTermGroup` writes `(A and B) or (C and D)`: `?"A" "B" ?"C" "D"`;
 * - `%regex%`: at most two per pattern, a restricted character set, no parentheses.
 * Terms with characters other than letters, digits and `_` must be quoted, or AWS refuses the
 * pattern ("Invalid filter pattern"); so does this.
 *
 * JSON patterns `{ … }`: see json-filter-pattern.ts. Space-delimited patterns `[a, b = 4*, …]` are
 * refused with InvalidFilterPatternError: this project never writes them.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

/** FilterLogEvents' limit on `filterPattern`. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

export type MessageMatcher = (message: string) => boolean;

interface TextItem {
  negated: boolean;
  test: (message: string) => boolean;
}

const BARE_TERM = /^[\p{L}\p{N}_]+$/u;

/** Compiles a filter pattern once; the returned function tests one event message. */
export function compileFilterPattern(pattern: string): MessageMatcher {
  if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new InvalidFilterPatternError(
      pattern,
      `a filter pattern may have at most ${MAX_FILTER_PATTERN_LENGTH} characters (this one has ${pattern.length})`,
    );
  }
  const start = pattern.length - pattern.trimStart().length;
  const trimmed = pattern.trim();
  if (trimmed === '') return () => true;
  const budget: RegexBudget = { used: 0 };
  if (trimmed.startsWith('{')) {
    if (!trimmed.endsWith('}')) {
      throw new InvalidFilterPatternError(pattern, "a filter pattern that starts with '{' must end with '}'");
    }
    return compileJsonPattern(pattern, trimmed.slice(1, -1), start + 1, budget);
  }
  if (trimmed.startsWith('[')) {
    throw new InvalidFilterPatternError(
      pattern,
      'space-delimited patterns ([field, ...]) are not supported here; use terms or a JSON pattern',
      start,
    );
  }
  const alternatives = parseTextPattern(pattern, budget);
  return (message) =>
    alternatives.some((items) => items.every((item) => item.test(message) !== item.negated));
}

function parseTextPattern(pattern: string, budget: RegexBudget): TextItem[][] {
  const alternatives: TextItem[][] = [];
  let current: TextItem[] | undefined;
  let i = 0;
  const invalid = (reason: string, at: number) => new InvalidFilterPatternError(pattern, reason, at);
  const skipSpace = () => {
    while (i < pattern.length && /\s/.test(pattern.charAt(i))) i += 1;
  };
  for (skipSpace(); i < pattern.length; skipSpace()) {
    const itemStart = i;
    const startsAlternative = pattern.charAt(i) === '?';
    if (startsAlternative) i += 1;
    const negated = pattern.charAt(i) === '-';
    if (negated) {
      i += 1;
      skipSpace();
    }
    if (i >= pattern.length || /\s/.test(pattern.charAt(i)))
      throw invalid('expected a term after ? or -', itemStart);
    const c = pattern.charAt(i);
    let test: (message: string) => boolean;
    if (c === '"') {
      const end = closingQuote(pattern, i);
      if (end < 0) throw invalid('unterminated quoted term', i);
      const phrase = unescapeQuoted(pattern.slice(i + 1, end));
      test = (message) => message.includes(phrase);
      i = end + 1;
    } else if (c === '%') {
      const end = pattern.indexOf('%', i + 1);
      if (end < 0) throw invalid('unterminated regular expression (missing closing %)', i);
      const regex = compileFilterRegex(pattern.slice(i + 1, end), pattern, i, budget);
      test = (message) => regex.test(message);
      i = end + 1;
    } else if (c === '{' || c === '[') {
      throw invalid(
        `${c === '{' ? 'a JSON' : 'a space-delimited'} pattern must be the whole filter pattern`,
        i,
      );
    } else {
      let end = i;
      while (end < pattern.length && !/\s/.test(pattern.charAt(end))) end += 1;
      const term = pattern.slice(i, end);
      if (!BARE_TERM.test(term)) {
        throw invalid(
          `invalid character(s) in term ${JSON.stringify(term)}: quote terms that contain anything but letters, digits and _`,
          i,
        );
      }
      test = (message) => message.includes(term);
      i = end;
    }
    if (i < pattern.length && !/\s/.test(pattern.charAt(i))) {
      throw invalid('terms must be separated by spaces', i);
    }
    if (startsAlternative || !current) {
      current = [];
      alternatives.push(current);
    }
    current.push({ negated, test });
  }
  return alternatives;
}

/** Quotes a term the way CDK's FilterPattern does, so any text becomes one literal phrase. */
export function quoteFilterTerm(term: string): string {
  return `"${term.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Packs "any of these terms" into as few patterns as fit the 1024-character limit (first fit,
 * longest first): `?"t1" ?"t2" …`. A UUID costs 40 characters, so 25 fit in one pattern. An empty
 * list gives no pattern at all (nothing to look for), not the match-everything empty pattern.
 */
export function anyTermPattern(terms: readonly string[]): string[] {
  const unique = [...new Set(terms)];
  const alternatives = unique.map((term) => {
    if (term === '') {
      throw new InvalidFilterPatternError('', 'an empty term would match every event');
    }
    const alternative = `?${quoteFilterTerm(term)}`;
    if (alternative.length > MAX_FILTER_PATTERN_LENGTH) {
      throw new InvalidFilterPatternError(
        alternative.slice(0, 64),
        `the term alone is longer than ${MAX_FILTER_PATTERN_LENGTH} characters once quoted`,
      );
    }
    return alternative;
  });
  alternatives.sort((a, b) => b.length - a.length);
  const bins: string[][] = [];
  const sizes: number[] = [];
  for (const alternative of alternatives) {
    const index = sizes.findIndex((size) => size + 1 + alternative.length <= MAX_FILTER_PATTERN_LENGTH);
    if (index < 0) {
      bins.push([alternative]);
      sizes.push(alternative.length);
    } else {
      bins[index]?.push(alternative);
      sizes[index] = (sizes[index] ?? 0) + 1 + alternative.length;
    }
  }
  return bins.map((bin) => bin.join(' '));
}
