import { createHash, randomUUID } from 'node:crypto';
import { LocalServiceError } from './errors.ts';
import { type JsonRpcService, jsonFaultError, type LocalContext, optional, stringParam } from './wire.ts';

/** Secrets Manager (awsJson1_1, `secretsmanager.*`): GetSecretValue over a name → SecretString map. */
export function secretsManagerService(secrets: Record<string, string>, ctx: LocalContext): JsonRpcService {
  const arnOf = (name: string) =>
    `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${name}-LocAl1`;
  return {
    name: 'secretsmanager',
    targetPrefix: 'secretsmanager',
    protocol: 'awsJson1_1',
    faultError: (fault, operation) =>
      jsonFaultError(
        fault,
        operation,
        { throttle: 'ThrottlingException', server: 'InternalServiceError', denied: 'AccessDeniedException' },
        'secretsmanager',
        ctx.accountId,
      ),
    operations: {
      GetSecretValue: (params) => {
        const id = stringParam(params, 'SecretId') ?? '';
        const name = Object.keys(secrets).find(
          (key) => key === id || arnOf(key) === id || id.endsWith(`:secret:${key}`),
        );
        const value = name === undefined ? undefined : secrets[name];
        if (name === undefined || value === undefined) {
          throw new LocalServiceError(
            400,
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret.",
          );
        }
        return {
          ARN: arnOf(name),
          Name: name,
          SecretString: value,
          VersionId: '00000000-0000-4000-8000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_700_000_000,
        };
      },
    },
  };
}

export interface SentMessage {
  queueUrl: string;
  body: string;
  attributes: Record<string, unknown>;
  messageId: string;
}

/**
 * SQS as the installed @aws-sdk/client-sqs speaks it: awsJson1_0, `X-Amz-Target: AmazonSQS.<Operation>`,
 * query-compatible errors. The client checks `MD5OfMessageBody`, so it is the real MD5.
 */
export function sqsService(sent: SentMessage[], ctx: LocalContext): JsonRpcService {
  return {
    name: 'sqs',
    targetPrefix: 'AmazonSQS',
    protocol: 'awsJson1_0',
    namespace: 'com.amazonaws.sqs',
    queryCompatible: true,
    faultError: (fault, operation) =>
      jsonFaultError(
        fault,
        operation,
        {
          throttle: 'RequestThrottled',
          throttleQuery: 'RequestThrottled',
          server: 'InternalError',
          serverQuery: 'InternalError',
          denied: 'AccessDeniedException',
          deniedStatus: 403,
        },
        'sqs',
        ctx.accountId,
      ),
    operations: {
      GetQueueUrl: (params) => {
        const name = stringParam(params, 'QueueName');
        if (!name) throw new LocalServiceError(400, 'InvalidParameterValue', 'QueueName is required.');
        return { QueueUrl: `${ctx.endpoint}/${ctx.accountId}/${name}` };
      },
      SendMessage: (params) => {
        const queueUrl = stringParam(params, 'QueueUrl');
        const body = stringParam(params, 'MessageBody');
        if (!queueUrl || body === undefined) {
          throw new LocalServiceError(400, 'MissingParameter', 'QueueUrl and MessageBody are required.', {
            queryCode: 'MissingParameter',
          });
        }
        const messageId = randomUUID();
        const attributes = params.MessageAttributes;
        sent.push({
          queueUrl,
          body,
          attributes:
            typeof attributes === 'object' && attributes !== null
              ? (attributes as Record<string, unknown>)
              : {},
          messageId,
        });
        return {
          MessageId: messageId,
          MD5OfMessageBody: createHash('md5').update(body, 'utf8').digest('hex'),
          ...optional(
            'SequenceNumber',
            stringParam(params, 'MessageGroupId') ? String(sent.length) : undefined,
          ),
        };
      },
    },
  };
}
