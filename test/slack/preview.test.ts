import { describe, expect, it } from 'vitest';
import { mrkdwnToPlain, renderHtmlPreview, slackMessageToPlainText } from '../../shared/slack/preview.ts';
import { renderAlertMessage } from '../../shared/slack/render-alert.ts';
import { hostileReport, INSIGHTS_URL, timeoutReport } from './fixtures/reports.ts';

describe('slackMessageToPlainText', () => {
  it('reads like the message: header, sections, fields, code, buttons as label: url', () => {
    const text = slackMessageToPlainText(renderAlertMessage(timeoutReport(), { mention: 'S0123ABCD' }));
    expect(text).toMatchSnapshot();
    const lines = text.split('\n');
    expect(lines[0]).toBe('🔴 ALARM · orders-api (prod) · Lambda function timed out');
    expect(lines).toContain(
      '@S0123ABCD Lambda function timed out in `orders-get-order` · clients got HTTP 502',
    );
    expect(lines).toContain('Failing requests: 41 of 50 (82%) from this cause');
    expect(lines).toContain('Alarm: `orders-api-prod-5xx`, 5XXError Sum >= 5 over 1 × 60 s');
    expect(lines).toContain(
      '    2024-11-01T11:56:28.752Z 06f6dfcd-c1fb-460d-8614-df52e2470b05 Task timed out after 3.00 seconds',
    );
    expect(lines).toContain(`Logs Insights query for the failing requests: ${INSIGHTS_URL}`);
    expect(text).toContain('Alarm went to ALARM at 2024-11-01 12:01 UTC');
    expect(text).not.toMatch(/&(amp|lt|gt);|<!date/);
  });

  it('shows hostile log text as the literal text it was', () => {
    expect(mrkdwnToPlain('&lt;!channel&gt; &amp;lt; <!here> <https://x.example|label>')).toBe(
      '<!channel> &lt; @here label (https://x.example)',
    );
  });
});

describe('renderHtmlPreview', () => {
  it('is a self-contained page with the blocks drawn as HTML', () => {
    const html = renderHtmlPreview(
      renderAlertMessage(timeoutReport(), { mention: 'S0123ABCD' }),
      'orders <alert>',
    );
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>orders &lt;alert&gt;</title>');
    expect(html).toContain('<h1>🔴 ALARM · orders-api (prod) · Lambda function timed out</h1>');
    expect(html).toContain('<strong>Lambda function timed out</strong>');
    expect(html).toContain('<code>orders-get-order</code>');
    expect(html).toContain('<pre>2024-11-01T11:56:28.752Z');
    expect(html).toContain('<span class="mention">@S0123ABCD</span>');
    expect(html).toContain('<time>2024-11-01 12:01 UTC</time>');
    expect(html).toMatch(
      /<a class="button" href="https:\/\/us-east-1\.console\.aws\.amazon\.com[^"]*" aria-label="Open Logs Insights query for the failing requests"/,
    );
    expect(html).not.toMatch(/<script|<link|<img|src=/i);
  });

  it('escapes hostile text so nothing in it becomes markup', () => {
    const html = renderHtmlPreview(renderAlertMessage(hostileReport()), 'x');
    const tags = [...html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((match) => match[1]?.toLowerCase());
    const allowed = new Set([
      '!doctype',
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'main',
      'div',
      'b',
      'h1',
      'strong',
      'em',
      'del',
      'code',
      'pre',
      'br',
      'span',
      'time',
      'a',
      'hr',
      'figure',
    ]);
    expect(tags.filter((tag) => tag === undefined || !allowed.has(tag))).toEqual([]);
    expect(html).toContain('&lt;!channel&gt;');
    expect(html).not.toContain('javascript:');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\//);
  });
});

describe('mrkdwnToPlain and code spans', () => {
  it('keeps the asterisks of a command in a code span and removes bold elsewhere', () => {
    const text =
      '*Fix:* run `aws apigateway update-stage --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO`';
    expect(mrkdwnToPlain(text)).toBe(
      'Fix: run `aws apigateway update-stage --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO`',
    );
  });
});
