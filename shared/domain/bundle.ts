import { z } from 'zod';

/**
 * Incident bundle, version 1: everything the triage reads from AWS for one alarm.
 * Schema first, types inferred. Objects are loose: the project may add fields, and every
 * version-1 bundle written by anyone must keep reading.
 *
 * @see ../../../shared/incident-bundle.md (the contract, beside the checkout)
 */
export const LogEventSchema = z.looseObject({
  timestamp: z.number().finite(),
  logStreamName: z.string(),
  message: z.string(),
});

export const RouteSchema = z.looseObject({
  method: z.string().min(1),
  resource: z.string().min(1),
  functionName: z.string().min(1).optional(),
});

export const ApiKindSchema = z.enum(['REST', 'HTTP']);

export const BundleApiSchema = z.looseObject({
  kind: ApiKindSchema,
  apiId: z.string().min(1).optional(),
  apiName: z.string().min(1).optional(),
  stage: z.string().min(1),
  region: z.string().min(1).optional(),
  accountId: z.string().min(1).optional(),
  executionLogGroup: z.string().min(1).optional(),
  accessLogGroup: z.string().min(1).optional(),
  routes: z.array(RouteSchema).optional(),
});

/** GetFunctionConfiguration's answer; only the fields the triage reads are typed. */
export const FunctionConfigurationSchema = z.looseObject({
  FunctionName: z.string().optional(),
  FunctionArn: z.string().optional(),
  Runtime: z.string().optional(),
  Handler: z.string().optional(),
  Timeout: z.number().optional(),
  MemorySize: z.number().optional(),
  LastModified: z.string().optional(),
  Version: z.string().optional(),
  State: z.string().optional(),
  StateReason: z.string().optional(),
  StateReasonCode: z.string().optional(),
  LastUpdateStatus: z.string().optional(),
  LastUpdateStatusReason: z.string().optional(),
  LastUpdateStatusReasonCode: z.string().optional(),
  KMSKeyArn: z.string().optional(),
  Role: z.string().optional(),
  Environment: z.looseObject({ Error: z.looseObject({}).optional() }).optional(),
  LoggingConfig: z
    .looseObject({
      LogFormat: z.string().optional(),
      LogGroup: z.string().optional(),
      ApplicationLogLevel: z.string().optional(),
      SystemLogLevel: z.string().optional(),
    })
    .optional(),
});

export const FunctionFactsSchema = z.looseObject({
  configuration: FunctionConfigurationSchema,
  /** GetPolicy's Policy string; null: the function has no resource policy. */
  policy: z.string().nullable().optional(),
  /** GetFunctionConcurrency; null: none reserved. */
  reservedConcurrency: z.number().int().nullable().optional(),
});

export const ExpectedSchema = z.looseObject({
  category: z.string(),
  functionName: z.string().optional(),
  note: z.string().optional(),
});

export const BundleSchema = z.looseObject({
  version: z.literal(1),
  id: z.string().min(1),
  description: z.string().optional(),
  sources: z.array(z.string()).optional(),
  /** The parsed SNS Message of the CloudWatch alarm; read tolerantly by parseAlarm. */
  alarm: z.record(z.string(), z.unknown()),
  api: BundleApiSchema,
  logGroups: z.record(z.string(), z.array(LogEventSchema)),
  functions: z.record(z.string(), FunctionFactsSchema).default({}),
  expected: ExpectedSchema.optional(),
});

export type LogEvent = z.infer<typeof LogEventSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type ApiKind = z.infer<typeof ApiKindSchema>;
export type BundleApi = z.infer<typeof BundleApiSchema>;
export type FunctionConfiguration = z.infer<typeof FunctionConfigurationSchema>;
export type FunctionFacts = z.infer<typeof FunctionFactsSchema>;
export type IncidentBundle = z.infer<typeof BundleSchema>;
