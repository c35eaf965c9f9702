import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { SynthLimitError } from './errors.ts';
import type { ExplainedStatement } from './triage-permissions.ts';

/**
 * A resolved CloudFormation value as one string, the way cdk-nag names findings:
 * `{"Ref":"AWS::Region"}` → `<AWS::Region>`, `Fn::GetAtt [X, Arn]` → `<X.Arn>`, joins concatenated.
 * Acknowledgements must match cdk-nag's finding ids exactly, hence the same spelling.
 */
export function flattenCfnValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const join = record['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(flattenCfnValue).join(join[0]);
    }
    if ('Fn::Sub' in record) return flattenCfnValue(record['Fn::Sub']);
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${flattenCfnValue(getAtt[0])}.${flattenCfnValue(getAtt[1])}>`;
    if ('Fn::ImportValue' in record) return flattenCfnValue(record['Fn::ImportValue']);
    if ('Ref' in record) return `<${flattenCfnValue(record.Ref)}>`;
  }
  return JSON.stringify(value);
}

function resolvedStatement(
  scope: IConstruct,
  statement: ExplainedStatement['statement'],
): Record<string, unknown> {
  return Stack.of(scope).resolve(statement.toStatementJson()) as Record<string, unknown>;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The resources of a statement that contain a `*`, flattened as cdk-nag reports them. */
export function wildcardResources(scope: IConstruct, explained: ExplainedStatement): string[] {
  return asList(resolvedStatement(scope, explained.statement).Resource)
    .map(flattenCfnValue)
    .filter((resource) => resource.includes('*'));
}

/**
 * Acknowledges AwsSolutions-IAM5 for each wildcard resource, with the statement's written reason.
 * A wildcard without a reason is a bug in this package, so it stops the synth.
 */
export function acknowledgeWildcardResources(
  target: IConstruct,
  statements: readonly ExplainedStatement[],
): void {
  for (const explained of statements) {
    for (const resource of wildcardResources(target, explained)) {
      if (explained.wildcardReason === undefined) {
        throw new Error(
          `IAM statement ${explained.statement.sid ?? '(no sid)'} grants ${resource} without a reason`,
        );
      }
      Validations.of(target).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${resource}]`,
        reason: explained.wildcardReason,
      });
    }
  }
}

/** IAM's limit on all inline policies of one role together, whitespace not counted. */
export const IAM_INLINE_POLICY_LIMIT_CHARACTERS = 10_240;

/** Longest values the placeholders can take, so the estimate errs on the large side. */
const LONGEST = {
  '<AWS::Partition>': 'aws-iso-b',
  '<AWS::Region>': 'ap-southeast-5',
  '<AWS::AccountId>': '123456789012',
  '<AWS::URLSuffix>': 'amazonaws.com.cn',
} as const;
const OTHER_REFERENCE_CHARACTERS = 160;

export function estimatePolicyCharacters(
  scope: IConstruct,
  statements: readonly ExplainedStatement[],
): number {
  const resolved = statements.map((explained) => resolvedStatement(scope, explained.statement));
  const flattened = JSON.stringify(resolved, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && isIntrinsic(value)
      ? flattenCfnValue(value)
      : value,
  );
  let text = flattened;
  for (const [placeholder, longest] of Object.entries(LONGEST)) text = text.split(placeholder).join(longest);
  return (
    text.replace(/<[^<>]+>/g, 'x'.repeat(OTHER_REFERENCE_CHARACTERS)).length +
    '{"Version":"2012-10-17","Statement":}'.length
  );
}

/** Fails the synth with a plain explanation instead of a CloudFormation rollback at deploy. */
export function assertInlinePolicyFits(scope: IConstruct, statements: readonly ExplainedStatement[]): void {
  const characters = estimatePolicyCharacters(scope, statements);
  if (characters <= IAM_INLINE_POLICY_LIMIT_CHARACTERS) return;
  throw new SynthLimitError(
    'iam-inline-policy-10240',
    `The triage function's IAM policy would be about ${characters} characters; IAM allows ` +
      `${IAM_INLINE_POLICY_LIMIT_CHARACTERS} per role. Split the APIs over two stacks (each with its own config file).`,
  );
}

function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] ?? '').startsWith('Fn::'));
}
