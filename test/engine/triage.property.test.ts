import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleSchema, type IncidentBundle, type LogEvent } from '../../shared/domain/bundle.ts';
import type { TriageReport } from '../../shared/domain/report.ts';
import { ROOT_CAUSES } from '../../shared/domain/root-cause.ts';
import { triage } from '../../shared/engine/triage.ts';
import { renderReportText } from '../../shared/report/render-text.ts';
import { loadCases, PROJECT_BUNDLES_DIR, SHARED_CORPUS_DIR } from '../support/corpus.ts';
import { mulberry32 } from '../support/synthetic-incident.ts';
import { alarmMessage, EXEC_GROUP } from './hand-built.ts';

/**
 * Classification is total: whatever the bundle holds, triage returns a report whose category is in
 * the vocabulary and whose confidences are in [0, 1]; it never throws.
 */

const RUNS = 2_000;
const CASES = [...loadCases(SHARED_CORPUS_DIR), ...loadCases(PROJECT_BUNDLES_DIR)].map((c) => c.bundle);

function expectTotal(report: TriageReport): void {
  expect(ROOT_CAUSES).toContain(report.rootCause.category);
  expect(report.rootCause.confidence).toBeGreaterThanOrEqual(0);
  expect(report.rootCause.confidence).toBeLessThanOrEqual(1);
  expect(typeof report.rootCause.summary).toBe('string');
  for (const cause of report.causes) {
    expect(ROOT_CAUSES).toContain(cause.category);
    expect(cause.share).toBeGreaterThanOrEqual(0);
    expect(cause.share).toBeLessThanOrEqual(1);
    expect(cause.confidence ?? 0).toBeGreaterThanOrEqual(0);
    expect(cause.confidence ?? 0).toBeLessThanOrEqual(1);
  }
  for (const link of report.links) expect(() => new URL(link.url)).not.toThrow();
  expect(Number.isNaN(Date.parse(report.window.start))).toBe(false);
  // The report is what `replay --format json` prints and the text renderer reads.
  expect(() => JSON.parse(JSON.stringify(report))).not.toThrow();
  expect(typeof renderReportText(report)).toBe('string');
}

const message = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.constantFrom(
    '(c0ffee01-0000-4000-8000-000000000001) Method completed with status: 502',
    '(c0ffee01-0000-4000-8000-000000000001) Execution failed due to a timeout error',
    '(c0ffee01-0000-4000-8000-000000000001) Lambda execution failed with status 200 due to customer function error: x. Lambda request id: 11111111-1111-4111-8111-111111111111',
    '(c0ffee01-0000-4000-8000-000000000001) Execution failed due to configuration error: Invalid permissions on Lambda function',
    '(c0ffee01-0000-4000-8000-000000000001) Starting authorizer: k2x9fe for request: c0ffee01',
    '(c0ffee01-0000-4000-8000-000000000001) Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations',
    'START RequestId: 11111111-1111-4111-8111-111111111111 Version: $LATEST',
    'REPORT RequestId: 11111111-1111-4111-8111-111111111111\tDuration: 6000.00 ms\tBilled Duration: 6000 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: timeout',
    'INIT_REPORT Init Duration: 1 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError',
    '{"requestId":"a","status":"502","integrationErrorMessage":"Lambda Customer Function Error:x","routeKey":"GET /x"}',
  ),
);

