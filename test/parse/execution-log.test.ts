import { describe, expect, it } from 'vitest';
import { parseIntegrationUri } from '../../shared/engine/integration-target.ts';
import {
  type ExecutionLine,
  executionRequestId,
  methodCompletedStatus,
  parseExecutionLine,
  parseHeaderMap,
  splitExecutionPrefix,
} from '../../shared/parse/execution-log.ts';

/** Lines of ../shared/research/lambda-logs.md §3 (and the corpus where §3 has no sample), verbatim. */

const ID = '286364ab-3a83-11e9-8dc8-db3cf4c83204';

function line(message: string): ExecutionLine {
  return parseExecutionLine(splitExecutionPrefix(message).text);
}

function expectKind<K extends ExecutionLine['kind']>(
  parsed: ExecutionLine,
  kind: K,
): Extract<ExecutionLine, { kind: K }> {
  expect(parsed.kind).toBe(kind);
  return parsed as Extract<ExecutionLine, { kind: K }>;
}

describe('prefixes', () => {
  it('splits the gateway request id off a line', () => {
    expect(splitExecutionPrefix(`(${ID}) Method completed with status: 502`)).toEqual({
      requestId: ID,
      text: 'Method completed with status: 502',
    });
    expect(executionRequestId(`(${ID}) Method completed with status: 502`)).toBe(ID);
  });

  it('strips the console-test date prefix, which carries no request id', () => {
    expect(
      splitExecutionPrefix(
        'Wed Jun 05 19:31:05 UTC 2024 : Received response. Status: 200, Integration latency: 426 ms',
      ),
    ).toEqual({ text: 'Received response. Status: 200, Integration latency: 426 ms' });
    expect(
      executionRequestId('Wed Aug 03 08:20:33 UTC 2022 : Method completed with status: 502'),
    ).toBeUndefined();
  });

  it('keeps a line without a prefix whole', () => {
    expect(splitExecutionPrefix('Method completed with status: 200')).toEqual({
      text: 'Method completed with status: 200',
    });
    expect(splitExecutionPrefix('(not closed').text).toBe('(not closed');
    expect(executionRequestId('()  x')).toBeUndefined();
  });

  it('finds the status of Method completed cheaply', () => {
    expect(methodCompletedStatus(`(${ID}) Method completed with status: 502`)).toBe(502);
    expect(methodCompletedStatus('Wed Jun 05 19:31:06 UTC 2024 : Method completed with status: 200')).toBe(
      200,
    );
    expect(methodCompletedStatus(`(${ID}) Method completed with status: `)).toBeUndefined();
    expect(methodCompletedStatus(`(${ID}) Starting execution for request: ${ID}`)).toBeUndefined();
  });
});

