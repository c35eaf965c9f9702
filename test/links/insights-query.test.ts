import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logsInsightsUrl } from '../../shared/links/console-links.ts';
import { InvalidLinkInputError } from '../../shared/links/errors.ts';
import {
  buildFailingRequestsQuery,
  escapeInsightsRegex,
  fitInsightsUrl,
  SLACK_BUTTON_URL_MAX,
} from '../../shared/links/insights-query.ts';

const START = 1730462400000;
const END = 1730463300000;
const GROUPS = ['API-Gateway-Execution-Logs_a1b2c3d4e5/prod', '/aws/lambda/orders-get'];

/** Deterministic v4-shaped UUIDs: c0ffee00-0000-4000-8000-000000000000 + i. */
function uuids(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const hex = i.toString(16).padStart(12, '0');
    return `c0ffee${(i % 256).toString(16).padStart(2, '0')}-1111-4222-8333-${hex}`;
  });
}

describe('buildFailingRequestsQuery', () => {
  it('writes one regex over gateway and Lambda ids, oldest line first', () => {
    expect(
      buildFailingRequestsQuery({
        requestIds: [
          'c0ffee01-1111-2222-3333-444455556666',
          'JxIuoM_-NjMEAWw=',
          '0cc175b9-c0f1-b6a8-0cc1-75b9c0f1b6a8',
        ],
      }),
    ).toBe(
      [
        'fields @timestamp, @log, @logStream, @message',
        '| filter @message like /c0ffee01-1111-2222-3333-444455556666|JxIuoM_-NjMEAWw=|0cc175b9-c0f1-b6a8-0cc1-75b9c0f1b6a8/',
        '| sort @timestamp asc',
        '| limit 10000',
      ].join('\n'),
    );
  });

  it('regex-escapes ids, including the / that would close the literal', () => {
    expect(escapeInsightsRegex('a+b/c=.d')).toBe('a\\+b\\/c=\\.d');
    expect(buildFailingRequestsQuery({ requestIds: ['Ab+/Cd=='], limit: 50 })).toBe(
      'fields @timestamp, @log, @logStream, @message\n| filter @message like /Ab\\+\\/Cd==/\n| sort @timestamp asc\n| limit 50',
    );
  });

  it('keeps the first maxIds ids, trimmed and without duplicates or blanks', () => {
    const query = buildFailingRequestsQuery({
      requestIds: [' id1 ', 'id1', '', 'id 2', 'id3', 'id4'],
      maxIds: 2,
    });
    expect(query).toContain('like /id1|id3/');
  });

  it('leaves the filter out when no id is usable', () => {
    expect(buildFailingRequestsQuery({ requestIds: ['', '  '] })).toBe(
      'fields @timestamp, @log, @logStream, @message\n| sort @timestamp asc\n| limit 10000',
    );
  });

  it('rejects a limit Insights would refuse', () => {
    expect(() => buildFailingRequestsQuery({ requestIds: ['a'], limit: 10_001 })).toThrow(
      InvalidLinkInputError,
    );
    expect(() => buildFailingRequestsQuery({ requestIds: ['a'], maxIds: 0 })).toThrow(InvalidLinkInputError);
  });

  it('matches exactly the lines that contain one of the ids (regex check with JS)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 5 }),
        fc.string({ maxLength: 40 }),
        (ids, line) => {
          const query = buildFailingRequestsQuery({ requestIds: ids });
          const source = /like \/(.*)\/\n/.exec(query)?.[1];
          const usable = ids.map((id) => id.trim()).filter((id) => id !== '' && !/[\s\p{Cc}]/u.test(id));
          if (usable.length === 0) {
            expect(source).toBeUndefined();
            return;
          }
          expect(source).toBeDefined();
          const regex = new RegExp(source ?? '', 'u');
          for (const id of usable) expect(regex.test(`x ${id} y`)).toBe(true);
          expect(regex.test(line)).toBe(usable.some((id) => line.includes(id)));
        },
      ),
    );
  });
});

describe('fitInsightsUrl', () => {
  it('fits 200 UUIDs into a Slack button URL, keeping as many of the first ones as fit', () => {
    const ids = uuids(200);
    const fitted = fitInsightsUrl('us-east-1', {
      logGroups: GROUPS,
      requestIds: ids,
      start: START,
      end: END,
    });
    if (fitted === undefined) throw new Error('expected a URL');
    expect(fitted.url.length).toBeLessThanOrEqual(SLACK_BUTTON_URL_MAX);
    expect(fitted.totalIds).toBe(200);
    expect(fitted.keptIds).toBeGreaterThan(50);
    expect(fitted.keptIds).toBeLessThan(200);
    expect(fitted.url).toContain(ids[0]);
    expect(fitted.url).toContain(ids[fitted.keptIds - 1]);
    expect(fitted.url).not.toContain(ids[fitted.keptIds]);

    // One more id would not fit.
    const oneMore = logsInsightsUrl('us-east-1', {
      logGroups: GROUPS,
      start: START,
      end: END,
      query: buildFailingRequestsQuery({ requestIds: ids.slice(0, fitted.keptIds + 1) }),
    });
    expect(oneMore.length).toBeGreaterThan(SLACK_BUTTON_URL_MAX);
  });

  it('keeps every id when they all fit', () => {
    const ids = uuids(3);
    const fitted = fitInsightsUrl('us-east-1', {
      logGroups: GROUPS,
      requestIds: ids,
      start: START,
      end: END,
    });
    expect(fitted?.keptIds).toBe(3);
    expect(fitted?.totalIds).toBe(3);
    expect(fitted?.url).toBe(
      logsInsightsUrl('us-east-1', {
        logGroups: GROUPS,
        start: START,
        end: END,
        query: buildFailingRequestsQuery({ requestIds: ids }),
      }),
    );
  });

  it('is undefined when not even one id fits', () => {
    expect(
      fitInsightsUrl('us-east-1', { logGroups: GROUPS, requestIds: uuids(5), start: START, end: END }, 400),
    ).toBeUndefined();
  });

  it('links the whole window when there is no id', () => {
    const fitted = fitInsightsUrl('us-east-1', { logGroups: GROUPS, requestIds: [], start: START, end: END });
    expect(fitted?.keptIds).toBe(0);
    expect(fitted?.url).not.toContain('filter');
  });

  it('always honours the budget and keeps a prefix, for any budget and id count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 300, max: 6000 }), (count, budget) => {
        const ids = uuids(count);
        const fitted = fitInsightsUrl(
          'eu-west-1',
          { logGroups: GROUPS, requestIds: ids, start: START, end: END },
          budget,
        );
        if (fitted === undefined) return;
        expect(fitted.url.length).toBeLessThanOrEqual(budget);
        expect(fitted.totalIds).toBe(count);
        if (fitted.keptIds < count) {
          const next = ids[fitted.keptIds] ?? '';
          expect(fitted.url).not.toContain(next);
          // Maximal: one more id would break the budget.
          const oneMore = logsInsightsUrl('eu-west-1', {
            logGroups: GROUPS,
            start: START,
            end: END,
            query: buildFailingRequestsQuery({ requestIds: ids.slice(0, fitted.keptIds + 1) }),
          });
          expect(oneMore.length).toBeGreaterThan(budget);
        }
      }),
      { numRuns: 50 },
    );
  });
});
