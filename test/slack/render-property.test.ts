import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlackMention } from '../../shared/config/runtime-config.ts';
import type { CauseGroup, Evidence, TriageReport } from '../../shared/domain/report.ts';
import { ROOT_CAUSES } from '../../shared/domain/root-cause.ts';
import { renderTextOnlyFallback } from '../../shared/slack/fallback.ts';
import { mentionMarkup } from '../../shared/slack/format.ts';
import { renderAlertMessage } from '../../shared/slack/render-alert.ts';
import {
  renderRepeatAlarmReply,
  renderResolvedParentUpdate,
  renderResolvedReply,
  renderUntriagedAlert,
} from '../../shared/slack/render-lifecycle.ts';
import { messageProblems, mrkdwnProblems } from './safety.ts';

/**
 * Log text is attacker-controlled (request paths, headers and bodies end up in it). Whatever it
 * holds, every message stays within Slack's limits and pings or links nothing.
 */

const NASTY = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<!subteam^S1>',
  '<#C123|general>',
  '<https://evil.example|click>',
  '<mailto:a@b.c>',
  '@here',
  '@channel',
  '&',
  '&amp;',
  '&lt;',
  '<',
  '>',
  '|',
  '`',
  '```',
  '*',
  '_',
  '~',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u001B[31m',
  '\u0085',
  '\uD800',
  '\uDC00',
  '\u202E',
  '\u2066',
  '\u200F',
  '\u200D',
  '\u200B',
  '\uFEFF',
  '👨‍👩‍👧',
  'e\u0301',
  '\u0301\u0301\u0301',
  'عربى',
  ':red_circle:',
] as const;

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const shortText = fc.array(fragment, { maxLength: 25 }).map((parts) => parts.join(''));
const hugeText = fc
  .tuple(
    shortText,
    fc.integer({ min: 2_000, max: 50_000 }),
    fc.constantFrom('x', '<', '&', '`', 'é', '👨‍👩‍👧', '\n'),
  )
  .map(([around, size, unit]) => `${around}${unit.repeat(Math.ceil(size / unit.length))}${around}`);
const text = fc.oneof({ weight: 5, arbitrary: shortText }, { weight: 1, arbitrary: hugeText });

const isoOrJunk = fc.oneof(
  fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  text,
);
const share = fc.double({ min: 0, max: 1, noNaN: true });
const count = fc.integer({ min: 0, max: 1_000_000 });
const url = fc.oneof(
  fc.constant('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/x'),
  fc
    .string({ unit: 'grapheme-ascii', maxLength: 40 })
    .map((path) => `https://console.example/${encodeURIComponent(path)}`),
  fc.integer({ min: 2_900, max: 3_100 }).map((n) => `https://console.example/${'a'.repeat(n)}`),
  text,
);

const evidence: fc.Arbitrary<Evidence> = fc.record({
  logGroup: text,
  logStreamName: text,
  timestamp: fc.integer({ min: 0, max: 2_000_000_000_000 }),
  requestId: text,
  message: text,
});

const causeGroup: fc.Arbitrary<CauseGroup> = fc.record(
  {
    category: fc.constantFrom(...ROOT_CAUSES),
    requests: count,
    share,
    evidence: fc.array(evidence, { maxLength: 5 }),
    remediation: fc.array(text, { maxLength: 8 }),
    functionName: text,
  },
  { requiredKeys: ['category', 'requests', 'share', 'evidence', 'remediation'] },
);

