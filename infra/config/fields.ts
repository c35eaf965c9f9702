import { z } from 'zod';
import { SlackMentionSchema } from '../../shared/config/runtime-config.ts';

/** The config file's closed sets and single-field formats; schema.ts assembles them. */

export const ApiKind = { REST: 'REST', HTTP: 'HTTP' } as const;
export type ApiKind = (typeof ApiKind)[keyof typeof ApiKind];

export const AlarmType = { RATE: 'rate', COUNT: 'count' } as const;
export type AlarmType = (typeof AlarmType)[keyof typeof AlarmType];

/** CloudWatch's `TreatMissingData` values. */
export const MissingData = {
  BREACHING: 'breaching',
  NOT_BREACHING: 'notBreaching',
  IGNORE: 'ignore',
  MISSING: 'missing',
} as const;
export type MissingData = (typeof MissingData)[keyof typeof MissingData];

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const HTTP_METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** CDK encodes unresolved string tokens as `${Token[…]}`; their real value is only known at deploy time. */
export function isToken(value: string): boolean {
  return value.includes('${Token[');
}

/** A string checked against `pattern` unless it is a CDK token. */
function literalOrToken(pattern: RegExp, description: string) {
  return z
    .string()
    .min(1, 'must not be empty')
    .refine((value) => isToken(value) || pattern.test(value), { message: `must be ${description}` });
}

export const LogGroupNameSchema = literalOrToken(
  /^[A-Za-z0-9._\-/#]{1,512}$/,
  'a CloudWatch Logs group name (letters, digits and . _ - / #, at most 512 characters)',
);
export const FunctionNameSchema = literalOrToken(
  /^[A-Za-z0-9_-]{1,64}$/,
  'a Lambda function name in this account and Region (not an ARN; letters, digits, - and _, at most 64)',
);
export const ApiIdSchema = literalOrToken(
  /^[a-z0-9]{10}$/,
  'the 10-character API id API Gateway assigned, e.g. a1b2c3d4e5',
);
export const StageNameSchema = literalOrToken(
  /^(\$default|[A-Za-z0-9_-]{1,128})$/,
  'a stage name (letters, digits, - and _; HTTP APIs may use $default)',
);
export const SlackChannelSchema = z
  .string()
  .regex(
    /^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{6,})$/,
    'must be a Slack channel as #name (lower case) or a channel id such as C0123ABCD',
  );
export const SlackMentionInputSchema = z
  .string()
  .refine((value) => SlackMentionSchema.safeParse(value).success, {
    message: 'must be "here", "channel", a user group id (S0123ABCD) or a user id (U0123ABCD)',
  });
export const SeverityNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,23}$/,
    'must be a severity name: lower case letters, digits and -, e.g. critical',
  );

/** API Gateway publishes one datapoint a minute, so shorter or odd periods only add noise. */
export const PeriodSchema = z
  .number()
  .int('must be a whole number of seconds')
  .superRefine((seconds, ctx) => {
    // One message per bad value: the first rule it breaks (int() has already reported non-integers).
    if (!Number.isSafeInteger(seconds)) return;
    const problem =
      seconds < 60
        ? 'must be at least 60 seconds (API Gateway publishes one datapoint a minute)'
        : seconds > 86_400
          ? 'must be at most 86400 seconds (one day)'
          : seconds % 60 !== 0
            ? 'must be a multiple of 60 seconds'
            : undefined;
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
export const EvaluationPeriodsSchema = z.number().int('must be a whole number').min(1).max(1440);
export const DatapointsSchema = z.number().int('must be a whole number').min(1).max(1440);
export const MissingDataSchema = z.enum(MissingData);

/**
 * A value as part of an alarm name or construct id: letters, digits, `.`, `_` and `-` only
 * (`$default` → `default`). Tokens pass through unchanged.
 */
export function safeNamePart(value: string): string {
  return isToken(value) ? value : value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}
