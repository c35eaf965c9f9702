import {
  type TriageEnvironment,
  type TriageRuntimeConfig,
  TriageRuntimeConfigSchema,
} from '../../shared/config/runtime-config.ts';
import { type GatewayTriageConfig, hasExecutionLogging, isToken } from '../config/schema.ts';
import { SynthLimitError } from './errors.ts';

/** Lambda refuses a function whose environment variables (names + values) exceed 4 KB. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * Room kept for values only known at deploy time: a DynamoDB table name (≤ 255) and an SQS queue URL
 * (`https://sqs.<region>.amazonaws.com/<account>/<name ≤ 80>`, ≤ 140), plus slack for any token.
 */
const DEPLOY_TIME_VALUE_BYTES = { STATE_TABLE_NAME: 255, DEAD_LETTER_QUEUE_URL: 140 } as const;
const TOKEN_ALLOWANCE_BYTES = 100;

export const POWERTOOLS_SERVICE_NAME = 'gateway-triage';
export const POWERTOOLS_METRICS_NAMESPACE = 'GatewayTriage';

/** What the handler reads from `TRIAGE_CONFIG`: the user's config without the parts only infra needs. */
export function buildTriageRuntimeConfig(config: GatewayTriageConfig): TriageRuntimeConfig {
  const runtime = {
    apis: config.apis.map((api) => ({
      kind: api.kind,
      apiId: api.id,
      ...(api.name === undefined ? {} : { apiName: api.name }),
      stages: api.stages,
      accessLogGroups: api.accessLogGroups,
      executionLogging: hasExecutionLogging(api),
      routes: api.routes.map((route) => ({
        method: route.method,
        resource: route.resource,
        functionName: route.functionName,
      })),
      functions: api.functions.map((fn) => fn.name),
      ...(api.slack.channel === undefined ? {} : { slackChannel: api.slack.channel }),
      ...(api.slack.mention === undefined ? {} : { mention: api.slack.mention }),
    })),
    defaultSlackChannel: config.slack.defaultChannel,
    lookbackMinutes: config.triageFunction.lookbackMinutes,
    maxFailingRequests: config.triageFunction.maxFailingRequests,
  };
  // The handler parses the same schema at cold start: fail here, at synth, rather than there.
  return TriageRuntimeConfigSchema.parse(runtime);
}

/** Compact JSON, leaving out what the runtime schema defaults anyway, to stay inside 4 KB. */
export function serialiseRuntimeConfig(runtime: TriageRuntimeConfig): string {
  return JSON.stringify({
    ...runtime,
    apis: runtime.apis.map(({ accessLogGroups, executionLogging, routes, functions, ...rest }) => ({
      ...rest,
      ...(Object.keys(accessLogGroups).length > 0 ? { accessLogGroups } : {}),
      ...(executionLogging ? {} : { executionLogging }),
      ...(routes.length > 0 ? { routes } : {}),
      ...(functions.length > 0 ? { functions } : {}),
    })),
  });
}

export interface TriageEnvironmentValues {
  readonly triageConfig: string;
  readonly slackTokenSecretId: string;
  readonly stateTableName: string;
  readonly deadLetterQueueUrl: string;
}

/** The function's whole environment: `TriageEnvironmentSchema` plus Powertools' settings. */
export function buildTriageEnvironment(values: TriageEnvironmentValues): Record<string, string> {
  const environment: TriageEnvironment & Record<string, string> = {
    TRIAGE_CONFIG: values.triageConfig,
    SLACK_TOKEN_SECRET_ID: values.slackTokenSecretId,
    STATE_TABLE_NAME: values.stateTableName,
    DEAD_LETTER_QUEUE_URL: values.deadLetterQueueUrl,
    POWERTOOLS_SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE,
  };
  assertEnvironmentFits(environment);
  return environment;
}

/** Bytes Lambda will count, with deploy-time values at their longest. */
export function estimateEnvironmentBytes(environment: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [name, value] of Object.entries(environment)) {
    total += Buffer.byteLength(name, 'utf8');
    const reserved = DEPLOY_TIME_VALUE_BYTES[name as keyof typeof DEPLOY_TIME_VALUE_BYTES];
    if (reserved !== undefined && isToken(value)) {
      total += reserved;
    } else {
      total += Buffer.byteLength(value, 'utf8') + countTokens(value) * TOKEN_ALLOWANCE_BYTES;
    }
  }
  return total;
}

function assertEnvironmentFits(environment: Readonly<Record<string, string>>): void {
  const bytes = estimateEnvironmentBytes(environment);
  if (bytes <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) return;
  const configBytes = Buffer.byteLength(environment.TRIAGE_CONFIG ?? '', 'utf8');
  throw new SynthLimitError(
    'lambda-environment-4kb',
    `The triage function's environment would be about ${bytes} bytes; Lambda allows ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} ` +
      `for all variables together. TRIAGE_CONFIG alone is ${configBytes} bytes. Shorten names, drop routes ` +
      'that execution logs already reveal, or split the APIs over two stacks (each with its own config file).',
  );
}

function countTokens(value: string): number {
  return value.split('${Token[').length - 1;
}
