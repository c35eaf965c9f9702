import { describe, expect, it } from 'vitest';
import { renderAlertMessage } from '../../shared/slack/render-alert.ts';
import {
  renderRepeatAlarmReply,
  renderResolvedParentUpdate,
  renderResolvedReply,
  renderUntriagedAlert,
  resolvedDurationText,
  type UntriagedAlertInput,
} from '../../shared/slack/render-lifecycle.ts';
import { HOSTILE, timeoutReport, unknownReport } from './fixtures/reports.ts';
import { messageProblems } from './safety.ts';

function untriagedInput(): UntriagedAlertInput {
  const report = timeoutReport();
  return {
    alarm: report.alarm,
    api: { kind: 'REST', name: 'orders-api', stage: 'prod', region: 'us-east-1', accountId: '284719365021' },
    window: report.window,
    links: report.links.slice(0, 2),
    problems: [
      'Ran out of time reading /aws/lambda/orders-get-order after 25 s (the function has 30 s).',
      'GetFunctionConfiguration for orders-get-order was denied: add lambda:GetFunctionConfiguration to the triage role.',
    ],
  };
}

describe('renderUntriagedAlert', () => {
  it('still tells the alarm, the links and what could not be checked', () => {
    const message = renderUntriagedAlert(untriagedInput(), { mention: 'S0123ABCD' });
    expect(message).toMatchSnapshot();
    expect(message.text).toMatch(
      /^ALARM orders-api \(prod\) 5XX: alarm orders-api-prod-5xx fired; the automatic triage did not finish \(Ran out of time/,
    );
    expect(message.text).toMatch(/ <!subteam\^S0123ABCD>$/);
    const problems = message.blocks.find((block) => block.block_id === 'untriaged-problems');
    expect(problems?.type === 'section' && problems.text?.text.split('\n')).toHaveLength(3);
    const links = message.blocks.find((block) => block.type === 'actions');
    expect(links?.type === 'actions' && links.elements.map((button) => button.text.text)).toEqual([
      'Logs Insights query for the failing requests',
      'Function logs',
      'Alarm',
    ]);
    expect(messageProblems(message, '<!subteam^S0123ABCD>')).toEqual([]);
  });

  it('works with almost nothing known and never stays silent about why', () => {
    const input = untriagedInput();
    const message = renderUntriagedAlert({ alarm: input.alarm, links: [], problems: [] });
    expect(message.text).toContain('5XX: alarm orders-api-prod-5xx fired');
    expect(JSON.stringify(message)).toContain('nothing recorded');
    expect(messageProblems(message)).toEqual([]);
  });

  it('stays safe with hostile problems and alarm text', () => {
    const input = untriagedInput();
    input.alarm = { ...input.alarm, name: HOSTILE, reason: HOSTILE.repeat(100), description: HOSTILE };
    input.problems = Array.from({ length: 20 }, () => HOSTILE.repeat(50));
    input.api = { name: HOSTILE, stage: HOSTILE };
    const message = renderUntriagedAlert(input, { mention: 'channel' });
    expect(messageProblems(message, '<!channel>')).toEqual([]);
    expect(JSON.stringify(message).match(/<!channel>/g)).toHaveLength(2);
  });
});

describe('renderRepeatAlarmReply', () => {
  it('is a short thread reply without a mention', () => {
    const message = renderRepeatAlarmReply(timeoutReport());
    expect(message.text).toBe(
      'Still ALARM: Lambda function timed out in orders-get-order, 41 of 50 failing requests (82%) in the new window.',
    );
    expect(message.blocks[0]?.type).toBe('section');
    expect(JSON.stringify(message)).not.toMatch(/<[@!](?!date)/);
    expect(messageProblems(message)).toEqual([]);
  });

  it('does not claim a share for an unknown cause', () => {
    expect(renderRepeatAlarmReply(unknownReport()).text).toBe(
      'Still ALARM: Cause not determined, 12 failing requests in the new window.',
    );
  });
});

describe('renderResolvedReply', () => {
  it('says back to OK and how long it took', () => {
    const message = renderResolvedReply({
      alarmName: 'orders-api-prod-5xx',
      firedAt: '2024-11-01T12:01:10.123Z',
      resolvedAt: '2024-11-01T12:24:10.000Z',
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints [0.0] was not greater than or equal to the threshold (5.0).',
    });
    expect(message).toMatchSnapshot();
    expect(message.text).toBe('RESOLVED: alarm orders-api-prod-5xx is back to OK after 23 min.');
    expect(messageProblems(message)).toEqual([]);
  });

  it('leaves the duration out when the times do not make sense', () => {
    const message = renderResolvedReply({ alarmName: 'a', firedAt: 'later', resolvedAt: 'now', reason: '' });
    expect(message.text).toBe('RESOLVED: alarm a is back to OK.');
    expect(resolvedDurationText('2024-11-01T12:00:00Z', '2024-11-01T11:00:00Z')).toBeUndefined();
    expect(resolvedDurationText('2024-11-01T12:00:00Z', '2024-11-01T13:05:00Z')).toBe('1 h 5 min');
  });
});

describe('renderResolvedParentUpdate', () => {
  it('marks the parent RESOLVED, keeps the rest, and gives every block a new id', () => {
    const alert = renderAlertMessage(timeoutReport(), { mention: 'S0123ABCD' });
    const updated = renderResolvedParentUpdate(alert, {
      resolvedAt: '2024-11-01T12:24:10.000Z',
      durationText: '23 min',
    });
    const header = updated.blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe(
      ':white_check_mark: RESOLVED · orders-api (prod) · Lambda function timed out',
    );
    const note = updated.blocks[1];
    expect(note?.type === 'section' && note.text?.text).toMatch(
      /^:white_check_mark: \*Resolved:\* the alarm is back to OK after \*23 min\*/,
    );
    expect(updated.blocks).toHaveLength(alert.blocks.length + 1);
    const oldIds = new Set(alert.blocks.map((block) => block.block_id));
    for (const block of updated.blocks) expect(oldIds.has(block.block_id)).toBe(false);
    expect(updated.blocks.slice(2).map(({ block_id: _, ...rest }) => rest)).toEqual(
      alert.blocks.slice(1).map(({ block_id: _, ...rest }) => rest),
    );
    expect(updated.text.startsWith('RESOLVED after 23 min. Was: ALARM orders-api (prod) 5XX')).toBe(true);
    expect(messageProblems(updated, '<!subteam^S0123ABCD>')).toEqual([]);
  });

  it('can be applied again (re-fire and resolve) without repeating its note or reusing ids', () => {
    const alert = renderAlertMessage(timeoutReport());
    const once = renderResolvedParentUpdate(alert, {
      resolvedAt: '2024-11-01T12:24:10.000Z',
      durationText: '23 min',
    });
    const twice = renderResolvedParentUpdate(once, {
      resolvedAt: '2024-11-01T13:00:00.000Z',
      durationText: '59 min',
    });
    expect(twice.blocks).toHaveLength(once.blocks.length);
    expect(JSON.stringify(twice).match(/\*Resolved:\*/g)).toHaveLength(1);
    const onceIds = new Set(once.blocks.map((block) => block.block_id));
    for (const block of twice.blocks) expect(onceIds.has(block.block_id)).toBe(false);
    expect(messageProblems(twice)).toEqual([]);
  });

  it('counts its new block ids when fitting a message that was just under the budget', () => {
    const section = (id: string, size: number) => ({
      type: 'section' as const,
      block_id: id,
      text: { type: 'mrkdwn' as const, text: 'x'.repeat(size) },
    });
    const blocks = Array.from({ length: 5 }, (_, i) => section(`b${i}`, 1900));
    // Every size around the budget, so the few characters the `~n` suffixes add are on the edge once.
    for (let filler = 1400; filler <= 2000; filler += 1) {
      const previous = { text: 'ALARM x', blocks: [...blocks, section('last', filler)] };
      const updated = renderResolvedParentUpdate(previous, {
        resolvedAt: '2024-11-01T12:24:10.000Z',
        durationText: '23 min',
      });
      expect(JSON.stringify(updated.blocks).length).toBeLessThanOrEqual(12_000);
    }
  });

  it('stays within the limits when the previous message was already full', () => {
    const alert = renderAlertMessage(timeoutReport());
    const full = {
      text: alert.text,
      blocks: Array.from({ length: 50 }, (_, i) => ({
        type: 'section' as const,
        block_id: `b${i}`,
        text: { type: 'mrkdwn' as const, text: 'x'.repeat(230) },
      })),
    };
    const updated = renderResolvedParentUpdate(full, {
      resolvedAt: '2024-11-01T12:24:10.000Z',
      durationText: '23 min',
    });
    expect(messageProblems(updated)).toEqual([]);
    expect(updated.blocks[0]?.type).toBe('header');
  });
});