describe('an INFO-level request that ended in a Lambda timeout (2019)', () => {
  it('classifies every line', () => {
    const kinds = [
      `(${ID}) Extended Request Id: Vwc2MGFUrPEFV_g=`,
      `(${ID}) Verifying Usage Plan for request: ${ID}. API Key: API Stage: uwe3g5jm54/Prod`,
      `(${ID}) Usage Plan check succeeded for API Key and API Stage uwe3g5jm54/Prod`,
      `(${ID}) Method request path: {}`,
      `(${ID}) Method request query string: {}`,
      `(${ID}) Method request headers: {Accept=application/json, CloudFront-Viewer-Country=GB, … X-Forwarded-For=62.254.81.74, 52.46.38.85, CloudFront-Is-Desktop-Viewer=true}`,
      `(${ID}) Method request body before transformations:`,
      `(${ID}) X-ray Tracing ID : 1-5c7674f4-a3491d0a9c8012c191821b83`,
    ].map((message) => line(message).kind);
    expect(kinds.every((kind) => kind === 'known')).toBe(true);
  });

  it('reads the request start, the route and the method path', () => {
    expect(line(`(${ID}) Starting execution for request: ${ID}`)).toEqual({ kind: 'request-start' });
    expect(line(`(${ID}) HTTP Method: GET, Resource Path: /echo`)).toEqual({
      kind: 'method-path',
      httpMethod: 'GET',
      path: '/echo',
    });
    expect(
      line(
        `(${ID}) API Key authorized because method 'GET /echo' does not require API Key. Request will not contribute to throttle or quota limits`,
      ),
    ).toEqual({ kind: 'route', httpMethod: 'GET', resource: '/echo' });
    // The corpus has the double space some stages log.
    expect(
      line(
        "(x) API Key  authorized because method 'GET /orders/{id}' does not require API Key. Request will not contribute to throttle or quota limits",
      ),
    ).toEqual({ kind: 'route', httpMethod: 'GET', resource: '/orders/{id}' });
  });

  it('reads the endpoint request URI and the function it names', () => {
    const uri = expectKind(
      line(
        `(${ID}) Endpoint request URI: https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-2:958845080241:function:log-test-1-EchoFunction-175HKORAF18IO/invocations`,
      ),
      'endpoint-request-uri',
    );
    expect(uri.uri).toBe(
      'https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-2:958845080241:function:log-test-1-EchoFunction-175HKORAF18IO/invocations',
    );
    expect(parseIntegrationUri(uri.uri)).toMatchObject({
      kind: 'lambda',
      functionName: 'log-test-1-EchoFunction-175HKORAF18IO',
      qualifier: undefined,
      functionArn: 'arn:aws:lambda:eu-west-2:958845080241:function:log-test-1-EchoFunction-175HKORAF18IO',
    });
  });

  it('reads the source ARN from the truncated endpoint request headers', () => {
    const headers = expectKind(
      line(
        `(${ID}) Endpoint request headers: {x-amzn-lambda-integration-tag=${ID}, Authorization=*****…37c4d7, X-Amz-Date=20190227T113100Z, x-amzn-apigateway-api-id=uwe3g5jm54, X-Amz-Source-Arn=arn:aws:execute-api:eu-west-2:958845080241:uwe3g5jm54/Prod/GET/echo, Accept=application/json, User-Agent=AmazonAPIGateway_uwe3g5jm54, X-Amz-Security-Token=FQoGZXIvYXdz… [TRUNCATED]`,
      ),
      'endpoint-request-headers',
    ).headers;
    expect(headers['x-amz-source-arn']).toBe(
      'arn:aws:execute-api:eu-west-2:958845080241:uwe3g5jm54/Prod/GET/echo',
    );
    expect(headers['x-amzn-apigateway-api-id']).toBe('uwe3g5jm54');
    expect(headers['x-amz-security-token']).toBe('FQoGZXIvYXdz…');
  });

  it('reads the route template from a truncated request body', () => {
    expect(
      line(
        `(${ID}) Endpoint request body after transformations: {"resource":"/echo","path":"/echo","httpMethod":"GET",… [TRUNCATED]`,
      ),
    ).toEqual({ kind: 'endpoint-request-body', resource: '/echo', methodArn: undefined });
  });

  it('reads Sending request to, with the function ARN', () => {
    const sending = expectKind(
      line(
        `(${ID}) Sending request to https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-2:958845080241:function:log-test-1-EchoFunction-175HKORAF18IO/invocations`,
      ),
      'sending-request',
    );
    expect(parseIntegrationUri(sending.uri).functionName).toBe('log-test-1-EchoFunction-175HKORAF18IO');
  });

  it('reads an alias qualifier (function:name:live) and a version qualifier', () => {
    const sending = expectKind(
      line(
        '(a1) Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders-get:live/invocations',
      ),
      'sending-request',
    );
    expect(parseIntegrationUri(sending.uri)).toEqual({
      kind: 'lambda',
      uri: sending.uri,
      functionName: 'orders-get',
      qualifier: 'live',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-get:live',
    });
    expect(
      parseIntegrationUri(
        'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders-get:7/invocations',
      ),
    ).toMatchObject({ kind: 'lambda', functionName: 'orders-get', qualifier: '7' });
    expect(parseIntegrationUri('http://inventory-legacy.retailcorp.net:8080/reservations').kind).toBe('http');
    expect(
      parseIntegrationUri('https://sqs.us-east-1.amazonaws.com/650318207443/events-ingest-prod').kind,
    ).toBe('aws-service');
  });

  it('reads both Received response forms', () => {
    expect(line(`(${ID}) Received response. Integration latency: 11029 ms`)).toEqual({
      kind: 'received-response',
      status: undefined,
      latencyMs: 11029,
    });
    expect(
      line('Wed Jun 05 19:31:06 UTC 2024 : Received response. Status: 200, Integration latency: 426 ms'),
    ).toEqual({ kind: 'received-response', status: 200, latencyMs: 426 });
  });

  it('reads the response body before transformations', () => {
    expect(
      line(
        `(${ID}) Endpoint response body before transformations: {"errorMessage":"2019-02-27T11:31:11.456Z 71952965-d5cc-4974-ae08-6e2138b2275c Task timed out after 10.00 seconds"}`,
      ),
    ).toEqual({
      kind: 'endpoint-response-body',
      body: '{"errorMessage":"2019-02-27T11:31:11.456Z 71952965-d5cc-4974-ae08-6e2138b2275c Task timed out after 10.00 seconds"}',
      truncated: false,
    });
  });

  it('reads the response headers with x-amzn-RequestId and X-Amz-Function-Error', () => {
    const headers = expectKind(
      line(
        `(${ID}) Endpoint response headers: {Date=Wed, 27 Feb 2019 11:31:11 GMT, Content-Type=application/json, Content-Length=115, Connection=keep-alive, x-amzn-RequestId=71952965-d5cc-4974-ae08-6e2138b2275c, X-Amz-Function-Error=Unhandled, x-amzn-Remapped-Content-Length=0, X-Amz-Executed-Version=$LATEST, X-Amzn-Trace-Id=root=1-5c7674f4-a3491d0a9c8012c191821b83;sampled=1}`,
      ),
      'endpoint-response-headers',
    ).headers;
    expect(headers).toEqual({
      date: 'Wed, 27 Feb 2019 11:31:11 GMT',
      'content-type': 'application/json',
      'content-length': '115',
      connection: 'keep-alive',
      'x-amzn-requestid': '71952965-d5cc-4974-ae08-6e2138b2275c',
      'x-amz-function-error': 'Unhandled',
      'x-amzn-remapped-content-length': '0',
      'x-amz-executed-version': '$LATEST',
      'x-amzn-trace-id': 'root=1-5c7674f4-a3491d0a9c8012c191821b83;sampled=1',
    });
  });

  it('reads the 2025 header variant with capitalised trace fields', () => {
    const headers = parseHeaderMap(
      '{Date=Mon, 19 May 2025 22:10:30 GMT, x-amzn-RequestId=2a68ebd1-be3b-4202-9d27-6b338fd31fbe, X-Amzn-Trace-Id=Root=1-67ea1bbb-f10516c476b584cde4e297a1;Parent=34f4d475017a6b27;Sampled=0;Lineage=1:710fb532:0}',
    );
    expect(headers['x-amzn-requestid']).toBe('2a68ebd1-be3b-4202-9d27-6b338fd31fbe');
    expect(headers['x-amzn-trace-id']).toBe(
      'Root=1-67ea1bbb-f10516c476b584cde4e297a1;Parent=34f4d475017a6b27;Sampled=0;Lineage=1:710fb532:0',
    );
  });

  it('reads x-amzn-ErrorType of a rejected invoke', () => {
    const headers = parseHeaderMap(
      '{Date=Wed, 05 Jun 2024 19:31:06 GMT, Content-Type=application/json, x-amzn-RequestId=dcb2ab89-2d03-4b77-98cd-18d14fd2b850, x-amzn-ErrorType=TooManyRequestsException}',
    );
    expect(headers['x-amzn-errortype']).toBe('TooManyRequestsException');
  });

  it('reads Lambda execution failed with the function text and the Lambda request id', () => {
    expect(
      line(
        `(${ID}) Lambda execution failed with status 200 due to customer function error: 2019-02-27T11:31:11.456Z 71952965-d5cc-4974-ae08-6e2138b2275c Task timed out after 10.00 seconds. Lambda request id: 71952965-d5cc-4974-ae08-6e2138b2275c`,
      ),
    ).toEqual({
      kind: 'lambda-execution-failed',
      status: 200,
      detail:
        '2019-02-27T11:31:11.456Z 71952965-d5cc-4974-ae08-6e2138b2275c Task timed out after 10.00 seconds',
      lambdaRequestId: '71952965-d5cc-4974-ae08-6e2138b2275c',
    });
  });

  it('reads Method completed and the integration request id', () => {
    expect(line(`(${ID}) Method completed with status: 502`)).toEqual({
      kind: 'method-completed',
      status: 502,
    });
    expect(line(`(${ID}) AWS Integration Endpoint RequestId : 71952965-d5cc-4974-ae08-6e2138b2275c`)).toEqual(
      {
        kind: 'integration-request-id',
        id: '71952965-d5cc-4974-ae08-6e2138b2275c',
      },
    );
  });

  it('reads the usage-plan throttle sample', () => {
    expect(
      line(
        '(x) Key throttle limit exceeded for RestApi uwe3g5jm54, Stage Prod, Resource k0w8mc, HttpMethod POST. Limit: 1.00 Burst: 1',
      ),
    ).toEqual({
      kind: 'throttled',
      detail:
        'Key throttle limit exceeded for RestApi uwe3g5jm54, Stage Prod, Resource k0w8mc, HttpMethod POST. Limit: 1.00 Burst: 1',
    });
    expect(line('(x) Method completed with status: 429')).toEqual({ kind: 'method-completed', status: 429 });
  });
});

