import { InvalidFilterPatternError } from './errors.ts';

/** CloudWatch Logs allows at most two `%regex%` terms in one filter pattern. */
export const MAX_REGEX_PER_PATTERN = 2;

// The documented character set: letters, digits, `: _ # = @ / ; , -` and the operators
// `^ $ ? [ ] { } | \ * + .`. Grouping with () is explicitly unsupported, so it is refused here too.
const ALLOWED_REGEX_CHARS = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]*$/;

/** Counts the regex terms of one pattern so the per-pattern limit can be enforced. */
export interface RegexBudget {
  used: number;
}

/**
 * Turns the body of a `%…%` term into a RegExp (unanchored, case-sensitive, as CloudWatch does),
 * or rejects it the way CloudWatch would.
 */
export function compileFilterRegex(
  source: string,
  pattern: string,
  position: number,
  budget: RegexBudget,
): RegExp {
  budget.used += 1;
  if (budget.used > MAX_REGEX_PER_PATTERN) {
    throw new InvalidFilterPatternError(
      pattern,
      `at most ${MAX_REGEX_PER_PATTERN} regular expressions are allowed in one filter pattern`,
      position,
    );
  }
  if (source.length === 0) {
    throw new InvalidFilterPatternError(pattern, 'empty regular expression %%', position);
  }
  if (!ALLOWED_REGEX_CHARS.test(source)) {
    throw new InvalidFilterPatternError(
      pattern,
      'regular expressions may only use letters, digits, : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + . (no parentheses)',
      position,
    );
  }
  try {
    return new RegExp(source);
  } catch (error) {
    throw new InvalidFilterPatternError(pattern, `invalid regular expression %${source}%`, position, {
      cause: error,
    });
  }
}
