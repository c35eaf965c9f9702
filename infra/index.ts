/** What a CDK app imports to use gateway-triage (see docs/deploy.md). */
export { ConfigError, type ConfigIssue } from './config/errors.ts';
export { loadConfigFile, parseConfig } from './config/load.ts';
export {
  type GatewayTriageConfig,
  type GatewayTriageConfigInput,
  GatewayTriageConfigSchema,
} from './config/schema.ts';
export { type AlarmPlan, planAlarms } from './lib/alarm-plan.ts';
export { SynthLimitError } from './lib/errors.ts';
export { type ApiAlarm, GatewayTriage, type GatewayTriageProps } from './lib/GatewayTriage.ts';
export { GatewayTriageStack, type GatewayTriageStackProps } from './lib/GatewayTriageStack.ts';
export {
  ExecutionLoggingLevel,
  TRIAGE_ACCESS_LOG_FIELDS,
  TriageReadyStage,
  type TriageReadyStageProps,
  triageAccessLogFormat,
} from './lib/TriageReadyStage.ts';
export { TriageWatchdog, type TriageWatchdogProps } from './lib/TriageWatchdog.ts';
