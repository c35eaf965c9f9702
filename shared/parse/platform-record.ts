import type { FunctionLine } from './function-log.ts';
import { numberField, objectField, stringField } from './json.ts';

/**
 * Lambda's `platform.*` records (JSON log format, the same shapes as the Telemetry API).
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html
 */
export function parsePlatformRecord(type: string, record: Record<string, unknown>): FunctionLine {
  const requestId = stringField(record, 'requestId');
  const metrics = objectField(record, 'metrics') ?? {};
  switch (type) {
    case 'platform.start':
      return requestId
        ? { kind: 'start', requestId, version: stringField(record, 'version') }
        : { kind: 'unrecognised' };
    case 'platform.report':
      if (!requestId) return { kind: 'unrecognised' };
      return {
        kind: 'report',
        requestId,
        durationMs: numberField(metrics, 'durationMs'),
        billedDurationMs: numberField(metrics, 'billedDurationMs'),
        memorySizeMb: numberField(metrics, 'memorySizeMB'),
        maxMemoryUsedMb: numberField(metrics, 'maxMemoryUsedMB'),
        initDurationMs: numberField(metrics, 'initDurationMs'),
        status: stringField(record, 'status'),
        errorType: stringField(record, 'errorType'),
      };
    case 'platform.runtimeDone':
      if (!requestId) return { kind: 'unrecognised' };
      return {
        kind: 'runtime-done',
        requestId,
        status: stringField(record, 'status') ?? 'unknown',
        errorType: stringField(record, 'errorType'),
      };
    case 'platform.initStart':
      return { kind: 'init-start', runtimeVersion: stringField(record, 'runtimeVersion') };
    case 'platform.initReport':
    case 'platform.initRuntimeDone':
      return {
        kind: 'init-report',
        durationMs: numberField(metrics, 'durationMs'),
        phase: stringField(record, 'phase'),
        status: stringField(record, 'status'),
        errorType: stringField(record, 'errorType'),
      };
    default:
      return { kind: 'unrecognised', requestId };
  }
}
