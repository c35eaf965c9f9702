import { z } from 'zod';
import { RouteSchema } from '../domain/bundle.ts';

/**
 * What the CDK stack hands the triage function: one JSON document in the `TRIAGE_CONFIG`
 * environment variable, plus the names of the resources it uses. The infra builds it from the
 * user's config file; the handler validates it at cold start (errors name the field).
 */

/** A Slack mention chosen by the operator (never taken from log text). */
export const SlackMentionSchema = z.union([
  z.literal('here'),
  z.literal('channel'),
  z.string().regex(/^S[A-Z0-9]{2,}$/, 'a Slack user group id such as S0123ABCD'),
  z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as U0123ABCD'),
]);

export const RuntimeApiSchema = z.object({
  kind: z.enum(['REST', 'HTTP']),
  /** REST: the rest-api id; HTTP: the api id. Both are needed for log group names and links. */
  apiId: z.string().min(1),
  /** REST alarms carry ApiName; HTTP alarms carry ApiId. */
  apiName: z.string().min(1).optional(),
  stages: z.array(z.string().min(1)).min(1),
  /** Execution log group per stage is derived; access log group per stage is explicit. */
  accessLogGroups: z.record(z.string(), z.string().min(1)).default({}),
  executionLogging: z.boolean().default(true),
  routes: z.array(RouteSchema).default([]),
  /** Every function behind the API (integrations and authorizers). */
  functions: z.array(z.string().min(1)).default([]),
  slackChannel: z.string().min(1).optional(),
  mention: SlackMentionSchema.optional(),
});

export const TriageRuntimeConfigSchema = z.object({
  apis: z.array(RuntimeApiSchema),
  defaultSlackChannel: z.string().min(1),
  /** Minutes of logs read before the alarm's own evaluation window. */
  lookbackMinutes: z.number().int().min(0).max(120).default(5),
  /** Failing requests followed in full; more are counted and sampled. */
  maxFailingRequests: z.number().int().min(1).max(5000).default(200),
});

/** The environment the handler reads once, at cold start. */
export const TriageEnvironmentSchema = z.object({
  TRIAGE_CONFIG: z.string().min(2),
  SLACK_TOKEN_SECRET_ID: z.string().min(1),
  STATE_TABLE_NAME: z.string().min(1),
  DEAD_LETTER_QUEUE_URL: z.string().min(1).optional(),
});

export type SlackMention = z.infer<typeof SlackMentionSchema>;
export type RuntimeApi = z.infer<typeof RuntimeApiSchema>;
export type TriageRuntimeConfig = z.infer<typeof TriageRuntimeConfigSchema>;
export type TriageEnvironment = z.infer<typeof TriageEnvironmentSchema>;

export const TRIAGE_CONFIG_ENV = 'TRIAGE_CONFIG';

/** Execution log group API Gateway writes for a REST stage. */
export function executionLogGroupName(restApiId: string, stage: string): string {
  return `API-Gateway-Execution-Logs_${restApiId}/${stage}`;
}
