import { describe, expect, it } from 'vitest';
import { checkProxyResponse } from '../../shared/parse/proxy-response.ts';

/** Every rule and disputed case of ../shared/research/proxy-responses.md. */

const REST = { apiKind: 'REST' } as const;
const HTTP = { apiKind: 'HTTP' } as const;

function accepted(body: string, options: { apiKind: 'REST' | 'HTTP' } = REST): void {
  const check = checkProxyResponse(body, options);
  expect(check.problems, body).toEqual([]);
  expect(check.corrected).toBeUndefined();
  expect(check.headline).toBeUndefined();
}

function correctedShape(body: string, options: { apiKind: 'REST' | 'HTTP' } = REST): unknown {
  const corrected = checkProxyResponse(body, options).corrected;
  expect(corrected).toBeDefined();
  return JSON.parse(corrected ?? 'null');
}

describe('REST rule 1: the response must be a JSON object', () => {
  it('rejects a bare JSON string ("Bad response") and wraps it as the body', () => {
    const check = checkProxyResponse('"Bad response"', REST);
    expect(check.problems).toEqual([
      'the function returned a string ("Bad response") instead of an object with statusCode and body',
    ]);
    expect(check.headline).toBe('it returned a string instead of a response object');
    expect(JSON.parse(check.corrected ?? '')).toEqual({ statusCode: 200, body: 'Bad response' });
  });

  it.each(['null', 'undefined', '', '   '])('explains %j as a handler that returned nothing', (body) => {
    const check = checkProxyResponse(body, REST);
    expect(check.problems[0]).toContain('returned nothing (`null`)');
    expect(check.headline).toBe('it returned null instead of a response object');
    expect(JSON.parse(check.corrected ?? '')).toMatchObject({ statusCode: 200, body: '{}' });
  });

  it('rejects numbers and arrays (both emulators; not recorded on AWS)', () => {
    expect(checkProxyResponse('42', REST).headline).toBe('it returned a number instead of a response object');
    const array = checkProxyResponse('[{"id":1}]', REST);
    expect(array.headline).toBe('it returned an array instead of a response object');
    expect(JSON.parse(array.corrected ?? '')).toEqual({ statusCode: 200, body: '[{"id":1}]' });
    expect(checkProxyResponse('true', REST).headline).toBe(
      'it returned a boolean instead of a response object',
    );
  });
});

describe('REST rule 2: only five top-level keys', () => {
  it('rejects an extra key next to a valid statusCode and drops it from the corrected shape', () => {
    const check = checkProxyResponse('{"statusCode":200,"body":"ok","cookies":["a=b"]}', REST);
    expect(check.problems).toEqual([
      'unexpected top-level key `cookies`: REST APIs accept only statusCode, body, headers, multiValueHeaders and isBase64Encoded',
    ]);
    expect(check.headline).toBe('unexpected key `cookies`');
    expect(JSON.parse(check.corrected ?? '')).toEqual({ statusCode: 200, body: 'ok' });
  });

  it('turns a plain object ({"Hello":"World"}) into the body', () => {
    const check = checkProxyResponse('{"Hello":"World"}', REST);
    expect(check.headline).toBe('unexpected key `Hello`');
    expect(JSON.parse(check.corrected ?? '')).toEqual({ statusCode: 200, body: '{"Hello":"World"}' });
  });

  it('rejects base64Encoded instead of isBase64Encoded (disputed: SAM accepts, AWS reported Malformed)', () => {
    expect(checkProxyResponse('{"statusCode":200,"body":"aGk=","base64Encoded":true}', REST).headline).toBe(
      'unexpected key `base64Encoded`',
    );
  });

  it('lists every unexpected key', () => {
    expect(checkProxyResponse('{"a":1,"b":2}', REST).problems).toHaveLength(2);
  });
});

describe('REST rule 3: every key is optional', () => {
  it.each([
    '{}',
    '{"statusCode":200}',
    '{"headers":{"X-A":"1"}}',
    '{"body":""}',
    '{"statusCode":503,"body":"busy"}',
  ])('accepts %s', (body) => accepted(body));
});

