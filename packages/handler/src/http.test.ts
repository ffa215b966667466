import { describe, expect, it } from 'vitest';
import { ForbiddenError, StorageUnavailableError } from './errors.js';
import { corsHeaders, decodeBody, errorResponse, type HttpRequest, parseJson } from './http.js';

const request = (
  body: string,
  headers: Record<string, string> = {},
  isBase64Encoded = false,
): HttpRequest => ({
  method: 'POST',
  path: '/track',
  rawQueryString: '',
  headers,
  body,
  isBase64Encoded,
  sourceIp: '198.51.100.1',
  requestId: 'r',
});

describe('decodeBody', () => {
  it('decodes base64 bodies', () => {
    expect(decodeBody(request(Buffer.from('{"a":"é"}').toString('base64'), {}, true), 1024)).toBe(
      '{"a":"é"}',
    );
  });

  it.each([['application/json'], ['text/plain;charset=UTF-8'], ['application/x-www-form-urlencoded'], ['']])(
    'accepts content type %j',
    (type) => {
      expect(decodeBody(request('{}', type ? { 'content-type': type } : {}), 1024)).toBe('{}');
    },
  );

  it('refuses other content types with 415', () => {
    expect(() => decodeBody(request('<x/>', { 'content-type': 'application/xml' }), 1024)).toThrow(
      expect.objectContaining({ status: 415 }),
    );
  });

  it('refuses bodies over the limit with 413, counting bytes after decoding', () => {
    expect(() => decodeBody(request('x'.repeat(1025)), 1024)).toThrow(
      expect.objectContaining({ status: 413 }),
    );
    expect(() => decodeBody(request('é'.repeat(600)), 1024)).toThrow(
      expect.objectContaining({ status: 413 }),
    );
    const encoded = Buffer.from('x'.repeat(1025)).toString('base64');
    expect(() => decodeBody(request(encoded, {}, true), 1024)).toThrow(
      expect.objectContaining({ status: 413 }),
    );
    expect(decodeBody(request('x'.repeat(1024)), 1024)).toHaveLength(1024);
  });

  it('reads a text body as its UTF-8 bytes would: a lone surrogate is U+FFFD and counts 3 bytes', () => {
    // The WHATWG Encoding Standard's UTF-8 encoder writes a lone surrogate as EF BF BD (U+FFFD).
    const text = '{"eventType":"a\ud83c"}';
    expect(decodeBody(request(text), 1024)).toBe('{"eventType":"a\ufffd"}');
    expect(decodeBody(request('{"a":"🎉"}'), 1024)).toBe('{"a":"🎉"}');
    // 3 bytes each: 342 of them are 1,026 bytes, over a 1,024-byte limit.
    expect(() => decodeBody(request('\udc00'.repeat(342)), 1024)).toThrow(
      expect.objectContaining({ status: 413 }),
    );
    expect(decodeBody(request('\udc00'.repeat(341)), 1024)).toBe('\ufffd'.repeat(341));
  });
});

describe('parseJson', () => {
  it('turns malformed JSON into a 400, never a 500', () => {
    expect(() => parseJson('{"bucket":')).toThrow(
      expect.objectContaining({ status: 400, error: 'Invalid JSON' }),
    );
    // The original tracker's string for an absent body (its README's 400).
    expect(() => parseJson('  ')).toThrow(
      expect.objectContaining({ status: 400, error: 'Missing required field: bucket' }),
    );
  });
});

describe('corsHeaders', () => {
  it('allows any origin with *', () => {
    expect(corsHeaders(['*'], 'https://a.example')['access-control-allow-origin']).toBe('*');
  });

  it('exposes Retry-After to browser clients on other origins', () => {
    expect(corsHeaders(['*'], 'https://a.example')['access-control-expose-headers']).toBe('retry-after');
  });

  it('reflects only listed origins', () => {
    expect(corsHeaders(['https://a.example'], 'https://a.example')['access-control-allow-origin']).toBe(
      'https://a.example',
    );
    expect(
      corsHeaders(['https://a.example'], 'https://evil.example')['access-control-allow-origin'],
    ).toBeUndefined();
    expect(corsHeaders(['https://a.example'], undefined).vary).toBe('Origin');
  });
});

describe('errorResponse', () => {
  it('answers expected errors with their status and body', () => {
    const response = errorResponse(new ForbiddenError('nope', 'bucket_not_allowed'));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toEqual({ error: 'Forbidden', message: 'nope' });
  });

  it('adds Retry-After to 503s', () => {
    const response = errorResponse(new StorageUnavailableError(new Error('SlowDown')));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body).not.toContain('SlowDown');
  });

  it('hides anything unexpected behind one opaque 500', () => {
    const response = errorResponse(new TypeError('secret internals at /var/task/index.mjs'));
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('{"error":"Internal Server Error","message":"An unexpected error occurred"}');
  });
});
