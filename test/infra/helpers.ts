import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Stack, type StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { GatewayTriageConfigInput } from '../../infra/config/schema.ts';
import { GatewayTriageStack } from '../../infra/lib/GatewayTriageStack.ts';
import { flattenCfnValue } from '../../infra/lib/policy-checks.ts';

export const EXAMPLE_CONFIG_PATH = fileURLToPath(
  new URL('../../infra/config/gateway-triage.config.json', import.meta.url),
);

const exampleJson: unknown = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'));

/** The shipped example config, cloned so a test may change it. */
export function exampleConfig(): GatewayTriageConfigInput {
  return structuredClone(exampleJson) as GatewayTriageConfigInput;
}

/** The smallest valid config: one REST API, defaults everywhere else. */
export function minimalConfig(): GatewayTriageConfigInput {
  return {
    slack: { defaultChannel: '#api-alerts' },
    apis: [{ kind: 'REST', id: 'a1b2c3d4e5', name: 'orders', stages: ['prod'] }],
  };
}

/** Bundling is skipped (an empty `aws:cdk:bundling-stacks`), which keeps a synth at milliseconds. */
export function newApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

export function synthStack(
  config: GatewayTriageConfigInput,
  props: StackProps = {},
): { stack: GatewayTriageStack; template: Template } {
  const stack = new GatewayTriageStack(newApp(), 'Triage', { ...props, config });
  return { stack, template: Template.fromStack(stack) };
}

export type Json = Record<string, unknown>;

export function resourcesOfType(template: Template, type: string): Array<[string, Json]> {
  return Object.entries(template.findResources(type)) as Array<[string, Json]>;
}

export function properties(resource: Json): Json {
  return (resource.Properties ?? {}) as Json;
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Resolved values as strings (`arn:<AWS::Partition>:…`), as cdk-nag spells them. */
export function flat(value: unknown): string {
  return flattenCfnValue(value);
}

/** A bare stack for constructs tested on their own. */
export function bareStack(): Stack {
  return new Stack(newApp(), 'Bare');
}

export function onlyResource(
  template: Template,
  type: string,
  where: (props: Json) => boolean = () => true,
): [string, Json] {
  const found = resourcesOfType(template, type).filter(([, resource]) => where(properties(resource)));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [first] = found;
  if (first === undefined) throw new Error(`no ${type}`);
  return [first[0], properties(first[1])];
}

/** The example config's stack and the logical ids and properties most tests look at. */
export function exampleStack() {
  const { stack, template } = synthStack(exampleConfig());
  const only = (type: string, where?: (props: Json) => boolean) => onlyResource(template, type, where);
  const [alarmTopicId] = only('AWS::SNS::Topic', (p) => p.DisplayName === 'gateway-triage API 5XX alarms');
  const [watchdogTopicId] = only('AWS::SNS::Topic', (p) => p.DisplayName === 'gateway-triage watchdog');
  const [queueId, queue] = only('AWS::SQS::Queue');
  const [tableId, table] = only('AWS::DynamoDB::Table');
  const [functionId, fn] = only('AWS::Lambda::Function');
  const [roleId, role] = only('AWS::IAM::Role');
  const [keyId, key] = only('AWS::KMS::Key');
  return {
    stack,
    template,
    only,
    alarmTopicId,
    watchdogTopicId,
    queueId,
    queue,
    tableId,
    table,
    functionId,
    fn,
    roleId,
    role,
    keyId,
    key,
  };
}

/** An ARN of the env-agnostic stacks the tests build, flattened as cdk-nag spells it. */
export function agnosticArn(service: string, resource: string): string {
  return `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;
}
