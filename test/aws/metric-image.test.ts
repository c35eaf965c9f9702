import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudWatchClient } from '../../shared/adapters/aws/clients.ts';
import { CloudWatchMetricImageRenderer } from '../../shared/adapters/aws/metric-image.ts';
import { type LocalAws, startLocalAws } from '../../shared/local/aws/index.ts';
import {
  buildMetricWidget,
  serializeMetricWidget,
  widgetApiFrom,
  widgetWindow,
} from '../../shared/metrics/metric-widget.ts';
import { localSettings, syntheticIncident } from './support.ts';

const ALARM_TIME = '2024-11-01T12:01:10.123Z';

describe('buildMetricWidget', () => {
  it('draws the REST 5XXError rate with ApiName/Stage, the threshold and the ALARM time', () => {
    const widget = buildMetricWidget({
      api: { kind: 'REST', apiName: 'orders-api', stage: 'prod' },
      region: 'us-east-1',
      alarmTime: ALARM_TIME,
      ...widgetWindow(ALARM_TIME, '2024-11-01T12:05:00Z'),
      threshold: { value: 5, unit: 'percent' },
    });
    expect(widget.metrics).toEqual([
      [{ expression: '100 * FILL(errors, 0) / requests', label: '5XX rate (%)', id: 'rate' }],
      [
        'AWS/ApiGateway',
        '5XXError',
        'ApiName',
        'orders-api',
        'Stage',
        'prod',
        { id: 'errors', stat: 'Sum', label: '5XX answers', visible: false, yAxis: 'right' },
      ],
      [
        'AWS/ApiGateway',
        'Count',
        'ApiName',
        'orders-api',
        'Stage',
        'prod',
        { id: 'requests', stat: 'Sum', label: 'requests', visible: false },
      ],
    ]);
    expect(widget.annotations.horizontal).toEqual([
      { label: 'threshold 5 %', value: 5, yAxis: 'left', color: '#d62728' },
    ]);
    expect(widget.annotations.vertical).toEqual([{ label: 'ALARM', value: ALARM_TIME, color: '#d62728' }]);
    expect(widget.start).toBe('2024-11-01T11:16:10.123Z');
    expect(widget.end).toBe('2024-11-01T12:05:00.000Z');
    expect(serializeMetricWidget(widget).length).toBeLessThan(100 * 1024);
  });

  it('uses the HTTP API metric 5xx with ApiId/Stage and a count threshold on the right axis', () => {
    const widget = buildMetricWidget({
      api: { kind: 'HTTP', apiId: 'a1b2c3d4e5', stage: '$default' },
      region: 'eu-west-1',
      alarmTime: ALARM_TIME,
      start: '2024-11-01T11:00:00Z',
      end: '2024-11-01T12:30:00Z',
      threshold: { value: 10, unit: 'count' },
      period: 300,
    });
    expect(widget.metrics[1]?.slice(0, 6)).toEqual([
      'AWS/ApiGateway',
      '5xx',
      'ApiId',
      'a1b2c3d4e5',
      'Stage',
      '$default',
    ]);
    expect(widget.metrics[1]?.[6]).toMatchObject({ visible: true, yAxis: 'right' });
    expect(widget.annotations.horizontal[0]).toMatchObject({ value: 10, yAxis: 'right' });
    expect(widget).toMatchObject({ region: 'eu-west-1', period: 300, yAxis: { right: { label: 'errors' } } });
  });

  it('needs the dimension the metric is published under', () => {
    expect(widgetApiFrom({ kind: 'REST', apiId: 'x', stage: 'prod' })).toBeUndefined();
    expect(widgetApiFrom({ kind: 'HTTP', apiId: 'x', stage: 'prod' })).toEqual({
      kind: 'HTTP',
      apiId: 'x',
      stage: 'prod',
    });
  });
});

describe('CloudWatchMetricImageRenderer against the local CloudWatch endpoint', () => {
  let local: LocalAws;
  beforeAll(async () => {
    local = await startLocalAws({ incident: syntheticIncident(1) });
  });
  afterAll(() => local.close());

  it('sends the widget JSON and returns the decoded PNG bytes', async () => {
    const renderer = new CloudWatchMetricImageRenderer(createCloudWatchClient(localSettings(local.endpoint)));
    const widget = buildMetricWidget({
      api: { kind: 'REST', apiName: 'orders', stage: 'prod' },
      region: 'us-east-1',
      alarmTime: ALARM_TIME,
      start: '2024-11-01T11:15:00Z',
      end: '2024-11-01T12:15:00Z',
      width: 320,
      height: 200,
    });
    const png = Buffer.from(await renderer.renderPng(widget));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([320, 200]);
    const idatLength = png.readUInt32BE(33);
    expect(inflateSync(png.subarray(41, 41 + idatLength))).toHaveLength((320 * 3 + 1) * 200);
    const call = local.callsOf('GetMetricWidgetImage')[0];
    expect(JSON.parse(String(call?.params.MetricWidget))).toEqual(widget);
    expect(call?.params.OutputFormat).toBe('png');
  });
});
