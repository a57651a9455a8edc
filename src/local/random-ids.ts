import { randomBytes } from 'node:crypto';

/**
 * Random bytes for the ids every request and invocation gets (API Gateway request ids, X-Ray
 * trace ids), drawn from a pooled buffer: one call to the system's random source per 4 KB
 * instead of several per request. Not for secrets.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

export function pooledRandomBytes(length: number): Buffer {
  if (offset + length > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, length));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + length);
  offset += length;
  return bytes;
}
