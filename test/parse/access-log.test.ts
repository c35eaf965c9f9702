import { describe, expect, it } from 'vitest';
import { type AccessRecord, parseAccessLine } from '../../shared/parse/access-log.ts';

function record(message: string): AccessRecord {
  const parsed = parseAccessLine(message);
  expect(parsed.kind).toBe('access');
  return parsed.kind === 'access' ? parsed.record : {};
}

describe('JSON access records of the corpus (camelCase)', () => {
  it('reads a REST record with the integration error', () => {
    expect(
      record(
        '{"requestId":"2808d4c3-98be-4659-a3bf-e5deca058016","ip":"90.14.253.21","requestTime":"27/Feb/2023:17:41:02 +0000","httpMethod":"GET","resourcePath":"/documents/{docId}","status":"502","protocol":"HTTP/1.1","responseLength":"36","integrationLatency":"2140","integrationStatus":"200","integrationErrorMessage":"Lambda Customer Function Error:Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorResponseType":"INTEGRATION_FAILURE"}',
      ),
    ).toEqual({
      requestId: '2808d4c3-98be-4659-a3bf-e5deca058016',
      httpMethod: 'GET',
      resource: '/documents/{docId}',
      status: 502,
      responseLength: 36,
      integrationLatencyMs: 2140,
      integrationStatus: 200,
      integrationError:
        'Lambda Customer Function Error:Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorResponseType: 'INTEGRATION_FAILURE',
    });
  });

  it('reads a REST record with extendedRequestId and "-" values', () => {
    expect(
      record(
        '{"requestId":"d4828ebc-1242-4ca3-aee9-c0ee27fa137d","extendedRequestId":"kNQXGe8_FpCMR9w=","ip":"109.140.3.177","caller":"-","user":"-","requestTime":"30/Jul/2024:13:03:02 +0000","httpMethod":"POST","resourcePath":"/webhooks/carrier","status":"500","protocol":"HTTP/1.1","responseLength":"36","integrationRequestId":"-","integrationStatus":"-","integrationLatency":"-","responseLatency":"17","errorResponseType":"API_CONFIGURATION_ERROR","errorMessage":"Internal server error","integrationError":"Execution failed due to configuration error: Invalid permissions on Lambda function"}',
      ),
    ).toEqual({
      requestId: 'd4828ebc-1242-4ca3-aee9-c0ee27fa137d',
      extendedRequestId: 'kNQXGe8_FpCMR9w=',
      httpMethod: 'POST',
      resource: '/webhooks/carrier',
      status: 500,
      responseLength: 36,
      responseLatencyMs: 17,
      errorResponseType: 'API_CONFIGURATION_ERROR',
      errorMessage: 'Internal server error',
      integrationError: 'Execution failed due to configuration error: Invalid permissions on Lambda function',
    });
  });

  it('reads an HTTP API record: routeKey ANY /{proxy+}, path, "-" error', () => {
    expect(
      record(
        '{"httpMethod":"GET","integrationErrorMessage":"-","integrationLatency":"91","integrationRequestId":"669e442a-9621-45b6-bd02-6891a438653a","integrationStatus":"200","ip":"178.198.212.110","path":"/prod/v1/invoices/inv_d71a386721","protocol":"HTTP/1.1","requestId":"2QD9pGojCIAMSIs=","requestTime":"14/May/2025:17:32:00 +0000","responseLength":"130","routeKey":"ANY /{proxy+}","status":"500"}',
      ),
    ).toEqual({
      requestId: '2QD9pGojCIAMSIs=',
      httpMethod: 'GET',
      resource: '/{proxy+}',
      path: '/prod/v1/invoices/inv_d71a386721',
      status: 500,
      integrationStatus: 200,
      integrationLatencyMs: 91,
      lambdaRequestId: '669e442a-9621-45b6-bd02-6891a438653a',
      responseLength: 130,
    });
  });

  it('reads an HTTP API 30 s cut-off record (no integration status)', () => {
    const r = record(
      '{"requestId":"JxIuoM_-NjMEAWw=","ip":"49.180.232.80","requestTime":"18/Feb/2025:03:10:56 +0000","httpMethod":"POST","routeKey":"POST /exports","path":"/exports","status":"503","protocol":"HTTP/1.1","responseLength":"33","responseLatency":"30008","integrationLatency":"30000","integrationStatus":"-","integrationRequestId":"-","integrationErrorMessage":"-","errorMessage":"Service Unavailable"}',
    );
    expect(r).toMatchObject({
      requestId: 'JxIuoM_-NjMEAWw=',
      httpMethod: 'POST',
      resource: '/exports',
      status: 503,
      responseLatencyMs: 30008,
      integrationLatencyMs: 30000,
      errorMessage: 'Service Unavailable',
    });
    expect(r.integrationStatus).toBeUndefined();
    expect(r.lambdaRequestId).toBeUndefined();
    expect(r.integrationError).toBeUndefined();
  });

  it('reads the $default route', () => {
    expect(record('{"requestId":"a","routeKey":"$default","status":"502","httpMethod":"PUT"}')).toEqual({
      requestId: 'a',
      resource: '$default',
      status: 502,
      httpMethod: 'PUT',
    });
  });

  it('takes the method from the routeKey when the format does not log httpMethod', () => {
    expect(record('{"requestId":"a","routeKey":"DELETE /items/{id}","status":500}')).toEqual({
      requestId: 'a',
      resource: '/items/{id}',
      httpMethod: 'DELETE',
      status: 500,
    });
  });
});

