import { describe, expect, it } from 'vitest';
import {
  codeBlock,
  codePointLength,
  escapeMrkdwn,
  inlineCode,
  mrkdwnLine,
  mrkdwnText,
  plainText,
  sanitizeText,
  truncateMrkdwn,
} from '../../shared/slack/mrkdwn.ts';

describe('escapeMrkdwn', () => {
  it('escapes & first, then < and >', () => {
    expect(escapeMrkdwn('a & b < c > d &lt;')).toBe('a &amp; b &lt; c &gt; d &amp;lt;');
  });

  it('neutralises every mention and link form', () => {
    const out = escapeMrkdwn('<!channel> <!here> <@U123> <!subteam^S1> <https://evil.example|login>');
    expect(out).not.toMatch(/[<>]/);
    expect(out).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;!subteam^S1&gt; &lt;https://evil.example|login&gt;',
    );
  });

  it('defuses bare broadcast words with a word joiner', () => {
    expect(escapeMrkdwn('ping @here and @Channel, even @hereafter')).toBe(
      'ping @\u2060here and @\u2060Channel, even @\u2060hereafter',
    );
  });
});

describe('sanitizeText', () => {
  it('replaces lone surrogates, shows controls, drops bidi overrides, keeps joiners', () => {
    expect(sanitizeText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(sanitizeText('nul\u0000 bel\u0007 del\u007F')).toBe('nul\u2400 bel\u2407 del\u2421');
    expect(sanitizeText('\u202Eevil\u202C\u2066x\u2069')).toBe('evilx');
    expect(sanitizeText('👨‍👩‍👧 \u200F')).toBe('👨‍👩‍👧 \u200F');
    expect(sanitizeText('a\r\nb\rc')).toBe('a\nb\nc');
  });
});

describe('mrkdwnLine and mrkdwnText', () => {
  it('returns short text unchanged apart from escaping', () => {
    expect(mrkdwnLine('Timeout is 3 s & p95 2.98 s', 100)).toBe('Timeout is 3 s &amp; p95 2.98 s');
  });

  it('cuts with an explicit count of what is missing, measured after escaping', () => {
    const out = mrkdwnLine('<'.repeat(100), 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect(out).toMatch(/^(&lt;)+… \(\d+ more characters\)$/);
    const kept = (out.match(/&lt;/g) ?? []).length;
    expect(out).toContain(`(${100 - kept} more characters)`);
  });

  it('never splits a surrogate pair or an emoji sequence', () => {
    const family = '👨‍👩‍👧';
    for (let max = 25; max < 60; max += 1) {
      const out = mrkdwnLine(`${'😀'.repeat(10)}${family.repeat(5)}`, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      const body = out.replace(/… \(\d+ more characters?\)$/, '');
      expect(body.replaceAll(family, '').replaceAll('😀', '')).toBe('');
    }
  });

  it('cuts a single giant grapheme by code points rather than emit nothing', () => {
    const zalgo = `a${'\u0301'.repeat(500)}`;
    const out = mrkdwnLine(zalgo, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.startsWith('a\u0301')).toBe(true);
  });

  it('prefers a line boundary when one is near the cut', () => {
    const text = `${'first line '.repeat(5)}\n${'second line '.repeat(5)}\n${'third '.repeat(50)}`;
    const out = mrkdwnText(text, 150);
    expect(out.length).toBeLessThanOrEqual(150);
    expect(out).toMatch(/second line\n… \(\d+ more characters\)$/);
  });

  it('collapses whitespace in a line', () => {
    expect(mrkdwnLine(' a\n\tb   c ', 20)).toBe('a b c');
  });

  it('keeps balanced inline code but breaks fences and unpaired backticks', () => {
    expect(mrkdwnLine('set `Timeout` to 10', 100)).toBe('set `Timeout` to 10');
    expect(mrkdwnLine('``` fence', 100)).toBe('\u02CB\u02CB\u02CB fence');
    expect(mrkdwnLine('one ` two', 100)).toBe('one \u02CB two');
    const cut = mrkdwnLine(`\`${'x'.repeat(100)}\``, 40);
    expect((cut.match(/`/g) ?? []).length % 2).toBe(0);
  });
});

describe('inlineCode', () => {
  it('wraps, replaces backticks and stays closed when cut', () => {
    expect(inlineCode('orders-get-order', 40)).toBe('`orders-get-order`');
    expect(inlineCode('a`b', 40)).toBe('`a\u02CBb`');
    const cut = inlineCode('x'.repeat(200), 30);
    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut.startsWith('`') && cut.endsWith('`')).toBe(true);
    expect(inlineCode('   ', 10)).toBe('` `');
  });
});

describe('codeBlock', () => {
  it('fences escaped lines, one log line per line', () => {
    expect(codeBlock(['START RequestId: 1', '<!channel> & `x`'], { maxChars: 200, maxLineChars: 100 })).toBe(
      '```\nSTART RequestId: 1\n&lt;!channel&gt; &amp; \u02CBx\u02CB\n```',
    );
  });

  it('log text cannot close the fence', () => {
    const out = codeBlock(['before ``` after', '```'], { maxChars: 200, maxLineChars: 100 });
    expect(out.match(/```/g)).toHaveLength(2);
  });

  it('always emits the closing fence when cut, and says what was dropped', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i} ${'y'.repeat(500)}`);
    const out = codeBlock(lines, { maxChars: 1000, maxLineChars: 400 });
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out.startsWith('```\n')).toBe(true);
    expect(out.endsWith('\n```')).toBe(true);
    expect(out).toMatch(/… \(\d+ more lines\)\n```$/);
    expect(out).toMatch(/… \(\d+ more characters\)/);
  });

  it('keeps the first line even when it alone is huge', () => {
    const out = codeBlock(['&'.repeat(50_000)], { maxChars: 1000, maxLineChars: 400 });
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out).toContain('&amp;');
    expect(out.endsWith('\n```')).toBe(true);
  });
});

describe('plainText', () => {
  it('is one line, has no angle brackets, fits', () => {
    const out = plainText('<!channel>\nALARM & more', 150);
    expect(out).toBe('\u2039!channel\u203A ALARM & more');
    const long = plainText('é'.repeat(400), 150);
    expect(long.length).toBeLessThanOrEqual(150);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('truncateMrkdwn', () => {
  it('never leaves an entity, a <…> sequence or a code span half open', () => {
    const text = 'RESOLVED. Was: a &amp; b <!subteam^S1> `code` ```x```';
    for (let max = 1; max <= text.length; max += 1) {
      const out = truncateMrkdwn(text, max);
      expect(out.length).toBeLessThanOrEqual(Math.max(max, 1));
      expect(out).not.toMatch(/&[a-z]*…$/);
      expect(out.lastIndexOf('<')).toBeLessThanOrEqual(out.lastIndexOf('>'));
      expect((out.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });
});

describe('codePointLength', () => {
  it('counts code points', () => {
    expect(codePointLength('a😀b')).toBe(3);
  });
});
