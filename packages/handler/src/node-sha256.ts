import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/**
 * SHA-256 and HMAC-SHA256 for the SDK's SigV4 signer (`@smithy/signature-v4` takes a hash
 * constructor), over node:crypto: the signer's own default would load a JavaScript implementation.
 *
 * @example
 * new SignatureV4({ service: 's3', region: 'eu-west-3', credentials, sha256: NodeSha256 });
 */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
