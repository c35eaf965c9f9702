import { z } from 'zod';
import {
  AlarmType,
  ApiIdSchema,
  ApiKind,
  DatapointsSchema,
  EvaluationPeriodsSchema,
  FunctionNameSchema,
  HTTP_METHODS,
  LOG_RETENTION_DAYS,
  LogGroupNameSchema,
  MissingData,
  MissingDataSchema,
  PeriodSchema,
  SeverityNameSchema,
  SlackChannelSchema,
  SlackMentionInputSchema,
  StageNameSchema,
  safeNamePart,
} from './fields.ts';

/**
 * The one file a team edits: which APIs to watch, how loud each alarm is and where the Slack message
 * goes. Parsed at synth time; a malformed field stops the synth with an error naming the field
 * (see load.ts). Every field is documented here with its default; docs/deploy.md shows a full example.
 *
 * Values may be CDK tokens (e.g. `api.restApiId`) when the construct is used inside an app that
 * also defines the APIs: tokens skip the format checks, which CloudFormation then performs.
 */

export {
  AlarmType,
  ApiKind,
  HTTP_METHODS,
  isToken,
  LOG_RETENTION_DAYS,
  MissingData,
  safeNamePart,
} from './fields.ts';

/** One severity: its threshold, and optionally its own evaluation settings (else the alarm's). */
const SeveritySchema = z.preprocess(
  (value) => (typeof value === 'number' ? { threshold: value } : value),
  z.strictObject(
    {
      /** rate: percent of requests (0 < t ≤ 100); count: 5XX responses per period (whole number ≥ 1). */
      threshold: z.number().positive('must be greater than 0'),
      periodSeconds: PeriodSchema.optional(),
      evaluationPeriods: EvaluationPeriodsSchema.optional(),
      datapointsToAlarm: DatapointsSchema.optional(),
      treatMissingData: MissingDataSchema.optional(),
    },
    { error: 'must be a threshold number or an object such as {"threshold": 5, "datapointsToAlarm": 2}' },
  ),
);

export const DEFAULT_THRESHOLDS = { critical: { threshold: 5 } } as const;

/**
 * How the API's 5XX alarm(s) decide. Defaults follow AWS's recommended API Gateway alarm
 * (5XXError/5xx rate above 5 %, 60 s period, 3 of 3 datapoints, see alarm-defaults research),
 * plus two choices of ours: a minimum request count, so that 1 failure in 2 night-time requests
 * (a 50 % rate) does not page; and `notBreaching` for missing data, because an API with no traffic
 * publishes no datapoint and has no errors (the same choice as cdk-monitoring-constructs).
 */
export const AlarmSchema = z
  .strictObject({
    /** `rate`: percent of requests that got a 5XX (metric math 5XX/Count); `count`: 5XX responses. @default "rate" */
    type: z.enum(AlarmType).default(AlarmType.RATE),
    /** rate only: periods with fewer requests than this count as 0 % (never breach). @default 20 */
    minRequests: z.number().int('must be a whole number').min(1).default(20),
    /** Seconds per datapoint; a multiple of 60. @default 60 */
    periodSeconds: PeriodSchema.default(60),
    /** Datapoints looked at ("N" of "M out of N"). @default 3 */
    evaluationPeriods: EvaluationPeriodsSchema.default(3),
    /** Breaching datapoints needed to alarm ("M"). @default evaluationPeriods */
    datapointsToAlarm: DatapointsSchema.optional(),
    /** What a period without data counts as. @default "notBreaching" */
    treatMissingData: MissingDataSchema.default(MissingData.NOT_BREACHING),
    /**
     * One alarm per severity, keyed by severity name; the value is the threshold or an object with
     * the threshold and per-severity overrides of the fields above.
     * @default {"critical": 5}
     */
    thresholds: z
      .record(SeverityNameSchema, SeveritySchema)
      .default(DEFAULT_THRESHOLDS)
      .refine((thresholds) => Object.keys(thresholds).length > 0, {
        message: 'must name at least one severity',
      }),
  })
  .superRefine((alarm, ctx) => {
    for (const [severity, settings] of Object.entries(alarm.thresholds)) {
      const at = (field: string) => ['thresholds', severity, field];
      if (alarm.type === AlarmType.RATE && settings.threshold > 100) {
        ctx.addIssue({
          code: 'custom',
          path: at('threshold'),
          message: 'a rate threshold is a percentage (0–100]',
        });
      }
      if (alarm.type === AlarmType.COUNT && !Number.isInteger(settings.threshold)) {
        ctx.addIssue({
          code: 'custom',
          path: at('threshold'),
          message: 'a count threshold is a whole number of 5XX responses',
        });
      }
      const evaluationPeriods = settings.evaluationPeriods ?? alarm.evaluationPeriods;
      const datapoints = settings.datapointsToAlarm ?? alarm.datapointsToAlarm ?? evaluationPeriods;
      // Values already reported on their own field are not compared again.
      if (!EvaluationPeriodsSchema.safeParse(evaluationPeriods).success) continue;
      if (DatapointsSchema.safeParse(datapoints).success && datapoints > evaluationPeriods) {
        const path =
          settings.datapointsToAlarm !== undefined ? at('datapointsToAlarm') : ['datapointsToAlarm'];
        ctx.addIssue({
          code: 'custom',
          path,
          message: `must not exceed evaluationPeriods (${datapoints} > ${evaluationPeriods})`,
        });
      }
      const period = settings.periodSeconds ?? alarm.periodSeconds;
      if (PeriodSchema.safeParse(period).success && period * evaluationPeriods > 86_400) {
        const path =
          settings.evaluationPeriods !== undefined ? at('evaluationPeriods') : ['evaluationPeriods'];
        ctx.addIssue({
          code: 'custom',
          path,
          message: `periodSeconds × evaluationPeriods must be at most one day (${period} × ${evaluationPeriods})`,
        });
      }
    }
  });

const FunctionSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  z.strictObject(
    {
      /** The function's name (same account and Region). */
      name: FunctionNameSchema,
      /** Its log group when it is not `/aws/lambda/{name}` (Lambda's advanced logging controls). @default `/aws/lambda/{name}` */
      logGroup: LogGroupNameSchema.optional(),
    },
    {
      error:
        'must be a function name or an object such as {"name": "orders-get", "logGroup": "/custom/group"}',
    },
  ),
);

const RouteSchema = z.strictObject({
  /** HTTP method of the route, or ANY. */
  method: z.enum(HTTP_METHODS),
  /** REST: the resource path (`/orders/{id}`); HTTP: the route path (`/orders/{id}`) or `$default`. */
  resource: z.string().regex(/^(\/\S*|\$default)$/, 'must be a path starting with / (or $default)'),
  /** The function that serves it; must be one of the API's `functions`. */
  functionName: FunctionNameSchema,
});

export const ApiSchema = z
  .strictObject({
    /** `REST` (API Gateway v1) or `HTTP` (v2). Required. */
    kind: z.enum(ApiKind),
    /** The API id (REST: rest-api id; HTTP: api id). Required: log group names and links use it. */
    id: ApiIdSchema,
    /** The API's name. Required for REST (its alarms use the ApiName dimension); optional label for HTTP. */
    name: z.string().min(1, 'must not be empty').max(1024).optional(),
    /** The stages to alarm on; one alarm per stage and severity. Required. */
    stages: z.array(StageNameSchema).min(1, 'must list at least one stage'),
    /** REST only: whether execution logging (INFO or ERROR) is on. @default true for REST, false for HTTP */
    executionLogging: z.boolean().optional(),
    /** Access log group per stage, e.g. {"prod": "/aws/apigateway/orders/prod"}. @default {} */
    accessLogGroups: z.record(z.string(), LogGroupNameSchema).default({}),
    /** Functions behind the API (integrations and authorizers): names or {name, logGroup}. @default [] */
    functions: z.array(FunctionSchema).default([]),
    /** Route → function, for APIs whose execution logs are off (they name the function otherwise). @default [] */
    routes: z.array(RouteSchema).default([]),
    /** Where this API's alerts go. @default the global default channel, no mention */
    slack: z
      .strictObject({
        /** @default slack.defaultChannel */
        channel: SlackChannelSchema.optional(),
        /** "here", "channel", a user group id (S…) or a user id (U…). @default none */
        mention: SlackMentionInputSchema.optional(),
      })
      .prefault({}),
    /** The 5XX alarm settings. @default a 5 % rate alarm, see AlarmSchema */
    alarm: AlarmSchema.prefault({}),
  })
  .superRefine((api, ctx) => {
    if (api.kind === ApiKind.REST && api.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'required for REST APIs: their 5XXError metric is keyed by the API name (ApiName dimension)',
      });
    }
    if (api.kind === ApiKind.HTTP && api.executionLogging === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['executionLogging'],
        message: 'HTTP APIs have no execution logs; remove it and name the access log group instead',
      });
    }
    const executionLogging = api.executionLogging ?? api.kind === ApiKind.REST;
    const stages = new Set<string>();
    const stageNameParts = new Set<string>();
    api.stages.forEach((stage, index) => {
      // "$default" and "default" would share alarm names.
      if (stageNameParts.has(safeNamePart(stage))) {
        ctx.addIssue({ code: 'custom', path: ['stages', index], message: `duplicate stage "${stage}"` });
      }
      stages.add(stage);
      stageNameParts.add(safeNamePart(stage));
      if (api.kind === ApiKind.REST && stage === '$default') {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', index],
          message: '$default is an HTTP API stage name',
        });
      }
      if (!executionLogging && api.accessLogGroups[stage] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['accessLogGroups'],
          message: `name the access log group of stage "${stage}": without execution logs it is the only record of the failing requests`,
        });
      }
    });
    for (const stage of Object.keys(api.accessLogGroups)) {
      if (!stages.has(stage)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accessLogGroups', stage],
          message: `"${stage}" is not one of the API's stages`,
        });
      }
    }
    const functions = new Set<string>();
    api.functions.forEach((fn, index) => {
      if (functions.has(fn.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['functions', index, 'name'],
          message: `duplicate function "${fn.name}"`,
        });
      }
      functions.add(fn.name);
    });
    const routes = new Set<string>();
    api.routes.forEach((route, index) => {
      const key = `${route.method} ${route.resource}`;
      if (routes.has(key))
        ctx.addIssue({ code: 'custom', path: ['routes', index], message: `duplicate route "${key}"` });
      routes.add(key);
      if (!functions.has(route.functionName)) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', index, 'functionName'],
          message: `"${route.functionName}" is not in this API's functions; add it there so the triage may read its logs`,
        });
      }
    });
  });

