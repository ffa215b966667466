/**
 * A stand-in for S3 in its own process: answers every request with 200 and an ETag after reading
 * the body, so the bench measures the handler's CPU and not a storage server's.
 * Prints `listening http://127.0.0.1:<port>` once ready.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((request, response) => {
  const hash = createHash('md5');
  request.on('data', (chunk: Buffer) => hash.update(chunk));
  request.on('end', () => {
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