describe('REST rule 4: statusCode is a number or a numeric string', () => {
  it('accepts "201"', () => accepted('{"statusCode":"201","body":"created"}'));

  it('rejects "test" and corrects it to 200', () => {
    const check = checkProxyResponse('{"statusCode":"test","body":"x"}', REST);
    expect(check.problems).toEqual(['`statusCode` is the string "test", not a number']);
    expect(check.headline).toBe('`statusCode` is not a number');
    expect(JSON.parse(check.corrected ?? '')).toEqual({ statusCode: 200, body: 'x' });
  });

  it.each([
    ['{"statusCode":null}', '`statusCode` is null, not a number'],
    ['{"statusCode":200.5}', '`statusCode` is number 200.5, not a number'],
    ['{"statusCode":{"code":500}}', '`statusCode` is an object ({"code":500}), not a number'],
  ])('rejects %s', (body, problem) => {
    expect(checkProxyResponse(body, REST).problems).toEqual([problem]);
  });
});

describe('REST rule 5: headers is an object of single values', () => {
  it('accepts null headers and boolean values (sent as true/false)', () => {
    accepted('{"statusCode":200,"headers":null,"body":""}');
    accepted('{"statusCode":200,"headers":{"X-Cache":true},"body":""}');
  });

  it('accepts number values (disputed: no AWS recording; DefinitelyTyped allows them)', () => {
    accepted('{"statusCode":200,"headers":{"Content-Length":12},"body":"hello world!"}');
  });

  it('rejects an array value and suggests multiValueHeaders', () => {
    const check = checkProxyResponse(
      '{"statusCode":200,"headers":{"Set-Cookie":["a=1","b=2"]},"body":""}',
      REST,
    );
    expect(check.problems).toEqual([
      'header `Set-Cookie` is an array (["a=1","b=2"]): each header value must be a single string (use multiValueHeaders for lists)',
    ]);
    expect(check.headline).toBe('header `Set-Cookie` is not a single value');
    expect(JSON.parse(check.corrected ?? '')).toEqual({
      statusCode: 200,
      headers: { 'Set-Cookie': 'a=1, b=2' },
      body: '',
    });
  });

  it('rejects headers that are not an object', () => {
    expect(checkProxyResponse('{"statusCode":200,"headers":"Content-Type: text/plain"}', REST).headline).toBe(
      '`headers` is not an object',
    );
  });
});

describe('REST rule 6: multiValueHeaders values are arrays', () => {
  it('accepts arrays, even of one value', () => {
    accepted('{"statusCode":200,"multiValueHeaders":{"Set-Cookie":["a=1"]},"body":""}');
  });

  it('rejects a string value', () => {
    const check = checkProxyResponse(
      '{"statusCode":200,"multiValueHeaders":{"Set-Cookie":"a=1"},"body":""}',
      REST,
    );
    expect(check.problems).toEqual([
      'multiValueHeaders `Set-Cookie` is the string "a=1": each value must be an array, even for one value',
    ]);
    expect(JSON.parse(check.corrected ?? '')).toEqual({
      statusCode: 200,
      multiValueHeaders: { 'Set-Cookie': ['a=1'] },
      body: '',
    });
  });

  it('rejects a multiValueHeaders that is not an object', () => {
    expect(checkProxyResponse('{"multiValueHeaders":["a"]}', REST).headline).toBe(
      '`multiValueHeaders` is not an object of arrays',
    );
  });
});

