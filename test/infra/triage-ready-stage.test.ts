import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { TRIAGE_ACCESS_LOG_FIELDS, TriageReadyStage } from '../../infra/lib/TriageReadyStage.ts';
import { bareStack, flat, type Json, properties, resourcesOfType } from './helpers.ts';

/** The `$context` variables the brief lists as what the engine reads. */
const REQUIRED_VARIABLES = [
  'requestId',
  'extendedRequestId',
  'status',
  'httpMethod',
  'error.responseType',
  'error.message',
  'integrationErrorMessage',
  'integration.error',
  'integrationStatus',
  'integration.status',
  'integration.requestId',
  'awsEndpointRequestId',
  'integrationLatency',
  'responseLatency',
  'authorizer.error',
].map((name) => `$context.${name}`);

function backend(stack: ReturnType<typeof bareStack>): lambda.Function {
  return new lambda.Function(stack, 'Backend', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })'),
  });
}

function onlyStage(template: Template, type: string): Json {
  const stages = resourcesOfType(template, type);
  expect(stages).toHaveLength(1);
  return properties(stages[0]?.[1] ?? {});
}

describe('TriageReadyStage', () => {
  it('turns on INFO execution logging without data trace and a JSON access log on a REST stage', () => {
    const stack = bareStack();
    const api = new apigateway.RestApi(stack, 'Orders', {
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: 100,
        dataTraceEnabled: true,
        loggingLevel: apigateway.MethodLoggingLevel.OFF,
      },
    });
    api.root.addMethod('GET', new apigateway.LambdaIntegration(backend(stack)));

    const ready = new TriageReadyStage(stack, 'OrdersReady', {
      stage: api.deploymentStage,
      accessLogGroupName: '/aws/apigateway/orders/prod',
    });
    const template = Template.fromStack(stack);

    const stage = onlyStage(template, 'AWS::ApiGateway::Stage');
    expect(stage.MethodSettings).toEqual([
      {
        HttpMethod: '*',
        ResourcePath: '/*',
        LoggingLevel: 'INFO',
        DataTraceEnabled: false,
        ThrottlingRateLimit: 100,
      },
    ]);
    const accessLog = stage.AccessLogSetting as Json;
    const [logGroupId] = resourcesOfType(template, 'AWS::Logs::LogGroup')[0] ?? [];
    expect(accessLog.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    const fields = JSON.parse(String(accessLog.Format)) as Record<string, string>;
    expect(Object.values(fields)).toEqual(
      expect.arrayContaining([...REQUIRED_VARIABLES, '$context.resourcePath']),
    );
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/apigateway/orders/prod',
      RetentionInDays: 30,
    });
    expect(flat(stack.resolve(ready.executionLogGroupName))).toBe(
      `API-Gateway-Execution-Logs_${flat(stack.resolve(api.restApiId))}/${flat(stack.resolve(api.deploymentStage.stageName))}`,
    );
  });

  it('can log errors only', () => {
    const stack = bareStack();
    const api = new apigateway.RestApi(stack, 'Orders');
    api.root.addMethod('GET', new apigateway.MockIntegration());
    new TriageReadyStage(stack, 'Ready', { stage: api.deploymentStage, executionLoggingLevel: 'ERROR' });

    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ LoggingLevel: 'ERROR', DataTraceEnabled: false })],
    });
  });

  it('warns when a per-method setting turns logging back off', () => {
    const stack = bareStack();
    const api = new apigateway.RestApi(stack, 'Orders', {
      deployOptions: {
        methodOptions: { '/health/GET': { loggingLevel: apigateway.MethodLoggingLevel.OFF } },
      },
    });
    api.root.addResource('health').addMethod('GET', new apigateway.MockIntegration());
    new TriageReadyStage(stack, 'Ready', { stage: api.deploymentStage });

    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('turns execution logging off'));
  });

  it('sets a JSON access log with the route key on an HTTP stage', () => {
    const stack = bareStack();
    const api = new apigatewayv2.HttpApi(stack, 'Reports', {
      defaultIntegration: new HttpLambdaIntegration('Backend', backend(stack)),
    });
    const stage = api.defaultStage;
    if (stage === undefined) throw new Error('HttpApi creates a default stage');

    const ready = new TriageReadyStage(stack, 'ReportsReady', { stage });
    const template = Template.fromStack(stack);

    const settings = onlyStage(template, 'AWS::ApiGatewayV2::Stage').AccessLogSettings as Json;
    const fields = JSON.parse(String(settings.Format)) as Record<string, string>;
    expect(Object.values(fields)).toEqual(
      expect.arrayContaining([...REQUIRED_VARIABLES, '$context.routeKey']),
    );
    expect(fields.resourcePath).toBeUndefined();
    expect(ready.executionLogGroupName).toBeUndefined();
  });

  it('logs the fields under names the engine reads', () => {
    expect(Object.keys(TRIAGE_ACCESS_LOG_FIELDS.REST)).toEqual(
      expect.arrayContaining([
        'requestId',
        'status',
        'resourcePath',
        'lambdaRequestId',
        'integrationErrorMessage',
        'errorResponseType',
      ]),
    );
    expect(Object.keys(TRIAGE_ACCESS_LOG_FIELDS.HTTP)).toContain('routeKey');
  });
});