describe('the console-test sequence (2024)', () => {
  const sequence = [
    'Wed Jun 05 19:31:05 UTC 2024 : Sending request to https://lambda.sa-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:sa-east-1:211125630558:function:cookunity-api-production-api/invocations',
    'Wed Jun 05 19:31:06 UTC 2024 : Received response. Status: 200, Integration latency: 426 ms',
    'Wed Jun 05 19:31:06 UTC 2024 : Endpoint response headers: {Date=Wed, 05 Jun 2024 19:31:06 GMT, Content-Type=application/json, Content-Length=982, Connection=keep-alive, x-amzn-RequestId=7097a698-d600-46fe-b5bc-38df32f3c557, X-Amz-Function-Error=Unhandled, x-amzn-Remapped-Content-Length=0, X-Amz-Executed-Version=$LATEST, X-Amzn-Trace-Id=root=1-6660bcf9-027e50c6c72ac166edbf23cd;parent=4f450fe1d12b3092;sampled=0;lineage=01a1bf8f:0}',
    'Wed Jun 05 19:31:06 UTC 2024 : Endpoint response body before transformations: {"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module \'.prisma/client/default\'\\nRequire stack:\\n- /var/task/node_modules/@prisma/client/default.js\\n…- /var/runtime/index.mjs","trace":["Runtime.ImportModuleError: Error: Cannot find module \'.prisma/client/default\'",…"    at async file:///var/runtime/index.mjs:1288 [TRUNCATED]',
    "Wed Jun 05 19:31:06 UTC 2024 : Lambda execution failed with status 200 due to customer function error: Error: Cannot find module '.prisma/client/default'\nRequire stack:\n- /var/task/node_modules/@prisma/client/default.js\n…\n- /var/runtime/index.mjs. Lambda request id: 7097a698-d600-46fe-b5bc-38df32f3c557",
    'Wed Jun 05 19:31:06 UTC 2024 : Method completed with status: 502',
  ];

  it('reads each line after the date prefix', () => {
    const parsed = sequence.map(line);
    expect(parsed.map((p) => p.kind)).toEqual([
      'sending-request',
      'received-response',
      'endpoint-response-headers',
      'endpoint-response-body',
      'lambda-execution-failed',
      'method-completed',
    ]);
    const headers = expectKind(parsed[2] as ExecutionLine, 'endpoint-response-headers').headers;
    expect(headers['x-amz-function-error']).toBe('Unhandled');
    expect(headers['x-amzn-requestid']).toBe('7097a698-d600-46fe-b5bc-38df32f3c557');
  });

  it('marks a [TRUNCATED] body and drops the marker', () => {
    const body = expectKind(line(sequence[3] as string), 'endpoint-response-body');
    expect(body.truncated).toBe(true);
    expect(body.body.endsWith('index.mjs:1288')).toBe(true);
    expect(body.body.startsWith('{"errorType":"Runtime.ImportModuleError"')).toBe(true);
  });

  it('reads the multi-line customer error with its Require stack and the Lambda request id', () => {
    const failed = expectKind(line(sequence[4] as string), 'lambda-execution-failed');
    expect(failed.status).toBe(200);
    expect(failed.lambdaRequestId).toBe('7097a698-d600-46fe-b5bc-38df32f3c557');
    expect(failed.detail).toBe(
      "Error: Cannot find module '.prisma/client/default'\nRequire stack:\n- /var/task/node_modules/@prisma/client/default.js\n…\n- /var/runtime/index.mjs",
    );
  });

  it('reads the re:Post Python permission error and its placeholder id', () => {
    const failed = expectKind(
      line(
        "Wed Aug 03 08:20:33 UTC 2022 : Lambda execution failed with status 200 due to customer function error: [Errno 13] Permission denied: '/var/task/lambda_function.py'. Lambda request id: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
      ),
      'lambda-execution-failed',
    );
    expect(failed.detail).toBe("[Errno 13] Permission denied: '/var/task/lambda_function.py'");
    expect(failed.lambdaRequestId).toBe('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx');
  });
});

