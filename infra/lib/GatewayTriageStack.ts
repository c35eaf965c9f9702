import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { GatewayTriageConfigInput } from '../config/schema.ts';
import { GatewayTriage, type GatewayTriageProps } from './GatewayTriage.ts';

export interface GatewayTriageStackProps extends StackProps {
  readonly config: GatewayTriageConfigInput;
  /** @default this repository's handler, see GatewayTriage */
  readonly handlerSource?: GatewayTriageProps['handlerSource'];
}

/** The standalone deployment: one GatewayTriage and the values an operator needs afterwards. */
export class GatewayTriageStack extends Stack {
  readonly triage: GatewayTriage;

  constructor(scope: Construct, id: string, props: GatewayTriageStackProps) {
    super(scope, id, {
      description: 'gateway-triage: API Gateway 5XX alarms explained in Slack',
      ...props,
    });
    this.triage = new GatewayTriage(this, 'GatewayTriage', {
      config: props.config,
      ...(props.handlerSource === undefined ? {} : { handlerSource: props.handlerSource }),
    });
    const outputs = {
      AlarmTopicArn: [
        'Add your own alarms here (names must start with the alarm name prefix)',
        this.triage.alarmTopic.topicArn,
      ],
      WatchdogTopicArn: [
        'Subscribe whoever must hear that the triage itself failed',
        this.triage.watchdog.topic.topicArn,
      ],
      TriageFunctionName: ['The triage function', this.triage.triageFunction.functionName],
      DeadLetterQueueUrl: [
        'Alarm notifications the triage could not handle',
        this.triage.deadLetterQueue.queueUrl,
      ],
    } as const;
    for (const [name, [description, value]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { description, value });
    }
  }
}
