import { describe, expect, it } from 'vitest';
import type { SectionBlock, SlackMessage } from '../../shared/slack/block-kit.ts';
import { renderTextOnlyFallback } from '../../shared/slack/fallback.ts';
import { renderAlertMessage } from '../../shared/slack/render-alert.ts';
import {
  hostileReport,
  httpApiMalformedReport,
  INSIGHTS_URL,
  timeoutReport,
  unknownReport,
} from './fixtures/reports.ts';
import { messageProblems } from './safety.ts';

function section(message: SlackMessage, id: string): SectionBlock {
  const block = message.blocks.find((candidate) => candidate.block_id === id);
  if (block?.type !== 'section') throw new Error(`no section ${id}`);
  return block;
}

describe('renderAlertMessage: a Lambda timeout', () => {
  it('matches the reviewed payload', () => {
    expect(renderAlertMessage(timeoutReport(), { mention: 'S0123ABCD' })).toMatchSnapshot();
  });

  it('says state, API, cause, function and numbers first in the notification text', () => {
    const { text } = renderAlertMessage(timeoutReport(), { mention: 'S0123ABCD' });
    expect(
      text.startsWith(
        'ALARM orders-api (prod) 5XX: Lambda function timed out in orders-get-order on 41 of 50 failing requests (82%).',
      ),
    ).toBe(true);
    expect(text.endsWith(' <!subteam^S0123ABCD>')).toBe(true);
    expect(text).not.toMatch(/[*_`]/);
  });

  it('lays the blocks out in the order a person reads them, with unique ids', () => {
    const message = renderAlertMessage(timeoutReport(), { mention: 'S0123ABCD' });
    expect(message.blocks.map((block) => block.block_id)).toEqual([
      'alert-header',
      'alert-summary',
      'alert-counts',
      'alert-evidence',
      'alert-remediation',
      'alert-deploys',
      'alert-links',
      'alert-context',
    ]);
    const header = message.blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe(
      ':red_circle: ALARM · orders-api (prod) · Lambda function timed out',
    );
    expect(messageProblems(message, '<!subteam^S0123ABCD>')).toEqual([]);
  });

  it('puts the mention in the text and the first section only', () => {
    const message = renderAlertMessage(timeoutReport(), { mention: 'U0ONCALL1' });
    const json = JSON.stringify(message);
    expect(json.match(/<@U0ONCALL1>/g)).toHaveLength(2);
    expect(
      section(message, 'alert-summary').text?.text.startsWith('<@U0ONCALL1> *Lambda function timed out*'),
    ).toBe(true);
    expect(JSON.stringify(renderAlertMessage(timeoutReport()))).not.toMatch(/<[@!](?!date)/);
  });

  it('builds mentions only from a valid configured value', () => {
    expect(renderAlertMessage(timeoutReport(), { mention: 'here' }).text).toMatch(/ <!here>$/);
    expect(renderAlertMessage(timeoutReport(), { mention: 'channel' }).text).toMatch(/ <!channel>$/);
    // A value that did not pass the config schema never reaches <…>.
    const forged = renderAlertMessage(timeoutReport(), { mention: 'S1> <!everyone' as 'here' });
    expect(forged.text).not.toContain('<!everyone');
  });

  it('shows evidence from the root-cause group in one code block with request ids', () => {
    const text = section(renderAlertMessage(timeoutReport()), 'alert-evidence').text?.text ?? '';
    expect(text).toContain('*Evidence* from 1 of 41 failing requests · from `/aws/lambda/orders-get-order`');
    const code = text.slice(text.indexOf('```'));
    expect(code.split('\n').slice(1, -1)).toEqual([
      '2024-11-01T11:56:28.752Z 06f6dfcd-c1fb-460d-8614-df52e2470b05 Task timed out after 3.00 seconds',
      'REPORT RequestId: 06f6dfcd-c1fb-460d-8614-df52e2470b05 Duration: 3000.00 ms Billed Duration: 3000 ms Memory Size: 256 MB Max Memory Used: 81 MB Status: timeout',
      '2024-11-01T11:56:25.790Z 06f6dfcd-c1fb-460d-8614-df52e2470b05 INFO calling inventory https://inventory.internal.acme-retail.io/v2/stock?sku=SKU-35390',
    ]);
  });

  it('numbers at most three remediation steps and says how many more there are', () => {
    const text = section(renderAlertMessage(timeoutReport()), 'alert-remediation').text?.text ?? '';
    expect(text.split('\n').filter((line) => /^\d\. /.test(line))).toHaveLength(3);
    expect(text).toContain('_1 more step in the full report_');
  });

  it('counts failing requests, routes, functions and the other causes', () => {
    const fields = (section(renderAlertMessage(timeoutReport()), 'alert-counts').fields ?? []).map(
      (f) => f.text,
    );
    expect(fields).toContain('*Failing requests*\n41 of 50 (82%) from this cause');
    expect(fields).toContain('*Routes*\n`GET /orders/{id}` 46\n`POST /orders` 4');
    expect(fields).toContain('*Functions*\n`orders-get-order`');
    expect(fields).toContain('*Other causes*\n9 × Malformed Lambda proxy response');
    expect(fields.length).toBeLessThanOrEqual(10);
  });

  it('links with accessible buttons, the Logs Insights query first and the alarm last', () => {
    const links = renderAlertMessage(timeoutReport()).blocks.find((block) => block.type === 'actions');
    if (links?.type !== 'actions') throw new Error('no actions');
    expect(links.elements[0]?.url).toBe(INSIGHTS_URL);
    expect(links.elements.at(-1)?.text.text).toBe('Alarm');
    for (const button of links.elements) {
      expect(button.accessibility_label).toMatch(/^Open /);
      expect(button.text.text.length).toBeLessThanOrEqual(75);
    }
    expect(new Set(links.elements.map((button) => button.action_id)).size).toBe(links.elements.length);
  });

  it('says confidence and correlation in words in the context line', () => {
    const context = renderAlertMessage(timeoutReport()).blocks.at(-1);
    if (context?.type !== 'context') throw new Error('no context');
    expect(context.elements.map((element) => element.text)).toEqual([
      'Correlation: 47 of 50 failing requests joined by request id, 2 by weaker signs, 1 not joined',
      'Confidence: 93% (high)',
      'Alarm went to ALARM at <!date^1730462470^{date_short_pretty} {time}|2024-11-01 12:01 UTC>',
      '1 gap in what the triage could see',
    ]);
  });
});

describe('renderAlertMessage: other reports', () => {
  it('an HTTP API with no name uses its id and shows the $default stage', () => {
    const message = renderAlertMessage(httpApiMalformedReport());
    expect(message).toMatchSnapshot();
    expect(
      message.text.startsWith(
        'ALARM a1b2c3d4e5 ($default) 5XX: Malformed Lambda proxy response in checkout_handler on 12 of 12 failing requests (100%).',
      ),
    ).toBe(true);
    expect(messageProblems(message)).toEqual([]);
  });

  it('UNKNOWN says so, lists what the triage could not see, and does not invent numbers', () => {
    const message = renderAlertMessage(unknownReport());
    expect(message).toMatchSnapshot();
    expect(message.text).toMatch(
      /^ALARM payments-api \(prod\) 5XX: cause not determined for 12 failing requests\./,
    );
    const gaps = section(message, 'alert-gaps').text?.text ?? '';
    expect(gaps.split('\n')).toHaveLength(5);
    expect(gaps).toContain('and 1 more');
    expect(message.blocks.some((block) => block.block_id === 'alert-evidence')).toBe(false);
    expect(messageProblems(message)).toEqual([]);
  });

  it('a hostile report stays within every limit and pings nobody', () => {
    const message = renderAlertMessage(hostileReport(), { mention: 'here' });
    expect(messageProblems(message, '<!here>')).toEqual([]);
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
    expect(json).not.toContain('<!subteam^S1>');
    expect(json).not.toContain('javascript:');
    expect(json.match(/<!here>/g)).toHaveLength(2);
  });

  it('drops buttons, not the alert, when the links are too big for one message', () => {
    const report = timeoutReport();
    report.links = Array.from({ length: 8 }, (_, i) => ({
      label: `Query ${i}`,
      url: `https://example.com/${i}/${'q'.repeat(2900)}`,
    }));
    const message = renderAlertMessage(report);
    const links = message.blocks.find((block) => block.type === 'actions');
    expect(links?.type === 'actions' && links.elements.length).toBeGreaterThan(0);
    expect(links?.type === 'actions' && links.elements.length).toBeLessThan(5);
    expect(message.blocks.some((block) => block.block_id === 'alert-evidence')).toBe(true);
    expect(messageProblems(message)).toEqual([]);
  });
});

describe('renderTextOnlyFallback', () => {
  it('keeps the words and links as one safe mrkdwn text', () => {
    const text = renderTextOnlyFallback(renderAlertMessage(timeoutReport(), { mention: 'S0123ABCD' }));
    expect(text.length).toBeLessThanOrEqual(3900);
    expect(text.startsWith('ALARM orders-api (prod) 5XX: Lambda function timed out')).toBe(true);
    expect(text).toContain('```\n2024-11-01T11:56:28.752Z');
    expect(text).toContain('|Alarm>');
    expect(text).toContain('*Failing requests*: 41 of 50 (82%) from this cause');
  });

  it('stays bounded and balanced for a hostile report', () => {
    const text = renderTextOnlyFallback(renderAlertMessage(hostileReport()));
    expect(text.length).toBeLessThanOrEqual(3900);
    expect((text.match(/```/g) ?? []).length % 2).toBe(0);
    expect(text).not.toContain('<!channel>');
  });
});