describe('snake_case and nested variants', () => {
  it('reads the azul snake_case timeout fields', () => {
    expect(
      record(
        '{"request_id": "5e82c760-e7ce-4b28-b0d3-700adfa79155", "status": "504", "error_message": "Endpoint request timed out", "error_responseType": "INTEGRATION_TIMEOUT"}',
      ),
    ).toEqual({
      requestId: '5e82c760-e7ce-4b28-b0d3-700adfa79155',
      status: 504,
      errorMessage: 'Endpoint request timed out',
      errorResponseType: 'INTEGRATION_TIMEOUT',
    });
  });

  it('reads the azul integration_error and integration_integrationStatus fields', () => {
    expect(
      record(
        '{"request_id": "x", "integration_error": "Lambda Customer Function Error:Response payload size exceeded maximum allowed payload size (6291556 bytes).", "integration_integrationStatus": "200", "status": "502"}',
      ),
    ).toEqual({
      requestId: 'x',
      integrationError:
        'Lambda Customer Function Error:Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      lambdaServiceStatus: 200,
      status: 502,
    });
  });

  it('reads the recommended REST format of aws-facts §2.4, filled in', () => {
    expect(
      record(
        JSON.stringify({
          requestId: 'c0ffee01-0000-4000-8000-000000000001',
          status: '502',
          resourcePath: '/orders/{id}',
          httpMethod: 'GET',
          errorType: 'INTEGRATION_FAILURE',
          errorMessage: 'Internal server error',
          authorizerError: '-',
          integrationStatus: '200',
          lambdaServiceStatus: '200',
          integrationError: 'Lambda Customer Function Error:boom',
          integrationErrorMessage: 'Lambda Customer Function Error:boom',
          integrationLatency: '41',
          lambdaRequestId: '71952965-d5cc-4974-ae08-6e2138b2275c',
        }),
      ),
    ).toEqual({
      requestId: 'c0ffee01-0000-4000-8000-000000000001',
      status: 502,
      resource: '/orders/{id}',
      httpMethod: 'GET',
      errorResponseType: 'INTEGRATION_FAILURE',
      errorMessage: 'Internal server error',
      integrationStatus: 200,
      lambdaServiceStatus: 200,
      integrationError: 'Lambda Customer Function Error:boom',
      integrationLatencyMs: 41,
      lambdaRequestId: '71952965-d5cc-4974-ae08-6e2138b2275c',
    });
  });

  it('reads nested objects of $context names', () => {
    expect(
      record(
        JSON.stringify({
          requestId: 'n1',
          status: 502,
          integration: {
            error: 'Lambda Customer Function Error:x',
            status: '200',
            requestId: 'lambda-1',
            latency: 12,
            integrationStatus: '200',
          },
          error: { message: 'Internal server error', responseType: 'INTEGRATION_FAILURE' },
          authorizer: { error: 'The authorizer threw' },
        }),
      ),
    ).toEqual({
      requestId: 'n1',
      status: 502,
      integrationError: 'Lambda Customer Function Error:x',
      integrationStatus: 200,
      lambdaRequestId: 'lambda-1',
      integrationLatencyMs: 12,
      lambdaServiceStatus: 200,
      errorMessage: 'Internal server error',
      errorResponseType: 'INTEGRATION_FAILURE',
      authorizerError: 'The authorizer threw',
    });
  });

  it('reads dotted key names as $context writes them', () => {
    expect(
      record(
        '{"context.requestId":"d1","integration.status":"200","integration.integrationStatus":"200","error.responseType":"MALFORMED_PROXY_RESPONSE","status":"500","awsEndpointRequestId":"l-2"}',
      ),
    ).toMatchObject({
      integrationStatus: 200,
      lambdaServiceStatus: 200,
      errorResponseType: 'MALFORMED_PROXY_RESPONSE',
      status: 500,
      lambdaRequestId: 'l-2',
    });
  });

  it('ignores values that are not scalars and numbers that are not numbers', () => {
    expect(record('{"requestId":["a"],"status":"abc","integrationLatency":null,"httpMethod":true}')).toEqual(
      {},
    );
  });
});

