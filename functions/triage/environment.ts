import type { z } from 'zod';
import {
  type TriageEnvironment,
  TriageEnvironmentSchema,
  type TriageRuntimeConfig,
  TriageRuntimeConfigSchema,
} from '../../shared/config/runtime-config.ts';

/** Bad deployment settings: the message names the variable and the field. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export interface HandlerSettings {
  environment: TriageEnvironment;
  config: TriageRuntimeConfig;
  /** Slack Web API base; set only to point at a local endpoint (demo, tests). */
  slackApiUrl?: string;
}

/** Reads the handler's environment once at cold start; errors name the variable and field. */
export function readHandlerSettings(env: NodeJS.ProcessEnv): HandlerSettings {
  const environment = TriageEnvironmentSchema.safeParse(env);
  if (!environment.success) throw new EnvironmentError(`environment: ${describe(environment.error)}`);
  let json: unknown;
  try {
    json = JSON.parse(environment.data.TRIAGE_CONFIG);
  } catch (error) {
    throw new EnvironmentError(`TRIAGE_CONFIG is not JSON: ${(error as Error).message}`);
  }
  const config = TriageRuntimeConfigSchema.safeParse(json);
  if (!config.success) throw new EnvironmentError(`TRIAGE_CONFIG: ${describe(config.error)}`);
  return { environment: environment.data, config: config.data, slackApiUrl: env.SLACK_API_URL || undefined };
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
