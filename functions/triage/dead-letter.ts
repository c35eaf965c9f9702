import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Where an alarm goes when it could not be delivered: kept for a person or a replay, never lost. */
export interface DeadLetterSink {
  send(entry: DeadLetterEntry): Promise<void>;
}

export interface DeadLetterEntry {
  reason: string;
  messageId?: string;
  /** The SNS Message (the alarm notification), as received. */
  message: unknown;
  failedAt: string;
}

/** SQS queue (the same queue the Lambda's async on-failure destination points at). */
export class SqsDeadLetterSink implements DeadLetterSink {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  async send(entry: DeadLetterEntry): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(entry) }),
    );
  }
}