describe('ERROR-level lines (2025)', () => {
  it('reads the integration timeout', () => {
    expect(line('(fbcaf9e5-d535-40a1-891c-7b70118cf7e8) Execution failed due to a timeout error')).toEqual({
      kind: 'execution-failed',
      reason: 'timeout',
      detail: 'a timeout error',
    });
    expect(line('(fbcaf9e5-d535-40a1-891c-7b70118cf7e8) Method completed with status: 504')).toEqual({
      kind: 'method-completed',
      status: 504,
    });
  });

  it('reads a malformed proxy response and its logged body', () => {
    expect(
      line(
        '(8212e5af-c174-48ce-85d5-729d73c6771a) Endpoint response body before transformations: "Bad response"',
      ),
    ).toEqual({ kind: 'endpoint-response-body', body: '"Bad response"', truncated: false });
    expect(
      line(
        '(8212e5af-c174-48ce-85d5-729d73c6771a) Execution failed due to configuration error: Malformed Lambda proxy response',
      ),
    ).toEqual({
      kind: 'execution-failed',
      reason: 'configuration',
      detail: 'Malformed Lambda proxy response',
    });
  });

  it('reads the permission failure', () => {
    expect(
      line(
        '(73737819-c94c-48d7-86d7-b1700e4be29b) Execution failed due to configuration error: Invalid permissions on Lambda function',
      ),
    ).toEqual({
      kind: 'execution-failed',
      reason: 'configuration',
      detail: 'Invalid permissions on Lambda function',
    });
  });

  it('reads the throttled invoke with its Lambda request id, and the Rate Exceeded line', () => {
    expect(
      line(
        '(394365dc-1b10-411f-9668-70521cec1205) Lambda invocation failed with status: 429. Lambda request id: dcb2ab89-2d03-4b77-98cd-18d14fd2b850',
      ),
    ).toEqual({
      kind: 'lambda-invocation-failed',
      status: 429,
      lambdaRequestId: 'dcb2ab89-2d03-4b77-98cd-18d14fd2b850',
    });
    expect(
      line(
        '(394365dc-1b10-411f-9668-70521cec1205) Execution failed due to configuration error: Rate Exceeded.',
      ),
    ).toEqual({ kind: 'execution-failed', reason: 'configuration', detail: 'Rate Exceeded.' });
  });

  it('reads the generic customer function error', () => {
    expect(
      line(
        '(5293df93-f895-46ee-8c21-1471f0d0cef0) Lambda execution failed with status 200 due to customer function error: Application error in a Lambda function. Lambda request id: 758a8c2f-35eb-4713-b55e-56879fbc968b',
      ),
    ).toEqual({
      kind: 'lambda-execution-failed',
      status: 200,
      detail: 'Application error in a Lambda function',
      lambdaRequestId: '758a8c2f-35eb-4713-b55e-56879fbc968b',
    });
  });

  it('reads the oversized-response customer error (reconstructed, double dot)', () => {
    const failed = expectKind(
      line(
        '(x) Lambda execution failed with status 200 due to customer function error: Response payload size exceeded maximum allowed payload size (6291556 bytes).. Lambda request id: d1f425fb-f42b-4d4a-a6e5-1916edc4af25',
      ),
      'lambda-execution-failed',
    );
    expect(failed.detail).toBe(
      'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    );
    expect(failed.lambdaRequestId).toBe('d1f425fb-f42b-4d4a-a6e5-1916edc4af25');
  });

  it('reads the rejected-invoke and configuration texts of the corpus', () => {
    expect(
      line(
        '(x) Lambda invocation failed with status: 502. Lambda request id: 5a9ff6c9-7ac3-4f69-a40a-977ba22cbbd1',
      ),
    ).toEqual({
      kind: 'lambda-invocation-failed',
      status: 502,
      lambdaRequestId: '5a9ff6c9-7ac3-4f69-a40a-977ba22cbbd1',
    });
    expect(
      line(
        "(x) Execution failed due to configuration error: Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings.",
      ),
    ).toMatchObject({ kind: 'execution-failed', reason: 'configuration' });
    expect(
      line(
        '(x) Execution failed due to configuration error: API Gateway does not have permission to assume the provided role arn:aws:iam::650318207443:role/events-ingest-apigw-sqs',
      ),
    ).toEqual({
      kind: 'execution-failed',
      reason: 'configuration',
      detail:
        'API Gateway does not have permission to assume the provided role arn:aws:iam::650318207443:role/events-ingest-apigw-sqs',
    });
  });

  it('reads network failures, with and without a colon', () => {
    expect(
      line(
        '(x) Execution failed due to a network error communicating with endpoint: Connection reset by peer',
      ),
    ).toEqual({ kind: 'execution-failed', reason: 'network', detail: 'Connection reset by peer' });
    expect(line('(x) Execution failed due to a network error')).toEqual({
      kind: 'execution-failed',
      reason: 'network',
      detail: 'a network error',
    });
    expect(line('(x) Execution failed due to an internal error')).toEqual({
      kind: 'execution-failed',
      reason: 'other',
      detail: 'an internal error',
    });
  });
});

describe('authorizer and gateway-response lines (corpus)', () => {
  it('reads the authorizer start, its request, result, success and failure', () => {
    expect(line('(e) Starting authorizer: k2x9fe for request: ebad677d-f584-4bb7-b534-b1d973c61b33')).toEqual(
      {
        kind: 'authorizer-start',
        authorizerId: 'k2x9fe',
      },
    );
    expect(
      line(
        '(e) Endpoint request body after transformations: {"type":"TOKEN","methodArn":"arn:aws:execute-api:eu-west-2:271946380155:a8n3d6f1tq/prod/GET/members/M79076098/balance","authorizationToken":"Bearer eyJhbGci',
      ),
    ).toEqual({
      kind: 'endpoint-request-body',
      resource: undefined,
      methodArn: 'arn:aws:execute-api:eu-west-2:271946380155:a8n3d6f1tq/prod/GET/members/M79076098/balance',
    });
    const result = expectKind(
      line(
        '(e) Authorizer result body before parsing: {"errorType":"SigningKeyNotFoundError","errorMessage":"Unable to find a signing key that matches \'Nv5cR9uYk2HqZ7mT3eWb\'"}',
      ),
      'authorizer-result',
    );
    expect(result.body).toContain('SigningKeyNotFoundError');
    expect(line('(e) Successfully completed authorizer execution')).toEqual({ kind: 'authorizer-success' });
    expect(line('(e) Using valid authorizer policy for principal: ***997705')).toEqual({ kind: 'known' });
    expect(line('(e) AuthorizerConfigurationException')).toEqual({
      kind: 'authorizer-failure',
      detail: 'AuthorizerConfigurationException',
    });
    expect(
      line(
        '(e) Execution failed due to configuration error: Invalid JSON in response: Unrecognized field "errorType" , not marked as ignorable',
      ),
    ).toEqual({
      kind: 'execution-failed',
      reason: 'configuration',
      detail: 'Invalid JSON in response: Unrecognized field "errorType" , not marked as ignorable',
    });
    expect(line('(e) Incoming identity: ********************abc').kind).toBe('known');
  });

  it('reads the gateway response type', () => {
    expect(line('(g) Gateway response type: DEFAULT_5XX with status code: 500')).toEqual({
      kind: 'gateway-response',
      responseType: 'DEFAULT_5XX',
      status: 500,
    });
    expect(line('(g) Gateway response type: AUTHORIZER_FAILURE')).toEqual({
      kind: 'gateway-response',
      responseType: 'AUTHORIZER_FAILURE',
      status: undefined,
    });
  });

  it('reads the stage and method throttles', () => {
    expect(line('(t) API Stage throttle limit exceeded').kind).toBe('throttled');
    expect(line('(t) Method throttle limit exceeded').kind).toBe('throttled');
  });

  it('reads a successful completion', () => {
    expect(line('(s) Successfully completed execution')).toEqual({ kind: 'successfully-completed' });
    expect(line('(s) Method response body after transformations: {"lines":585}').kind).toBe('known');
  });
});

describe('what the parser does not know', () => {
  it.each(['', 'something new', 'Method completed with status: abc', 'HTTP Method: get, Resource Path'])(
    'keeps %j as unrecognised',
    (text) => {
      expect(parseExecutionLine(text).kind).toBe('unrecognised');
    },
  );

  it('reads a header map without braces or values', () => {
    expect(parseHeaderMap('')).toEqual({});
    expect(parseHeaderMap('{=x, A=1}')).toEqual({ a: '1' });
  });
});
