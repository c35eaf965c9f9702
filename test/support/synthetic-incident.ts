import type { IncidentBundle, LogEvent } from '../../shared/domain/bundle.ts';

/**
 * Generates incident bundles in the real log formats (shapes copied from the corpus and the research
 * notes), for the benchmark, the demo and the project's own test bundles. Deterministic per seed.
 */
export type SyntheticFailure =
  | 'lambda-timeout'
  | 'node-unhandled'
  | 'go-panic'
  | 'dotnet-unhandled'
  | 'malformed-null';

export interface SyntheticOptions {
  id: string;
  requests: number;
  failureRate: number;
  failure: SyntheticFailure;
  /** Epoch ms of the first request. */
  start?: number;
  windowMs?: number;
  seed?: number;
  /** INFO logs every line of every request; ERROR only the failing requests' error lines. */
  logLevel?: 'INFO' | 'ERROR';
  accessLog?: boolean;
}

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const API_ID = 'd3m0api7x1';
const STAGE = 'prod';
const FUNCTION = 'orders-get-order';
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}`;
const URI = `https://lambda.${REGION}.amazonaws.com/2015-03-31/functions/${FUNCTION_ARN}/invocations`;
const TIMEOUT_S = 6;

export function generateIncident(options: SyntheticOptions): IncidentBundle {
  const random = mulberry32(options.seed ?? 42);
  const start = options.start ?? Date.UTC(2025, 2, 14, 9, 0, 0);
  const windowMs = options.windowMs ?? 10 * 60_000;
  const info = (options.logLevel ?? 'INFO') === 'INFO';
  const execGroup = `API-Gateway-Execution-Logs_${API_ID}/${STAGE}`;
  const accessGroup = `/aws/apigateway/orders-${STAGE}`;
  const fnGroup = `/aws/lambda/${FUNCTION}`;
  const exec: LogEvent[] = [];
  const access: LogEvent[] = [];
  const fn: LogEvent[] = [];
  let lastFailure = start;

  for (let i = 0; i < options.requests; i++) {
    const t = start + Math.floor((i / options.requests) * windowMs);
    const gw = uuid(random);
    const lambdaId = uuid(random);
    const failing = random() < options.failureRate;
    const orderId = `ord_${Math.floor(random() * 1e10).toString(16)}`;
    const gwStream = hex(random, 32);
    const fnStream = `2025/03/14/[$LATEST]${hex(random, 32)}`;
    const line = (offset: number, text: string): void => {
      exec.push({ timestamp: t + offset, logStreamName: gwStream, message: `(${gw}) ${text}` });
    };
    const fline = (offset: number, text: string): void => {
      fn.push({ timestamp: t + offset, logStreamName: fnStream, message: text });
    };
    const duration =
      failing && options.failure === 'lambda-timeout' ? TIMEOUT_S * 1000 : 40 + Math.floor(random() * 300);
    if (info) {
      line(0, `Extended Request Id: ${hex(random, 14)}=`);
      line(0, `Starting execution for request: ${gw}`);
      line(0, `HTTP Method: GET, Resource Path: /orders/${orderId}`);
      line(
        0,
        `API Key  authorized because method 'GET /orders/{id}' does not require API Key. Request will not contribute to throttle or quota limits`,
      );
      line(0, `Method request path: {id=${orderId}}`);
      line(0, 'Method request query string: {}');
      line(
        0,
        `Method request headers: {Accept=application/json, Host=${API_ID}.execute-api.${REGION}.amazonaws.com, User-Agent=okhttp/4.12.0}`,
      );
      line(1, `Endpoint request URI: ${URI}`);
      line(
        1,
        `Endpoint request headers: {x-amzn-lambda-integration-tag=${gw}, X-Amz-Source-Arn=arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${STAGE}/GET/orders/{id}, Accept=application/json}`,
      );
      line(
        1,
        `Endpoint request body after transformations: {"resource":"/orders/{id}","path":"/orders/${orderId}","httpMethod":"GET"}`,
      );
      line(1, `Sending request to ${URI}`);
      line(duration + 2, `Received response. Status: 200, Integration latency: ${duration + 2} ms`);
    }
    fline(3, `START RequestId: ${lambdaId} Version: $LATEST\n`);
    fline(4, `2025-03-14T09:00:00.000Z\t${lambdaId}\tINFO\tfetching order ${orderId}\n`);
    if (!failing) {
      if (info) {
        line(
          duration + 2,
          `Endpoint response headers: {Date=Fri, 14 Mar 2025 09:00:00 GMT, Content-Type=application/json, x-amzn-RequestId=${lambdaId}, X-Amz-Executed-Version=$LATEST}`,
        );
        line(
          duration + 2,
          `Endpoint response body before transformations: {"statusCode":200,"body":"{\\"orderId\\":\\"${orderId}\\"}"}`,
        );
        line(duration + 3, 'Successfully completed execution');
        line(duration + 3, 'Method completed with status: 200');
        line(duration + 3, `AWS Integration Endpoint RequestId : ${lambdaId}`);
      }
      fline(duration, `END RequestId: ${lambdaId}\n`);
      fline(
        duration,
        `REPORT RequestId: ${lambdaId}\tDuration: ${duration}.00 ms\tBilled Duration: ${duration} ms\tMemory Size: 512 MB\tMax Memory Used: 91 MB\t\n`,
      );
      if (options.accessLog) access.push(accessLine(t + duration + 3, gw, lambdaId, 200, duration, '-'));
      continue;
    }
    lastFailure = t;
    const failure = failureLines(options.failure, lambdaId, orderId, duration);
    if (info) {
      line(
        duration + 2,
        `Endpoint response headers: {Date=Fri, 14 Mar 2025 09:00:00 GMT, Content-Type=application/json, x-amzn-RequestId=${lambdaId}${failure.functionError ? ', X-Amz-Function-Error=Unhandled' : ''}, X-Amz-Executed-Version=$LATEST}`,
      );
      line(duration + 2, `Endpoint response body before transformations: ${failure.body}`);
    }
    line(duration + 2, failure.gateway);
    line(duration + 3, `Method completed with status: ${failure.status}`);
    if (info) line(duration + 3, `AWS Integration Endpoint RequestId : ${lambdaId}`);
    for (const [offset, text] of failure.function) fline(offset, text);
    if (options.accessLog)
      access.push(accessLine(t + duration + 3, gw, lambdaId, failure.status, duration, failure.accessError));
  }

  const logGroups: Record<string, LogEvent[]> = {
    [execGroup]: exec,
    [fnGroup]: fn.sort((a, b) => a.timestamp - b.timestamp),
  };
  if (options.accessLog) logGroups[accessGroup] = access;
  const changed = new Date(lastFailure + 70_000).toISOString().replace('Z', '+0000');
  return {
    version: 1,
    id: options.id,
    description: `Synthetic ${options.failure} incident: ${options.requests} requests, ${Math.round(options.failureRate * 100)} % failing, ${options.logLevel ?? 'INFO'} execution logs.`,
    alarm: {
      AlarmName: 'orders-api-prod-5xx',
      AWSAccountId: ACCOUNT,
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      NewStateReason:
        'Threshold Crossed: 1 out of the last 1 datapoints was greater than or equal to the threshold (5.0).',
      StateChangeTime: changed,
      Region: 'EU (Ireland)',
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:orders-api-prod-5xx`,
      Trigger: {
        MetricName: '5XXError',
        Namespace: 'AWS/ApiGateway',
        Statistic: 'SUM',
        Dimensions: [
          { name: 'ApiName', value: 'orders-api' },
          { name: 'Stage', value: STAGE },
        ],
        Period: Math.max(60, Math.ceil(windowMs / 60_000) * 60),
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 5,
        TreatMissingData: '- TreatMissingData:                    notBreaching',
      },
    },
    api: {
      kind: 'REST',
      apiId: API_ID,
      apiName: 'orders-api',
      stage: STAGE,
      region: REGION,
      accountId: ACCOUNT,
      executionLogGroup: execGroup,
      ...(options.accessLog ? { accessLogGroup: accessGroup } : {}),
      routes: [{ method: 'GET', resource: '/orders/{id}', functionName: FUNCTION }],
    },
    logGroups,
    functions: {
      [FUNCTION]: {
        configuration: {
          FunctionName: FUNCTION,
          FunctionArn: FUNCTION_ARN,
          Runtime:
            options.failure === 'go-panic'
              ? 'provided.al2023'
              : options.failure === 'dotnet-unhandled'
                ? 'dotnet8'
                : 'nodejs22.x',
          Handler:
            options.failure === 'go-panic'
              ? 'bootstrap'
              : options.failure === 'dotnet-unhandled'
                ? 'Orders::Orders.Function::Handler'
                : 'index.handler',
          Timeout: TIMEOUT_S,
          MemorySize: 512,
          LastModified: '2025-03-01T10:00:00.000+0000',
          State: 'Active',
          LastUpdateStatus: 'Successful',
          LoggingConfig: { LogFormat: 'Text', LogGroup: fnGroup },
        },
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'apigw',
              Effect: 'Allow',
              Principal: { Service: 'apigateway.amazonaws.com' },
              Action: 'lambda:InvokeFunction',
              Resource: FUNCTION_ARN,
              Condition: {
                ArnLike: {
                  'AWS:SourceArn': `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/*/GET/orders/*`,
                },
              },
            },
          ],
        }),
        reservedConcurrency: null,
      },
    },
    expected: {
      category: EXPECTED[options.failure],
      functionName: FUNCTION,
      note: 'synthetic: generated by test/support/synthetic-incident.ts',
    },
  };
}

const EXPECTED: Record<SyntheticFailure, string> = {
  'lambda-timeout': 'LAMBDA_TIMEOUT',
  'node-unhandled': 'LAMBDA_UNHANDLED_ERROR',
  'go-panic': 'LAMBDA_UNHANDLED_ERROR',
  'dotnet-unhandled': 'LAMBDA_UNHANDLED_ERROR',
  'malformed-null': 'LAMBDA_MALFORMED_RESPONSE',
};

interface FailureShape {
  status: number;
  functionError: boolean;
  body: string;
  gateway: string;
  accessError: string;
  function: Array<[number, string]>;
}

function failureLines(
  failure: SyntheticFailure,
  id: string,
  orderId: string,
  duration: number,
): FailureShape {
  const report = (extra: string): [number, string] => [
    duration,
    `REPORT RequestId: ${id}\tDuration: ${duration}.00 ms\tBilled Duration: ${duration} ms\tMemory Size: 512 MB\tMax Memory Used: 96 MB\t${extra}\n`,
  ];
  switch (failure) {
    case 'lambda-timeout':
      return {
        status: 502,
        functionError: true,
        body: `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ${id} Error: Task timed out after ${TIMEOUT_S}.00 seconds"}`,
        gateway: `Lambda execution failed with status 200 due to customer function error: RequestId: ${id} Error: Task timed out after ${TIMEOUT_S}.00 seconds. Lambda request id: ${id}`,
        accessError: `Lambda Customer Function Error:RequestId: ${id} Error: Task timed out after ${TIMEOUT_S}.00 seconds`,
        function: [
          [
            5,
            `2025-03-14T09:00:00.005Z\t${id}\tINFO\tcalling inventory https://inventory.internal/v2/stock?order=${orderId}\n`,
          ],
          [duration, `END RequestId: ${id}\n`],
          report('Status: timeout'),
        ],
      };
    case 'node-unhandled':
      return {
        status: 502,
        functionError: true,
        body: `{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'sku')","trace":["TypeError: Cannot read properties of undefined (reading 'sku')","    at lineTotal (/var/task/src/orders.js:42:17)"]}`,
        gateway: `Lambda execution failed with status 200 due to customer function error: Cannot read properties of undefined (reading 'sku'). Lambda request id: ${id}`,
        accessError: `Lambda Customer Function Error:Cannot read properties of undefined (reading 'sku')`,
        function: [
          [
            duration - 1,
            `2025-03-14T09:00:00.000Z\t${id}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'sku')","stack":["TypeError: Cannot read properties of undefined (reading 'sku')","    at lineTotal (/var/task/src/orders.js:42:17)","    at Runtime.handler (/var/task/src/index.js:12:9)"]}\n`,
          ],
          [duration, `END RequestId: ${id}\n`],
          report(''),
        ],
      };
    case 'go-panic':
      return {
        status: 502,
        functionError: true,
        body: `{"errorMessage":"runtime error: invalid memory address or nil pointer dereference","errorType":"errorString","stackTrace":[]}`,
        gateway: `Lambda execution failed with status 200 due to customer function error: runtime error: invalid memory address or nil pointer dereference. Lambda request id: ${id}`,
        accessError:
          'Lambda Customer Function Error:runtime error: invalid memory address or nil pointer dereference',
        function: [
          [
            duration - 1,
            `{"errorMessage":"runtime error: invalid memory address or nil pointer dereference","errorType":"errorString","stackTrace":[{"path":"github.com/aws/aws-lambda-go@v1.48.0/lambda/errors.go","line":39,"label":"lambdaPanicResponse"},{"path":"orders/handler.go","line":88,"label":"getOrder"}]}\n`,
          ],
          [duration - 1, 'calling the handler function resulted in a panic, the process should exit\n'],
          [duration, `RequestId: ${id} Error: Runtime exited with error: exit status 2\nRuntime.ExitError\n`],
          [duration, `END RequestId: ${id}\n`],
          report('Status: error\tError Type: Runtime.ExitError'),
        ],
      };
    case 'dotnet-unhandled':
      return {
        status: 502,
        functionError: true,
        body: `{"errorType":"NullReferenceException","errorMessage":"Object reference not set to an instance of an object.","stackTrace":["at Orders.Function.Handler(APIGatewayProxyRequest request) in /src/Function.cs:line 31"]}`,
        gateway: `Lambda execution failed with status 200 due to customer function error: Object reference not set to an instance of an object.. Lambda request id: ${id}`,
        accessError: 'Lambda Customer Function Error:Object reference not set to an instance of an object.',
        function: [
          [
            duration - 1,
            `2025-03-14T09:00:00.000Z\t${id}\tfail\tSystem.NullReferenceException: Object reference not set to an instance of an object.\n   at Orders.Function.Handler(APIGatewayProxyRequest request) in /src/Function.cs:line 31\n`,
          ],
          [duration, `END RequestId: ${id}\n`],
          report(''),
        ],
      };
    case 'malformed-null':
      return {
        status: 502,
        functionError: false,
        body: 'null',
        gateway: 'Execution failed due to configuration error: Malformed Lambda proxy response',
        accessError: 'Execution failed due to configuration error: Malformed Lambda proxy response',
        function: [[duration, `END RequestId: ${id}\n`], report('')],
      };
  }
}

function accessLine(
  t: number,
  gw: string,
  lambdaId: string,
  status: number,
  latency: number,
  error: string,
): LogEvent {
  return {
    timestamp: t,
    logStreamName: 'access',
    message: JSON.stringify({
      requestId: gw,
      httpMethod: 'GET',
      resourcePath: '/orders/{id}',
      status: String(status),
      integrationStatus: '200',
      integrationLatency: String(latency),
      integrationErrorMessage: error,
      lambdaRequestId: lambdaId,
    }),
  };
}

/** A small seeded PRNG (mulberry32): the same incident for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += Math.floor(random() * 16).toString(16);
  return text;
}

function uuid(random: () => number): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