const report: fc.Arbitrary<TriageReport> = fc
  .record({
    alarm: fc.record({
      name: text,
      state: fc.oneof(fc.constantFrom('ALARM', 'OK', 'INSUFFICIENT_DATA'), text),
      previousState: fc.constantFrom('OK', 'ALARM'),
      reason: text,
      changedAt: isoOrJunk,
      link: url,
      description: text,
      condition: text,
    }),
    api: fc.record({
      kind: fc.constantFrom('REST' as const, 'HTTP' as const),
      id: text,
      name: fc.option(text, { nil: undefined }),
      stage: text,
      region: text,
      accountId: text,
    }),
    window: fc.record({ start: isoOrJunk, end: isoOrJunk }),
    rootCause: fc.record(
      {
        category: fc.constantFrom(...ROOT_CAUSES),
        confidence: share,
        summary: text,
        statusCode: fc.integer({ min: 500, max: 599 }),
        functionName: text,
      },
      { requiredKeys: ['category', 'confidence', 'summary'] },
    ),
    causes: fc.array(causeGroup, { maxLength: 4 }),
    affected: fc.record({
      requests: count,
      routes: fc.array(fc.record({ method: text, resource: text, count }), { maxLength: 6 }),
      functions: fc.array(text, { maxLength: 6 }),
    }),
    links: fc.array(fc.record({ label: text, url }), { maxLength: 8 }),
    gaps: fc.array(text, { maxLength: 6 }),
    deploys: fc.array(
      fc.record({
        functionName: text,
        lastModified: isoOrJunk,
        minutesBeforeFirstFailure: fc.integer({ min: -10_000, max: 10_000 }),
      }),
      { maxLength: 5 },
    ),
    correlation: fc.record(
      {
        failingRequests: count,
        joinedByRequestId: count,
        joinedByWeakerEvidence: count,
        notJoined: count,
        source: fc.constantFrom(
          'execution-logs' as const,
          'access-logs' as const,
          'both' as const,
          'none' as const,
        ),
        sampled: fc.record({ seen: count, kept: count }),
      },
      {
        requiredKeys: [
          'failingRequests',
          'joinedByRequestId',
          'joinedByWeakerEvidence',
          'notJoined',
          'source',
        ],
      },
    ),
  })
  .map((fields) => ({ reportVersion: 1 as const, ...fields }));

const mention = fc.option(
  fc.oneof(
    fc.constantFrom<SlackMention>('here', 'channel', 'S0123ABCD', 'U0123ABCD', 'W0AB12'),
    // Values that never passed the config schema must not become mentions either.
    text.map((value) => value as SlackMention),
  ),
  { nil: undefined },
);

const RUNS = { numRuns: 150 };

describe('rendering hostile reports', () => {
  it('the alert, its text fallback and its resolved update stay within limits and ping nobody', () => {
    fc.assert(
      fc.property(report, mention, (r, m) => {
        const allowed = mentionMarkup(m);
        const alert = renderAlertMessage(r, { mention: m });
        expect(messageProblems(alert, allowed)).toEqual([]);
        const fallback = renderTextOnlyFallback(alert);
        expect(fallback.length).toBeLessThanOrEqual(3_900);
        expect(mrkdwnProblems(fallback, allowed, { links: true })).toEqual([]);
        const resolved = renderResolvedParentUpdate(alert, {
          resolvedAt: r.window.end,
          durationText: r.alarm.name,
        });
        expect(messageProblems(resolved, allowed)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the untriaged alert and the thread replies do too', () => {
    fc.assert(
      fc.property(report, mention, fc.array(text, { maxLength: 8 }), (r, m, problems) => {
        const allowed = mentionMarkup(m);
        const untriaged = renderUntriagedAlert(
          { alarm: r.alarm, api: r.api, window: r.window, links: r.links, problems },
          { mention: m },
        );
        expect(messageProblems(untriaged, allowed)).toEqual([]);
        expect(messageProblems(renderRepeatAlarmReply(r))).toEqual([]);
        const reply = renderResolvedReply({
          alarmName: r.alarm.name,
          firedAt: r.alarm.changedAt,
          resolvedAt: r.window.end,
          reason: r.alarm.reason,
        });
        expect(messageProblems(reply)).toEqual([]);
      }),
      RUNS,
    );
  });
});