describe('REST rule 7: body is a string', () => {
  it('rejects an object body (the Python dict case) and serialises it', () => {
    const body =
      '{"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": {"episodes": [1, 2]}}';
    const check = checkProxyResponse(body, REST);
    expect(check.problems).toEqual([
      '`body` is an object ({"episodes":[1,2]}): it must be a string (serialise it with JSON.stringify / json.dumps)',
    ]);
    expect(check.headline).toBe('`body` is an object, not a string');
    expect(correctedShape(body)).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '{"episodes":[1,2]}',
    });
  });

  it('rejects array and number bodies (no AWS record for numbers)', () => {
    expect(checkProxyResponse('{"statusCode":200,"body":[1]}', REST).headline).toBe(
      '`body` is an array, not a string',
    );
    expect(checkProxyResponse('{"statusCode":200,"body":5}', REST).headline).toBe(
      '`body` is a number, not a string',
    );
  });

  it('accepts a missing, null or empty body', () => {
    accepted('{"statusCode":204}');
    accepted('{"statusCode":204,"body":null}');
    accepted('{"statusCode":204,"body":""}');
  });
});

describe('REST rule 9: isBase64Encoded', () => {
  it('accepts booleans', () => {
    accepted('{"statusCode":200,"body":"aGk=","isBase64Encoded":true}');
    accepted('{"statusCode":200,"body":"hi","isBase64Encoded":false}');
  });

  it('rejects the string "true" (disputed: SAM accepts it, LocalStack does not check)', () => {
    expect(
      checkProxyResponse('{"statusCode":200,"body":"aGk=","isBase64Encoded":"true"}', REST).problems,
    ).toEqual(['`isBase64Encoded` is the string "true", not true or false']);
  });
});

describe('HTTP APIs', () => {
  it('requires statusCode (payload 1.0) and says so', () => {
    const check = checkProxyResponse('{}', HTTP);
    expect(check.problems).toEqual(['`statusCode` is missing: HTTP API payload 1.0 requires it']);
    expect(JSON.parse(check.corrected ?? '')).toEqual({ statusCode: 200 });
  });

  it('ignores unknown top-level keys (cookies is a 2.0 key)', () => {
    accepted('{"statusCode":200,"body":"ok","cookies":["a=b"]}', HTTP);
    accepted('{"statusCode":200,"body":"ok","extra":1}', HTTP);
  });

  it('rejects an object body (the "wrong type for field body" report)', () => {
    expect(checkProxyResponse('{"statusCode":200,"body":{"a":1}}', HTTP).headline).toBe(
      '`body` is an object, not a string',
    );
  });

  it('treats a bare string and null as on REST', () => {
    expect(checkProxyResponse('"Hello from Lambda!"', HTTP).headline).toBe(
      'it returned a string instead of a response object',
    );
    expect(checkProxyResponse('null', HTTP).headline).toBe('it returned null instead of a response object');
  });
});

describe('bodies that cannot be checked', () => {
  it('says the execution log cut the body at 1 KB', () => {
    expect(
      checkProxyResponse('{"statusCode":200,"body":"{\\"items\\":[', { apiKind: 'REST', truncated: true }),
    ).toEqual({
      problems: [],
      unreadable: 'the logged response is cut at 1 KB, so its shape cannot be checked in full',
    });
  });

  it('quotes a body that is not JSON, shortened', () => {
    const check = checkProxyResponse(`<html>${'x'.repeat(200)}</html>`, REST);
    expect(check.problems).toEqual([]);
    expect(check.unreadable?.startsWith('the response is not JSON: <html>xxx')).toBe(true);
    expect(check.unreadable?.endsWith('…')).toBe(true);
    expect((check.unreadable ?? '').length).toBeLessThan(120);
  });

  it('keeps a long corrected shape short', () => {
    const check = checkProxyResponse(
      JSON.stringify({ statusCode: 200, body: { big: 'y'.repeat(1000) } }),
      REST,
    );
    expect(check.corrected?.length).toBeLessThanOrEqual(400);
    // The shape stays whole (it parses); only the body's content is cut.
    const corrected = JSON.parse(check.corrected ?? '{}') as { statusCode: number; body: string };
    expect(corrected.statusCode).toBe(200);
    expect(corrected.body.startsWith('{"big":"yyy')).toBe(true);
    expect(corrected.body.endsWith('…')).toBe(true);
    expect(corrected.body.length).toBe(60);
  });
});
