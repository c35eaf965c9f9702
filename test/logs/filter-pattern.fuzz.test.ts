import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFilterPatternError } from '../../shared/logs/errors.ts';
import {
  anyTermPattern,
  compileFilterPattern,
  MAX_FILTER_PATTERN_LENGTH,
  quoteFilterTerm,
} from '../../shared/logs/filter-pattern.ts';

/** Compiles and runs; any exception other than InvalidFilterPatternError fails the property. */
function compileAndRun(pattern: string, messages: string[]): void {
  let matcher: (message: string) => boolean;
  try {
    matcher = compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof InvalidFilterPatternError) return;
    throw error;
  }
  for (const message of messages) expect(typeof matcher(message)).toBe('boolean');
}

// Pieces of the pattern language, so the fuzzer reaches deep into both parsers, not just the first error.
const piece = fc.constantFrom(
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '$',
  '$.a',
  '$.a.b',
  '$.x[0]',
  '[1]',
  '.',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '&&',
  '||',
  '&',
  '|',
  '!',
  '"',
  '\\',
  '"x y"',
  '%',
  '%a.b%',
  '%[a-',
  '?',
  '-',
  '*',
  ' ',
  '  ',
  'IS',
  'NULL',
  'NOT',
  'EXISTS',
  'TRUE',
  'false',
  'ERROR',
  '502',
  '-1.5e3',
  '1e',
  'é',
  '@',
);

const messages = fc.array(
  fc.oneof(
    fc.string(),
    fc.json(),
    fc.constant('{"a": {"b": "x"}, "x": [1, null, true], "n": 5}'),
    fc.constant('(c0ffee01-1111) Method completed with status: 502'),
  ),
  { maxLength: 4 },
);

describe('compileFilterPattern never throws anything but InvalidFilterPatternError', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), messages, compileAndRun), { numRuns: 3000 });
  });

  it('on arbitrary unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 120 }), messages, compileAndRun), {
      numRuns: 1000,
    });
  });

  it('on sequences of pattern-language pieces', () => {
    const pattern = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
    const spaced = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(fc.oneof(pattern, spaced), messages, compileAndRun), { numRuns: 5000 });
  });

  it('on deeply nested JSON patterns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), (depth) => {
        compileAndRun(`{ ${'('.repeat(depth)}$.a = 1${')'.repeat(depth)} }`, ['{"a": 1}']);
      }),
      { numRuns: 50 },
    );
  });
});

describe('quoting and packing properties', () => {
  const term = fc.string({ minLength: 1, maxLength: 60 });

  it('a quoted term matches exactly the messages that contain it', () => {
    fc.assert(
      fc.property(term, fc.string(), fc.string(), (t, before, after) => {
        const matcher = compileFilterPattern(quoteFilterTerm(t));
        expect(matcher(`${before}${t}${after}`)).toBe(true);
        expect(matcher(before)).toBe(before.includes(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('anyTermPattern selects the messages containing any term, within the length limit', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 80 }), fc.string(), (terms, message) => {
        const patterns = anyTermPattern(terms);
        for (const pattern of patterns) expect(pattern.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
        const selected = patterns.some((pattern) => compileFilterPattern(pattern)(message));
        expect(selected).toBe(terms.some((t) => message.includes(t)));
        const picked = terms[message.length % terms.length] ?? '';
        expect(patterns.some((pattern) => compileFilterPattern(pattern)(`>${picked}<`))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('uses the fewest patterns for same-length terms (UUIDs: 25 per pattern)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 120 }), (ids) => {
        expect(anyTermPattern(ids)).toHaveLength(Math.ceil(ids.length / 25));
      }),
      { numRuns: 200 },
    );
  });
});
