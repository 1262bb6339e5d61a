import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';

/** The request id header the fake sends (SDKs read the header, not the body). */
export const FAKE_REQUEST_ID = '4c5f0a6e-0000-4000-8000-000000000001';

export interface Captured {
  request?: HttpRequest;
  body?: string;
}

/**
 * A request handler for AWS SDK v3 clients that never touches the network: it records the
 * serialized request and answers with the given status and body, so the SDK's own deserializer
 * parses exactly our bytes.
 */
export function fakeHandler(
  respond: (body: string) => { status: number; body: string; contentType: string },
) {
  const captured: Captured = {};
  const handler = {
    async handle(request: HttpRequest) {
      captured.request = request;
      captured.body = typeof request.body === 'string' ? request.body : String(request.body ?? '');
      const r = respond(captured.body);
      return {
        response: new HttpResponse({
          statusCode: r.status,
          headers: { 'content-type': r.contentType, 'x-amzn-requestid': FAKE_REQUEST_ID },
          body: Buffer.from(r.body, 'utf8'),
        }),
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
  return { handler, captured };
}

export const fakeClientConfig = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:1',
  credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
};
