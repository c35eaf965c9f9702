import { describe, expect, it } from 'vitest';
import { arnLike, grantFor, type InvokeGrant, readInvokeGrants } from '../../shared/parse/resource-policy.ts';

const CARRIER_POLICY =
  '{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"carrier-webhook-apigw-prod","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:219604728813:function:carrier-webhook-ingest","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:219604728813:n8e2b6r0tj/prod/POST/webhooks/carrier"}}}]}';

function policy(...statements: unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

const apigw = (extra: Record<string, unknown> = {}) => ({
  Sid: 's1',
  Effect: 'Allow',
  Principal: { Service: 'apigateway.amazonaws.com' },
  Action: 'lambda:InvokeFunction',
  Resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders-get',
  ...extra,
});

describe('readInvokeGrants', () => {
  it('reads the corpus policy of a re-created API', () => {
    expect(readInvokeGrants(CARRIER_POLICY)).toEqual({
      kind: 'policy',
      grants: [
        {
          sid: 'carrier-webhook-apigw-prod',
          sourceArns: ['arn:aws:execute-api:us-east-1:219604728813:n8e2b6r0tj/prod/POST/webhooks/carrier'],
          resource: 'arn:aws:lambda:us-east-1:219604728813:function:carrier-webhook-ingest',
        },
      ],
    });
  });

  it('says "none" when the function has no policy', () => {
    expect(readInvokeGrants(null)).toEqual({ kind: 'none' });
    expect(readInvokeGrants(undefined)).toEqual({ kind: 'none' });
  });

  it.each(['', 'not json', '[]', '"a string"', '42'])('says "unreadable" for %j', (text) => {
    expect(readInvokeGrants(text)).toEqual({ kind: 'unreadable' });
  });

  it('keeps only Allow statements for API Gateway that invoke', () => {
    const read = readInvokeGrants(
      policy(
        apigw({ Sid: 'deny', Effect: 'Deny' }),
        apigw({ Sid: 's3', Principal: { Service: 's3.amazonaws.com' } }),
        apigw({ Sid: 'get', Action: 'lambda:GetFunction' }),
        apigw({ Sid: 'star', Principal: '*' }),
        apigw({ Sid: 'list', Principal: { Service: ['events.amazonaws.com', 'apigateway.amazonaws.com'] } }),
        apigw({ Sid: 'wild', Action: ['lambda:GetPolicy', 'lambda:*'] }),
        apigw({ Sid: 'all', Action: '*' }),
        'not a statement',
      ),
    );
    expect(read.kind).toBe('policy');
    expect(read.kind === 'policy' && read.grants.map((g) => g.sid)).toEqual(['star', 'list', 'wild', 'all']);
  });

  it('reads a single Statement object, ArnEquals, StringLike and an array of source ARNs', () => {
    const read = readInvokeGrants(
      JSON.stringify({
        Statement: apigw({
          Condition: {
            ArnEquals: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/orders' },
            StringLike: { 'AWS:SourceArn': ['arn:aws:execute-api:us-east-1:123456789012:abc/*/*/*', 42] },
            StringEquals: { 'AWS:SourceAccount': '123456789012' },
            IpAddress: { 'aws:SourceArn': 'ignored' },
          },
        }),
      }),
    );
    expect(read).toEqual({
      kind: 'policy',
      grants: [
        {
          sid: 's1',
          sourceArns: [
            'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/orders',
            'arn:aws:execute-api:us-east-1:123456789012:abc/*/*/*',
          ],
          resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders-get',
        },
      ],
    });
  });

  it('reads a grant without a source condition as "any source"', () => {
    const read = readInvokeGrants(policy(apigw()));
    expect(read.kind === 'policy' && read.grants[0]?.sourceArns).toEqual([]);
  });

  it('reads an empty policy as no grants', () => {
    expect(readInvokeGrants('{"Version":"2012-10-17","Statement":[]}')).toEqual({
      kind: 'policy',
      grants: [],
    });
    expect(readInvokeGrants('{}')).toEqual({ kind: 'policy', grants: [] });
  });
});

describe('arnLike', () => {
  const arn = 'arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/prod/GET/partners/P-17';

  it.each([
    [arn, true],
    ['arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/prod/GET/partners/*', true],
    ['arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/*/*/*', true],
    ['arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/*', true],
    ['arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/prod/GET/partners/P-1?', true],
    ['arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/prod/GET/partners/P-1', false],
    ['arn:aws:execute-api:us-east-1:219604728813:n8e2b6r0tj/prod/GET/partners/*', false],
    ['arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/test-invoke-stage/GET/partners/*', false],
    ['arn:aws:execute-api:us-east-1:219604728813:P3W7C1V5HM/*', false],
    ['*', true],
  ])('%s matches: %s', (pattern, matches) => {
    expect(arnLike(pattern, arn)).toBe(matches);
  });

  it('treats regex characters literally', () => {
    expect(arnLike('a.b', 'a.b')).toBe(true);
    expect(arnLike('a.b', 'axb')).toBe(false);
    expect(arnLike('a+(b)|[c]{1}$^\\', 'a+(b)|[c]{1}$^\\')).toBe(true);
    expect(arnLike('x/$default/GET/', 'x/$default/GET/')).toBe(true);
  });
});

describe('grantFor', () => {
  const grants: InvokeGrant[] = [
    {
      sid: 'old',
      sourceArns: ['arn:aws:execute-api:us-east-1:219604728813:n8e2b6r0tj/prod/POST/webhooks/carrier'],
    },
    {
      sid: 'new',
      sourceArns: ['arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/*/POST/webhooks/carrier'],
    },
  ];

  it('finds the grant that lets the caller invoke', () => {
    expect(
      grantFor(grants, 'arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/prod/POST/webhooks/carrier')
        ?.sid,
    ).toBe('new');
  });

  it('finds none for another API id', () => {
    expect(
      grantFor(
        grants.slice(0, 1),
        'arn:aws:execute-api:us-east-1:219604728813:p3w7c1v5hm/prod/POST/webhooks/carrier',
      ),
    ).toBeUndefined();
  });

  it('lets a grant without source conditions match anything', () => {
    expect(grantFor([{ sourceArns: [] }], 'arn:anything')).toEqual({ sourceArns: [] });
    expect(grantFor([], 'arn:anything')).toBeUndefined();
  });
});
