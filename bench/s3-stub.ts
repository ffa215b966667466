/**
 * A stand-in for S3 in its own process: answers every request with 200 and an ETag after reading
 * the body, so the bench measures the handler's CPU and not a storage server's. It also answers
 * SSM Parameter Store's `GetParameter` (the JSON protocol, `X-Amz-Target: AmazonSSM.GetParameter`)
 * with a fixed 64-hex salt, so a handler bundle pointed here with `AWS_ENDPOINT_URL_SSM` reads its
 * daily salt as in Lambda, through its own SSM client.
 * Prints `listening http://127.0.0.1:<port>` once ready.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The salt every day gets (any 64 hex characters will do: the bench checks no hash). */
const SALT = 'b'.repeat(64);

const server = createServer((request, response) => {
  const hash = createHash('md5');
  const chunks: Buffer[] = [];
  const ssm = request.headers['x-amz-target'] === 'AmazonSSM.GetParameter';
  request.on('data', (chunk: Buffer) => (ssm ? chunks.push(chunk) : hash.update(chunk)));
  request.on('end', () => {
    if (ssm) {
      const { Name } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Name: string };
      const body = JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: SALT, Version: 1 } });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(body);
      return;
    }
    response.writeHead(200, { etag: `"${hash.digest('hex')}"`, 'content-length': '0' });
    response.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