export const GatewayTriageConfigSchema = z
  .strictObject({
    /** Editors' JSON-schema pointer; ignored. */
    $schema: z.string().optional(),
    /** Start of every alarm name; CloudWatch may publish to the topics only for alarms named so. @default "gateway-triage" */
    alarmNamePrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, - and _ (at most 64)')
      .default('gateway-triage'),
    slack: z.strictObject({
      /** Secrets Manager secret (name) holding the bot token `xoxb-…`. @default "gateway-triage/slack-bot-token" */
      tokenSecretName: z
        .string()
        .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a Secrets Manager secret name (not an ARN)')
        .default('gateway-triage/slack-bot-token'),
      /** The customer managed KMS key encrypting that secret, if any. @default the AWS managed key */
      tokenSecretKmsKeyArn: z
        .string()
        .regex(/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'must be a KMS key ARN')
        .optional(),
      /** Channel for APIs that name none. Required. */
      defaultChannel: SlackChannelSchema,
    }),
    triageFunction: z
      .strictObject({
        /** @default 512 */
        memoryMiB: z.number().int('must be a whole number').min(128).max(10_240).default(512),
        /** @default 60 */
        timeoutSeconds: z.number().int('must be a whole number').min(10).max(900).default(60),
        /** Retention of the triage function's own logs. @default 30 */
        logRetentionDays: z
          .number()
          .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
            message: `must be one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
          })
          .default(30),
        /** Minutes of logs read before the alarm's own evaluation window. @default 5 */
        lookbackMinutes: z.number().int('must be a whole number').min(0).max(120).default(5),
        /** Failing requests followed in full; more are counted and sampled. @default 200 */
        maxFailingRequests: z.number().int('must be a whole number').min(1).max(5000).default(200),
      })
      .prefault({}),
    /** Who hears when the triage itself fails (errors, throttles, dead letters); never via the triage. */
    watchdog: z
      .strictObject({
        /** E-mail addresses subscribed to the watchdog topic (each confirms once). @default [] */
        emails: z.array(z.email('must be an e-mail address')).default([]),
        /** An existing SNS topic (e.g. your pager's) the watchdog alarms also notify. @default none */
        topicArn: z
          .string()
          .regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN')
          .optional(),
      })
      .prefault({}),
    /** The APIs to watch. Required, at least one. */
    apis: z.array(ApiSchema).min(1, 'must list at least one API'),
  })
  .superRefine((config, ctx) => {
    const ids = new Map<string, number>();
    const labels = new Map<string, number>();
    config.apis.forEach((api, index) => {
      const id = `${api.kind}:${api.id}`;
      if (ids.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['apis', index, 'id'],
          message: `API ${api.id} is listed twice`,
        });
      ids.set(id, index);
      const label = apiNamePart(api);
      if (labels.has(label)) {
        ctx.addIssue({
          code: 'custom',
          path: ['apis', index, 'name'],
          message: `another API is also named "${label}"; alarm names would collide`,
        });
      }
      labels.set(label, index);
    });
  });

export type GatewayTriageConfigInput = z.input<typeof GatewayTriageConfigSchema>;
export type GatewayTriageConfig = z.output<typeof GatewayTriageConfigSchema>;
export type ApiConfig = GatewayTriageConfig['apis'][number];
export type AlarmConfig = ApiConfig['alarm'];

/** How messages and descriptions call an API: its name, else its id. */
export function apiLabel(api: Pick<ApiConfig, 'name' | 'id'>): string {
  return api.name ?? api.id;
}

/** The API's part of its alarm names: its name made safe, else its id (names may be all non-ASCII). */
export function apiNamePart(api: Pick<ApiConfig, 'name' | 'id'>): string {
  const safe = api.name === undefined ? '' : safeNamePart(api.name);
  return safe === '' ? api.id : safe;
}

/** REST APIs log executions unless told otherwise; HTTP APIs cannot. */
export function hasExecutionLogging(api: Pick<ApiConfig, 'kind' | 'executionLogging'>): boolean {
  return api.executionLogging ?? api.kind === ApiKind.REST;
}