describe('Common Log Format presets', () => {
  it('reads the REST console preset (ends with the request id)', () => {
    expect(
      record(
        '203.0.113.9 - - [05/Mar/2025:14:13:07 +0000] "GET /stores/{storeId}/stock/{sku} HTTP/1.1" 504 56 1b6bb987-1f28-4e68-9df8-5a88481a5d95',
      ),
    ).toEqual({
      requestId: '1b6bb987-1f28-4e68-9df8-5a88481a5d95',
      httpMethod: 'GET',
      resource: '/stores/{storeId}/stock/{sku}',
      status: 504,
      responseLength: 56,
    });
  });

  it('reads the newer REST preset that adds $context.extendedRequestId', () => {
    expect(
      record(
        '203.0.113.9 - - [05/Mar/2025:14:13:07 +0000]"POST /orders HTTP/1.1" 502 36 1b6bb987-1f28-4e68-9df8-5a88481a5d95 eC9QYXCMJIAMfRA=',
      ),
    ).toEqual({
      requestId: '1b6bb987-1f28-4e68-9df8-5a88481a5d95',
      extendedRequestId: 'eC9QYXCMJIAMfRA=',
      httpMethod: 'POST',
      resource: '/orders',
      status: 502,
      responseLength: 36,
    });
  });

  it('reads the HTTP API preset, whose routeKey repeats the method', () => {
    expect(
      record(
        '49.180.232.80 - - [18/Feb/2025:03:10:56 +0000] "POST POST /exports HTTP/1.1" 503 33 JxIuoM_-NjMEAWw=',
      ),
    ).toEqual({
      requestId: 'JxIuoM_-NjMEAWw=',
      httpMethod: 'POST',
      resource: '/exports',
      status: 503,
      responseLength: 33,
    });
    expect(
      record('49.180.232.80 - - [18/Feb/2025:03:10:56 +0000] "GET $default HTTP/1.1" 500 35 abc='),
    ).toMatchObject({
      httpMethod: 'GET',
      resource: '$default',
      status: 500,
    });
  });

  it('reads "-" status and length', () => {
    expect(record('1.2.3.4 - - [t] "GET /x HTTP/1.1" - - -')).toEqual({
      requestId: undefined,
      httpMethod: 'GET',
      resource: '/x',
      status: undefined,
      responseLength: undefined,
    });
  });
});

describe('what the parser does not know', () => {
  it.each([
    '',
    'not an access log',
    '{"broken":',
    '[1,2]',
    '"a string"',
    "2024-06-04 18:49:48.942 128.135.204.180 service /health/progress INTEGRATION_FAILURE Internal server error Lambda Customer Function Error:'AZUL_S3_BUCKET'",
  ])('keeps %j as unrecognised', (text) => {
    expect(parseAccessLine(text)).toEqual({ kind: 'unrecognised' });
  });
});
