import type { APIGatewayProxyEventV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fixtures } from '../test/helpers.js';
import { type FunctionUrlEvent, toFunctionUrlResult, toHttpRequest } from './function-url.js';

describe('toHttpRequest', () => {
  it('reads a recorded Function URL event', () => {
    const request = toHttpRequest(fixtures.seedTrack);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/track',
      sourceIp: '203.0.113.42',
      requestId: '8f2c6b1e-3d4a-4b5c-9e8f-0a1b2c3d4e5f',
      isBase64Encoded: false,
    });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('lower-cases header names', () => {
    const request = toHttpRequest({
      ...fixtures.seedTrack,
      headers: { 'Content-Type': 'text/plain', Origin: 'https://a' },
    });
    expect(request.headers).toEqual({ 'content-type': 'text/plain', origin: 'https://a' });
  });

  it('strips a named API Gateway stage from the path, as in the original /prod/track URL', () => {
    const event = {
      ...fixtures.seedTrack,
      rawPath: '/prod/track',
      requestContext: { ...fixtures.seedTrack.requestContext, stage: 'prod' },
    };
    expect(toHttpRequest(event).path).toBe('/track');
    expect(toHttpRequest({ ...event, rawPath: '/production/track' }).path).toBe('/production/track');
  });

  it('accepts Function URL and API Gateway HTTP API v2 events as they are typed by @types/aws-lambda', () => {
    expectTypeOf<LambdaFunctionURLEvent>().toExtend<FunctionUrlEvent>();
    expectTypeOf<APIGatewayProxyEventV2>().toExtend<FunctionUrlEvent>();
  });
});

describe('toFunctionUrlResult', () => {
  it('keeps status, headers and body', () => {
    expect(toFunctionUrlResult({ statusCode: 204, headers: { a: 'b' }, body: '' })).toEqual({
      statusCode: 204,
      headers: { a: 'b' },
      body: '',
      isBase64Encoded: false,
    });
  });
});
