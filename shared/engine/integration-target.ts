import type { IntegrationTarget } from './model.ts';

const LAMBDA_ARN = /arn:aws[\w-]*:lambda:([\w-]+):(\d{12}):function:([\w-]+)(?::([\w$-]+))?/;

/** What an integration URI points at: a Lambda function (and its qualifier), an AWS service or HTTP. */
export function parseIntegrationUri(uri: string): IntegrationTarget {
  const lambda = LAMBDA_ARN.exec(uri);
  if (lambda?.[3]) {
    return {
      kind: 'lambda',
      uri,
      functionName: lambda[3],
      qualifier: lambda[4],
      functionArn: lambda[0],
    };
  }
  if (/^https?:\/\/[\w.-]*\.amazonaws\.com(\.cn)?\//.test(uri) || /^arn:aws[\w-]*:apigateway:/.test(uri)) {
    return { kind: 'aws-service', uri };
  }
  if (/^https?:\/\//.test(uri)) return { kind: 'http', uri };
  return { kind: 'unknown', uri };
}

/** Function name from a name, a partial ARN or a full ARN. */
export function functionNameOf(nameOrArn: string): string {
  const match = LAMBDA_ARN.exec(nameOrArn);
  return match?.[3] ?? nameOrArn.split(':')[0] ?? nameOrArn;
}
