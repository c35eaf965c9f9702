import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaClient, createLogsClient } from '../../shared/adapters/aws/clients.ts';
import { CloudWatchLogsReader } from '../../shared/adapters/aws/cloudwatch-logs-reader.ts';
import { LambdaFunctionInspector } from '../../shared/adapters/aws/lambda-function-inspector.ts';
import { BundleFunctionInspector } from '../../shared/adapters/bundle/bundle-function-inspector.ts';
import { BundleLogReader } from '../../shared/adapters/bundle/bundle-log-reader.ts';
import type { IncidentBundle } from '../../shared/domain/bundle.ts';
import { type LocalAws, startLocalAws } from '../../shared/local/aws/index.ts';
import type { LogEventQuery, LogReader } from '../../shared/ports/log-reader.ts';
import { loadCorpusBundle, localSettings, syntheticIncident } from './support.ts';

// Three shapes: a plain REST case, an HTTP API with JSON logs in 4 groups, and the largest group (5,632 events).
const CASES = [
  'fn-node-timeout-inventory-call',
  'gw-httpapi-30s-report-export-json-logs',
  'gw-rest-token-authorizer-throws-signing-key',
];

function queriesFor(bundle: IncidentBundle): Omit<LogEventQuery, 'signal'>[] {
  const queries: Omit<LogEventQuery, 'signal'>[] = [
    { logGroup: '/aws/lambda/not-in-this-bundle', startTime: 0, endTime: 1 },
  ];
  for (const [logGroup, events] of Object.entries(bundle.logGroups)) {
    const times = events.map((e) => e.timestamp);
    const startTime = times.length ? Math.min(...times) : 0;
    const endTime = times.length ? Math.max(...times) : 1;
    const middle = Math.round((startTime + endTime) / 2);
    queries.push(
      { logGroup, startTime, endTime },
      { logGroup, startTime: middle, endTime },
      { logGroup, startTime, endTime, limit: 7 },
      { logGroup, startTime, endTime, filterPattern: '?"status: 502" ?"status: 504" ?ERROR' },
      { logGroup, startTime, endTime, filterPattern: 'REPORT -"Init Duration"', limit: 40 },
      {
        logGroup,
        startTime,
        endTime,
        filterPattern:
          '{ $.status = "5*" || ($.type = "platform.report" && $.record.metrics.durationMs >= 1000) }',
      },
      { logGroup, startTime, endTime, filterPattern: '%Task\\stimed\\sout|Runtime\\.[A-Za-z]+%' },
    );
  }
  return queries;
}

async function outcome(reader: LogReader, query: Omit<LogEventQuery, 'signal'>) {
  try {
    return { read: await reader.readEvents(query) };
  } catch (error) {
    return { error: error instanceof Error ? error.name : String(error) };
  }
}

describe.each(CASES)('bundle adapters answer like the SDK adapters on the local endpoints: %s', (id) => {
  const bundle = loadCorpusBundle(id);
  let local: LocalAws;
  beforeAll(async () => {
    local = await startLocalAws({ incident: bundle });
  });
  afterAll(() => local.close());

  it('LogReader: same events, truncation, calls and errors for every group and query', async () => {
    const live = new CloudWatchLogsReader(createLogsClient(localSettings(local.endpoint)));
    const replay = new BundleLogReader(bundle);
    let compared = 0;
    for (const query of queriesFor(bundle)) {
      const [fromSdk, fromBundle] = await Promise.all([outcome(live, query), outcome(replay, query)]);
      expect(fromBundle, JSON.stringify(query)).toEqual(fromSdk);
      compared += fromSdk.read?.events.length ?? 0;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('FunctionInspector: same lookups for every function and for a missing one', async () => {
    const live = new LambdaFunctionInspector(createLambdaClient(localSettings(local.endpoint)));
    const replay = new BundleFunctionInspector(bundle);
    for (const name of [...Object.keys(bundle.functions), 'not-in-this-bundle']) {
      expect(await replay.getConfiguration(name), name).toEqual(await live.getConfiguration(name));
      expect(await replay.getPolicy(name), name).toEqual(await live.getPolicy(name));
      expect(await replay.getReservedConcurrency(name), name).toEqual(
        await live.getReservedConcurrency(name),
      );
    }
  });
});

describe('bundle and SDK readers page alike past 10,000 events', () => {
  it('counts the same FilterLogEvents pages', async () => {
    const incident = syntheticIncident(12_345);
    const local = await startLocalAws({ incident });
    try {
      const live = new CloudWatchLogsReader(createLogsClient(localSettings(local.endpoint)));
      const replay = new BundleLogReader(incident);
      const query = {
        logGroup: 'API-Gateway-Execution-Logs_abc/prod',
        startTime: 0,
        endTime: Date.UTC(2030, 0),
      };
      const fromSdk = await live.readEvents(query);
      expect(fromSdk).toMatchObject({ calls: 2, truncated: false });
      expect(fromSdk.events).toHaveLength(12_345);
      expect(await replay.readEvents(query)).toEqual(fromSdk);
      const limited = { ...query, limit: 10_000 };
      expect(await replay.readEvents(limited)).toEqual(await live.readEvents(limited));
    } finally {
      await local.close();
    }
  });
});
