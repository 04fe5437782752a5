/**
 * Test helpers for SRP: verifier databases, and rewriting SRP values in
 * the plaintext handshake records two in-memory engines exchange.
 * Not a test file itself.
 */
import { bigIntToBytes } from '../../src/crypto/bytes.js';
import { TLSAlert, TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';

/** [side, alert name] of a handshake outcome, for t.same. */
export function alertOf(e: unknown): [string, string] | undefined {
  if (!(e instanceof TLSAlert)) return undefined;
  return [e instanceof TLSLocalAlert ? 'local' : e instanceof TLSRemoteAlert ? 'remote' : 'alert', e.descriptionName];
}

/**
 * Rewrites the body of every plaintext handshake message of type
 * `msgType` in `bytes` (a sequence of whole records, as the engines
 * write them), fixing the lengths.
 */
export function rewriteHandshake(bytes: Uint8Array, msgType: number, rewrite: (body: Uint8Array) => Uint8Array): Uint8Array {
  const out: number[] = [];
  let pos = 0;
  while (pos + 5 <= bytes.length) {
    const type = bytes[pos]!;
    const length = (bytes[pos + 3]! << 8) | bytes[pos + 4]!;
    let fragment = bytes.subarray(pos + 5, pos + 5 + length);
    if (type === 22) {
      const parts: number[] = [];
      let p = 0;
      let whole = true;
      while (p + 4 <= fragment.length) {
        const mt = fragment[p]!;
        const ml = (fragment[p + 1]! << 16) | (fragment[p + 2]! << 8) | fragment[p + 3]!;
        if (p + 4 + ml > fragment.length) {
          whole = false; // encrypted, or split: leave as it is
          break;
        }
        let body = fragment.subarray(p + 4, p + 4 + ml);
        if (mt === msgType) body = rewrite(body);
        parts.push(mt, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff, ...body);
        p += 4 + ml;
      }
      if (whole && p === fragment.length) fragment = Uint8Array.from(parts);
    }
    out.push(type, bytes[pos + 1]!, bytes[pos + 2]!, fragment.length >> 8, fragment.length & 0xff, ...fragment);
    pos += 5 + length;
  }
  return Uint8Array.from(out);
}

function vector16(value: Uint8Array): number[] {
  return [value.length >> 8, value.length & 0xff, ...value];
}

/** A ClientKeyExchange body with srp_A = `value`. */
export function srpClientKeyExchange(value: bigint): Uint8Array {
  return Uint8Array.from(vector16(bigIntToBytes(value)));
}

/** Replaces srp_B in an unsigned (SRP_SHA) ServerKeyExchange body. */
export function replaceB(body: Uint8Array, value: bigint): Uint8Array {
  let p = 0;
  const nLen = (body[p]! << 8) | body[p + 1]!;
  p += 2 + nLen;
  const gLen = (body[p]! << 8) | body[p + 1]!;
  p += 2 + gLen;
  const sLen = body[p]!;
  p += 1 + sLen;
  return Uint8Array.from([...body.subarray(0, p), ...vector16(bigIntToBytes(value))]);
}

/** N from an SRP ServerKeyExchange body. */
export function nOf(body: Uint8Array): bigint {
  const nLen = (body[0]! << 8) | body[1]!;
  return BigInt('0x' + Buffer.from(body.subarray(2, 2 + nLen)).toString('hex'));
}