const timestamp = fc.oneof(
  fc.integer({ min: 1_700_000_000_000, max: 1_700_000_900_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 8.64e15 + 1, 1e300, -1e300, 1.5),
);

const events = fc.array(fc.record({ timestamp, logStreamName: fc.string({ maxLength: 8 }), message }), {
  maxLength: 12,
});

/** Names that are also Object.prototype members must not find them. */
const PROTOTYPE_NAMES = ['constructor', 'valueOf', 'toString', 'hasOwnProperty', '__proto__'];

const groupName = fc.oneof(
  fc.constantFrom(
    EXEC_GROUP,
    '/aws/apigateway/orders-prod',
    '/aws/lambda/fn',
    '/aws/lambda/other',
    '/aws/lambda/constructor',
  ),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string({ maxLength: 20 }),
);

const configuration = fc.record(
  {
    FunctionName: fc.string({ maxLength: 10 }),
    Runtime: fc.constantFrom('nodejs22.x', 'python3.12', 'java21', 'provided.al2023', 'x'),
    Handler: fc.string({ maxLength: 12 }),
    Timeout: fc.oneof(fc.integer({ min: -5, max: 900 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
    MemorySize: fc.oneof(
      fc.integer({ min: 0, max: 10_240 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
    LastModified: fc.oneof(fc.constant('2023-11-14T22:10:00.000+0000'), fc.string({ maxLength: 30 })),
    State: fc.constantFrom('Active', 'Failed', 'Inactive', 'Pending', ''),
    StateReasonCode: fc.string({ maxLength: 10 }),
    KMSKeyArn: fc.string({ maxLength: 10 }),
    LoggingConfig: fc.record(
      { LogGroup: groupName, LogFormat: fc.constantFrom('Text', 'JSON') },
      { requiredKeys: [] },
    ),
    Environment: fc.record({ Error: fc.record({ ErrorCode: fc.string() }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

/** JSON shaped loosely like a bundle: the right keys, arbitrary content under them. */
const looseBundle = fc.record({
  version: fc.constant(1),
  id: fc.constant('property'),
  alarm: fc.oneof(
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })),
    fc.constant(alarmMessage()),
    fc
      .record({ Trigger: fc.jsonValue({ maxDepth: 3 }), StateChangeTime: fc.string() })
      .map((broken) => ({ ...alarmMessage(), ...broken })),
  ),
  api: fc.record(
    {
      kind: fc.constantFrom('REST' as const, 'HTTP' as const),
      apiId: fc.string({ minLength: 1, maxLength: 10 }),
      apiName: fc.string({ minLength: 1, maxLength: 10 }),
      stage: fc.string({ minLength: 1, maxLength: 10 }),
      region: fc.oneof(
        fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1'),
        fc.string({ minLength: 1, maxLength: 12 }),
      ),
      accountId: fc.string({ minLength: 1, maxLength: 12 }),
      executionLogGroup: groupName.filter((g) => g.length > 0),
      accessLogGroup: groupName.filter((g) => g.length > 0),
      routes: fc.array(
        fc.record(
          {
            method: fc.constantFrom('GET', 'POST', 'ANY', 'x'),
            resource: fc.constantFrom('/orders/{id}', '/{proxy+}', '/', '/a/b', '$default'),
            functionName: fc.constantFrom('fn', 'other', 'missing', ...PROTOTYPE_NAMES),
          },
          { requiredKeys: ['method', 'resource'] },
        ),
        { maxLength: 4 },
      ),
    },
    { requiredKeys: ['kind', 'stage'] },
  ),
  logGroups: fc.dictionary(groupName, events, { maxKeys: 4 }),
  functions: fc.dictionary(
    fc.constantFrom('fn', 'other', 'x', 'toString'),
    fc.record(
      {
        configuration,
        policy: fc.oneof(
          fc.constant(null),
          fc.string({ maxLength: 20 }),
          fc.constant('{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*"}]}'),
        ),
        reservedConcurrency: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10 })),
      },
      { requiredKeys: ['configuration'] },
    ),
    { maxKeys: 3 },
  ),
});

describe('triage is total', () => {
  it('(a) on arbitrary JSON shaped loosely like a bundle', () => {
    fc.assert(
      fc.property(looseBundle, (loose) => {
        const parsed = BundleSchema.safeParse(loose);
        expect(parsed.success).toBe(true);
        if (parsed.success) expectTotal(triage(parsed.data));
      }),
      { numRuns: RUNS },
    );
  });

  it('(a) also with the collector fields: lookups, gaps and sampling', () => {
    fc.assert(
      fc.property(
        looseBundle,
        fc.dictionary(
          fc.constantFrom('fn', 'other'),
          fc.constantFrom('not-found' as const, 'access-denied' as const, 'error' as const),
        ),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }),
        fc.option(fc.record({ seen: fc.nat(), kept: fc.nat() }), { nil: undefined }),
        (loose, functionLookups, collectionGaps, sampling) => {
          const parsed = BundleSchema.safeParse(loose);
          if (!parsed.success) return;
          expectTotal(triage({ ...parsed.data, functionLookups, collectionGaps, sampling }));
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** A mutation plan for a corpus bundle; applied deterministically so a failure shrinks and replays. */
const truncation = fc.record({
  caseIndex: fc.nat({ max: CASES.length - 1 }),
  seed: fc.integer(),
  keep: fc.integer({ min: 1, max: 250 }),
  dropRate: fc.double({ min: 0, max: 1, noNaN: true }),
  cutRate: fc.double({ min: 0, max: 1, noNaN: true }),
  alarmFieldDrop: fc.double({ min: 0, max: 1, noNaN: true }),
  configFieldDrop: fc.double({ min: 0, max: 1, noNaN: true }),
  dropApiFields: fc.subarray([
    'executionLogGroup',
    'accessLogGroup',
    'routes',
    'region',
    'apiId',
    'accountId',
  ] as const),
});

type Truncation = typeof truncation extends fc.Arbitrary<infer T> ? T : never;

function dropFields(
  object: Record<string, unknown>,
  rate: number,
  next: () => number,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(() => next() >= rate));
}

/** A window of each group (so requests keep most of their lines), with events dropped and messages cut. */
function truncate(plan: Truncation): IncidentBundle {
  const source = CASES[plan.caseIndex] as IncidentBundle;
  const next = mulberry32(plan.seed);
  const logGroups: Record<string, LogEvent[]> = {};
  for (const [group, groupEvents] of Object.entries(source.logGroups)) {
    if (next() < plan.dropRate / 4) continue;
    const start = Math.floor(next() * Math.max(1, groupEvents.length - plan.keep));
    logGroups[group] = groupEvents
      .slice(start, start + plan.keep)
      .filter(() => next() >= plan.dropRate / 2)
      .map((event) =>
        next() < plan.cutRate
          ? { ...event, message: event.message.slice(0, Math.floor(next() * event.message.length)) }
          : event,
      );
  }
  const api = { ...source.api };
  for (const field of plan.dropApiFields) delete api[field];
  return {
    ...source,
    alarm: dropFields(source.alarm, plan.alarmFieldDrop, next),
    api,
    logGroups,
    functions: Object.fromEntries(
      Object.entries(source.functions).map(([name, facts]) => [
        name,
        {
          ...facts,
          configuration: dropFields(facts.configuration, plan.configFieldDrop, next),
          ...(next() < plan.configFieldDrop ? { policy: null } : {}),
        },
      ]),
    ),
  };
}

describe('triage is total on damaged corpus bundles', () => {
  it('(b) truncated at random: events dropped, messages cut, alarm and configuration fields removed', () => {
    fc.assert(
      fc.property(truncation, (plan) => {
        expectTotal(triage(truncate(plan)));
      }),
      { numRuns: RUNS },
    );
  });

  it('(c) with messages replaced by arbitrary unicode strings', () => {
    fc.assert(
      fc.property(
        truncation,
        fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (plan, replacements, rate) => {
          const bundle = truncate({
            ...plan,
            dropRate: 0,
            cutRate: 0,
            alarmFieldDrop: 0,
            configFieldDrop: 0,
            dropApiFields: [],
          });
          let index = 0;
          for (const group of Object.values(bundle.logGroups)) {
            for (let i = 0; i < group.length; i++) {
              const event = group[i] as LogEvent;
              index++;
              if ((index * 7919) % 1000 < rate * 1000)
                group[i] = { ...event, message: replacements[index % replacements.length] ?? '' };
            }
          }
          expectTotal(triage(bundle));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('cases the properties found, pinned', () => {
  const base = (): IncidentBundle => ({
    version: 1,
    id: 'pinned',
    alarm: alarmMessage(),
    api: { kind: 'REST', stage: 'prod', region: 'us-east-1', executionLogGroup: EXEC_GROUP },
    logGroups: {},
    functions: {},
  });

  it('a log group or function named like an Object.prototype member is not found on the prototype', () => {
    const bundle = base();
    bundle.api.accessLogGroup = 'valueOf';
    bundle.api.routes = [{ method: 'GET', resource: '/x', functionName: 'constructor' }];
    bundle.logGroups[EXEC_GROUP] = [
      {
        timestamp: 1_747_692_000_000,
        logStreamName: 's',
        message: '(r1) HTTP Method: GET, Resource Path: /x',
      },
      {
        timestamp: 1_747_692_000_001,
        logStreamName: 's',
        message: '(r1) Execution failed due to a timeout error',
      },
      { timestamp: 1_747_692_000_002, logStreamName: 's', message: '(r1) Method completed with status: 504' },
    ];
    const report = triage(bundle);
    expectTotal(report);
    expect(report.rootCause.category).toBe('INTEGRATION_TIMEOUT');
    expect(report.gaps.join('\n')).toContain('/aws/lambda/constructor');
  });

  it('timestamps outside the range of a Date neither break the window nor the text report', () => {
    const bundle = base();
    bundle.alarm = { ...alarmMessage(), StateChangeTime: undefined };
    bundle.logGroups[EXEC_GROUP] = [
      { timestamp: 8.64e15 + 1, logStreamName: 's', message: '(r1) Execution failed due to a timeout error' },
      { timestamp: 1e300, logStreamName: 's', message: '(r1) Method completed with status: 504' },
    ];
    const report = triage(bundle);
    expectTotal(report);
    expect(report.window).toEqual({ start: new Date(0).toISOString(), end: new Date(0).toISOString() });
    expect(renderReportText(report)).toContain('8640000000000001 ms');
  });
});
