import { describe, expect, it } from 'vitest';
import { InvalidFilterPatternError } from '../../shared/logs/errors.ts';
import {
  anyTermPattern,
  compileFilterPattern,
  MAX_FILTER_PATTERN_LENGTH,
  quoteFilterTerm,
} from '../../shared/logs/filter-pattern.ts';

const matches = (pattern: string, message: string) => compileFilterPattern(pattern)(message);

function rejection(pattern: string): InvalidFilterPatternError {
  try {
    compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof InvalidFilterPatternError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to be rejected`);
}

describe('text patterns', () => {
  it('matches everything with an empty or blank pattern', () => {
    expect(matches('', 'anything')).toBe(true);
    expect(matches('   ', '')).toBe(true);
  });

  it('matches a term anywhere in the message, case-sensitively (the documented ERRORCODE example)', () => {
    expect(matches('ERROR', '[ERROR] A fatal exception has occurred')).toBe(true);
    expect(matches('ERROR', 'Exiting with ERRORCODE: -1')).toBe(true);
    expect(matches('ERROR', 'error: lower case')).toBe(false);
  });

  it('ANDs terms and excludes -terms', () => {
    expect(matches('ERROR Exception', '[ERROR] Caught IllegalArgumentException')).toBe(true);
    expect(matches('ERROR Exception', '[ERROR] Caught it')).toBe(false);
    expect(matches('ERROR -Exiting', 'Exiting with ERRORCODE: -1')).toBe(false);
    expect(matches('ERROR -Exiting', '[ERROR] A fatal exception')).toBe(true);
    expect(matches('-DEBUG', 'INFO hello')).toBe(true);
    expect(matches('-DEBUG', 'DEBUG hello')).toBe(false);
    expect(matches('ERROR - "Exiting"', 'Exiting with ERRORCODE')).toBe(false);
  });

  it('matches the documented ERROR / WARN OR examples', () => {
    const events = ['ERROR WARN message', 'ERROR message', 'WARN message'];
    expect(events.filter((e) => matches('ERROR', e))).toEqual(events.slice(0, 2));
    expect(events.filter((e) => matches('?ERROR ?WARN', e))).toEqual(events);
    expect(events.filter((e) => matches('ERROR WARN', e))).toEqual(events.slice(0, 1));
    expect(events.filter((e) => matches('ERROR -WARN', e))).toEqual(events.slice(1, 2));
  });

  it('reads ? groups the way CDK anyTermGroup writes them: (A and B) or (C and D)', () => {
    const pattern = '?"ERROR" "MainThread" ?"WARN" "Deadlock"';
    expect(matches(pattern, 'ERROR in MainThread')).toBe(true);
    expect(matches(pattern, 'WARN Deadlock found')).toBe(true);
    expect(matches(pattern, 'ERROR Deadlock')).toBe(false);
  });

  it('matches quoted phrases literally, with CDK escapes', () => {
    const message = '(c0ffee01-1111) Method completed with status: 502';
    expect(matches('"Method completed with status: 502"', message)).toBe(true);
    expect(matches('"Method completed with status: 504"', message)).toBe(false);
    expect(matches('"say \\"hi\\""', 'they say "hi" here')).toBe(true);
    expect(matches('"C:\\\\temp"', 'path C:\\temp')).toBe(true);
  });

  it('matches %regex% terms', () => {
    expect(matches('%[Ee]rror|[Ff]ail%', 'an error')).toBe(true);
    expect(matches('%^[hc]at%', 'cat food')).toBe(true);
    expect(matches('%^[hc]at%', 'the cat')).toBe(false);
    expect(matches('%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', 'from 10.0.0.12')).toBe(true);
  });

  it('rejects what CloudWatch rejects', () => {
    expect(rejection('email@domain.com').reason).toMatch(/invalid character/);
    expect(rejection('"unterminated').reason).toMatch(/unterminated/);
    expect(rejection('?').reason).toMatch(/expected a term/);
    expect(rejection('ERROR -').reason).toMatch(/expected a term/);
    expect(rejection('"a""b"').reason).toMatch(/separated/);
    expect(rejection('%a(b)%').reason).toMatch(/parentheses/);
    expect(rejection('%a% %b% %c%').reason).toMatch(/at most 2/);
    expect(rejection('%[%').reason).toMatch(/invalid regular expression/);
    expect(rejection('[ip, user, status_code = 4*]').reason).toMatch(/space-delimited/);
    expect(rejection('ERROR { $.a = 1 }').reason).toMatch(/whole filter pattern/);
    expect(rejection('x'.repeat(MAX_FILTER_PATTERN_LENGTH + 1)).reason).toMatch(/1024/);
  });
});

describe('JSON patterns', () => {
  const trail = JSON.stringify({
    eventType: 'UpdateTrail',
    sourceIPAddress: '111.111.111.111',
    arrayKey: ['value', 'another value'],
    objectList: [
      { name: 'a', id: 1 },
      { name: 'b', id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
  });

  it('matches the documented examples', () => {
    expect(matches('{ $.eventType = "UpdateTrail" }', trail)).toBe(true);
    expect(matches('{ $.sourceIPAddress != 123.123.* }', trail)).toBe(true);
    expect(matches('{ $.sourceIPAddress != 111.111.* }', trail)).toBe(false);
    expect(matches('{ $.arrayKey[0] = "value" }', trail)).toBe(true);
    expect(matches('{ $.objectList[1].id = 2 }', trail)).toBe(true);
    expect(matches('{ $.SomeObject IS NULL }', trail)).toBe(true);
    expect(matches('{ $.SomeOtherObject NOT EXISTS }', trail)).toBe(true);
    expect(matches('{ $.SomeObject NOT EXISTS }', trail)).toBe(false);
    expect(matches('{ $.ThisFlag IS TRUE }', trail)).toBe(true);
    expect(matches('{ $.ThisFlag IS FALSE }', trail)).toBe(false);
  });

  it('follows () > && > || precedence (the documented compound examples)', () => {
    const doc = JSON.stringify({
      user: { id: 1, email: 'John.Stiles@example.com' },
      users: [
        { id: 2, email: 'John.Doe@example.com' },
        { id: 3, email: 'Jane.Doe@example.com' },
      ],
      actions: ['GET', 'PUT', 'DELETE'],
      coordinates: [
        [0, 1, 2],
        [4, 5, 6],
      ],
    });
    expect(matches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', doc)).toBe(true);
    expect(matches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', doc)).toBe(
      false,
    );
    expect(
      matches(
        '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
        doc,
      ),
    ).toBe(true);
    expect(
      matches(
        '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
        doc,
      ),
    ).toBe(false);
  });

  it('compares numbers', () => {
    const doc = '{"latency": 500, "numbers": [9, 0.001], "errorCode": 400}';
    expect(matches('{ $.latency >= 500 }', doc)).toBe(true);
    expect(matches('{ $.latency > 500 }', doc)).toBe(false);
    expect(matches('{ $.numbers[0] < 10e3 }', doc)).toBe(true);
    expect(matches('{ $.numbers[1] <= 10e-3 }', doc)).toBe(true);
    expect(matches('{ $.errorCode = 400 }', doc)).toBe(true);
    expect(matches('{ $.errorCode != 500 }', doc)).toBe(true);
    expect(matches('{ $.latency > +1000 }', doc)).toBe(false);
    expect(matches('{$.latency>=500&&$.errorCode=400}', doc)).toBe(true);
  });

  it('applies * wildcards at the start or end of string values only', () => {
    const doc = '{"a": "PutEvent", "b": "EventId", "c": "Ev*ent"}';
    expect(matches('{ $.a = *Event }', doc)).toBe(true);
    expect(matches('{ $.b = Event* }', doc)).toBe(true);
    expect(matches('{ $.c = "Ev*ent" }', doc)).toBe(true);
    expect(matches('{ $.a = "Put*nt" }', doc)).toBe(false);
    expect(matches('{ $.a = * }', doc)).toBe(true);
    expect(matches('{ $.missing = * }', doc)).toBe(false);
  });

  it('ignores selectors on objects or arrays, and messages that are not JSON', () => {
    expect(matches('{ $.users = 1 }', '{"users": [1, 2, 3]}')).toBe(false);
    expect(matches('{ $.users != 1 }', '{"users": [1, 2, 3]}')).toBe(false);
    expect(matches('{ $.x NOT EXISTS }', 'START RequestId: abc Version: $LATEST')).toBe(false);
    expect(matches('{ $.level = "ERROR" }', '{"level": "ERROR", "message": "boom"}')).toBe(true);
  });

  it('matches regex values', () => {
    expect(matches('{ $.path = %^/orders/[0-9]+$% }', '{"path": "/orders/42"}')).toBe(true);
    expect(matches('{ $.path != %^/orders% }', '{"path": "/orders/42"}')).toBe(false);
  });

  it('rejects malformed JSON patterns', () => {
    expect(rejection('{ $.a = 1').reason).toMatch(/must end with/);
    expect(rejection('{ }').reason).toMatch(/empty/);
    expect(rejection('{ $.a == 1 }').reason).toMatch(/use =/);
    expect(rejection('{ $.a > "x" }').reason).toMatch(/numbers only/);
    expect(rejection('{ $.a = 1 $.b = 2 }').reason).toMatch(/&& or \|\|/);
    expect(rejection('{ ($.a = 1 }').reason).toMatch(/expected \)/);
    expect(rejection('{ $ = 1 }').reason).toMatch(/must name a property/);
    expect(rejection('{ $.a IS MAYBE }').reason).toMatch(/IS NULL/);
    expect(rejection('{ $.a = x@y }').reason).toMatch(/unexpected character/);
  });
});

describe('quoteFilterTerm and anyTermPattern', () => {
  it('quotes like CDK', () => {
    expect(quoteFilterTerm('a b')).toBe('"a b"');
    expect(quoteFilterTerm('c"d')).toBe('"c\\"d"');
    expect(quoteFilterTerm('x\\y')).toBe('"x\\\\y"');
  });

  it('packs 25 UUIDs into one pattern and 50 into two', () => {
    const ids = Array.from(
      { length: 50 },
      (_, i) => `c0ffee${String(i).padStart(2, '0')}-1111-2222-3333-444455556666`,
    );
    expect(anyTermPattern(ids.slice(0, 25))).toHaveLength(1);
    const patterns = anyTermPattern(ids);
    expect(patterns).toHaveLength(2);
    for (const pattern of patterns) expect(pattern.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
    expect(anyTermPattern(ids.slice(0, 26))).toHaveLength(2);
    const hits = ids.filter((id) =>
      patterns.some((p) => matches(p, `(${id}) Method completed with status: 502`)),
    );
    expect(hits).toEqual(ids);
    expect(patterns.some((p) => matches(p, '(deadbeef-0000) Method completed'))).toBe(false);
  });

  it('gives no pattern for no terms and refuses empty or oversized terms', () => {
    expect(anyTermPattern([])).toEqual([]);
    expect(() => anyTermPattern([''])).toThrow(InvalidFilterPatternError);
    expect(() => anyTermPattern(['x'.repeat(1100)])).toThrow(InvalidFilterPatternError);
  });
});
