import { describe, expect, it } from 'vitest';
import { postingBudgetMs } from '../../functions/triage/handler.ts';

describe('posting budget', () => {
  it('keeps a third of the remaining time for Slack, between 2.5 and 8 s', () => {
    expect(postingBudgetMs(60_000)).toBe(8_000);
    expect(postingBudgetMs(20_000)).toBe(6_000);
    expect(postingBudgetMs(10_000)).toBe(3_000);
    expect(postingBudgetMs(3_000)).toBe(2_500);
  });
});
