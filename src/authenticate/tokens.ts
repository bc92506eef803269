import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: long enough that a fast hash is a safe way to store it. */
export const newToken = () => `olv_${randomBytes(32).toString('base64url')}`;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Compares two hex hashes without leaking, through timing, how much of them matched. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
