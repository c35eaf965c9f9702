import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeConsoleFragmentValue,
  encodeInsightsString,
  serializeInsightsValue,
  serializeQueryDetail,
  strictEncodeURIComponent,
  toWellFormed,
} from '../../shared/links/console-encoding.ts';

// Anything that could end or split a Slack `<url|label>` link, or a URL.
const SLACK_BREAKERS = /[|<>\s]/;

function decodeFragmentValue(encoded: string): string {
  return decodeURIComponent(encoded.replaceAll('$25', '%'));
}

function decodeInsightsString(encoded: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '*') {
      bytes.push(Number.parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(encoded.charCodeAt(i));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

// Full unicode, plus raw UTF-16 code units so lone surrogates (which make plain
// encodeURIComponent throw) show up too: unit 'binary' alone never yields them.
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
);

describe('encodeConsoleFragmentValue ($25 encoding)', () => {
  it('reproduces the Remotion test vector', () => {
    expect(encodeConsoleFragmentValue('"method=test"')).toBe('$2522method$253Dtest$2522');
  });

  it('reproduces the log stream vector', () => {
    expect(encodeConsoleFragmentValue('2024/06/30/[39]3ca8')).toBe('2024$252F06$252F30$252F$255B39$255D3ca8');
  });

  it("also escapes !'()* (Python quote does, Remotion does not)", () => {
    expect(encodeConsoleFragmentValue("{ ($.a = 1) }!'*")).toBe(
      '$257B$2520$2528$2524.a$2520$253D$25201$2529$2520$257D$2521$2527$252A',
    );
  });

  it('never throws and emits only unreserved characters and $', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const out = encodeConsoleFragmentValue(s);
        expect(out).toMatch(/^[A-Za-z0-9\-_.~$]*$/);
        expect(out).not.toMatch(SLACK_BREAKERS);
      }),
    );
  });

  it('round-trips through $25 → % and decodeURIComponent', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(decodeFragmentValue(encodeConsoleFragmentValue(s))).toBe(toWellFormed(s));
      }),
    );
  });
});

describe('strictEncodeURIComponent', () => {
  it("matches encodeURIComponent except for !'()*", () => {
    expect(strictEncodeURIComponent("a b/c(d)!'*%>")).toBe('a%20b%2Fc%28d%29%21%27%2A%25%3E');
  });

  it('never throws and round-trips', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const out = strictEncodeURIComponent(s);
        expect(out).toMatch(/^[A-Za-z0-9\-_.~%]*$/);
        expect(decodeURIComponent(out)).toBe(toWellFormed(s));
      }),
    );
  });
});

describe('encodeInsightsString (*xx encoding)', () => {
  it.each([
    ['/', '*2f'],
    [' ', '*20'],
    ['@', '*40'],
    [':', '*3a'],
    ['\n', '*0a'],
    ['|', '*7c'],
    ['A-z_0.9', 'A-z_0.9'],
    ["~'()*", '*7e*27*28*29*2a'],
    ['é€', '*c3*a9*e2*82*ac'],
  ])('%j → %s', (input, expected) => {
    expect(encodeInsightsString(input)).toBe(expected);
  });

  it('never throws, emits only [A-Za-z0-9_.-*] and round-trips as UTF-8', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const out = encodeInsightsString(s);
        expect(out).toMatch(/^(?:[A-Za-z0-9_.-]|\*[0-9a-f]{2})*$/);
        expect(out).not.toMatch(SLACK_BREAKERS);
        expect(decodeInsightsString(out)).toBe(toWellFormed(s));
      }),
    );
  });
});

describe('serializeInsightsValue (JSURL-like)', () => {
  it('writes objects, arrays, strings, numbers and booleans', () => {
    expect(
      serializeInsightsValue({ end: 0, start: -900, unit: 'seconds', live: false, source: ['a/b', 'c'] }),
    ).toBe("~(end~0~start~-900~unit~'seconds~live~false~source~(~'a*2fb~'c))");
  });

  it('writes empty containers and non-finite numbers as JSURL does', () => {
    expect(serializeInsightsValue({ a: [], b: {}, c: Number.NaN, d: null })).toBe(
      '~(a~(~)~b~()~c~null~d~null)',
    );
  });

  it('prefixes queryDetail with the encoded ?queryDetail=', () => {
    expect(serializeQueryDetail({ tz: 'UTC' })).toBe("$3FqueryDetail$3D~(tz~'UTC)");
  });

  it('never emits a Slack-breaking character for any string content', () => {
    fc.assert(
      fc.property(fc.dictionary(anyString, fc.oneof(anyString, fc.array(anyString))), (detail) => {
        expect(serializeQueryDetail(detail)).not.toMatch(SLACK_BREAKERS);
      }),
    );
  });
});
