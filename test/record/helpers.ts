/**
 * Independent record builders for the record-layer tests: each one puts a
 * record together with node:crypto (or, for RC4 which Node's OpenSSL 3
 * keeps in its legacy provider, a few lines of textbook RC4), straight
 * from the RFC's formulas, sharing no code with src/record.
 */
import * as nodeCrypto from 'node:crypto';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { providers, algorithm, type NamedProvider } from '../crypto/providers.js';

export const HANDSHAKE = 22;
export const APPDATA = 23;

/** Providers as complete CryptoProviders, after checking each has what the record layer uses. */
export function recordProviders(): { label: string; provider: CryptoProvider }[] {
  return providers().map((p: NamedProvider) => {
    for (const name of ['aes128gcm', 'aes256gcm', 'chacha20-poly1305', 'chacha20-poly1305_draft00', 'aes128ccm', 'aes128ccm_8']) {
      algorithm(p, 'aeads', name);
    }
    for (const name of ['aes128', 'aes256', '3des']) algorithm(p, 'blockCiphers', name);
    for (const name of ['rc4', 'null']) algorithm(p, 'streamCiphers', name);
    for (const name of ['md5', 'sha1', 'sha256', 'sha384']) {
      algorithm(p, 'hmacs', name);
      algorithm(p, 'hashes', name);
    }
    algorithm(p, 'random');
    return { label: p.label, provider: p.provider as CryptoProvider };
  });
}

export function seqBytes(seq: number | bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(seq));
  return b;
}

export function header(type: number, version: number, length: number): Buffer {
  return Buffer.from([type, version >> 8, version & 0xff, length >> 8, length & 0xff]);
}

/** RFC 5246 6.2.3.1: HMAC(key, seq || type || version || length || data). */
export function tlsMac(hash: string, key: Uint8Array, seq: number, type: number, version: number, data: Uint8Array): Buffer {
  return nodeCrypto
    .createHmac(hash, key)
    .update(seqBytes(seq))
    .update(Buffer.from([type, version >> 8, version & 0xff, data.length >> 8, data.length & 0xff]))
    .update(data)
    .digest();
}

/** RFC 6101 5.2.3.1: hash(secret || pad_2 || hash(secret || pad_1 || seq || type || length || data)). */
export function ssl3Mac(hash: 'md5' | 'sha1', secret: Uint8Array, seq: number, type: number, data: Uint8Array): Buffer {
  const padLength = hash === 'md5' ? 48 : 40;
  const inner = nodeCrypto
    .createHash(hash)
    .update(secret)
    .update(Buffer.alloc(padLength, 0x36))
    .update(seqBytes(seq))
    .update(Buffer.from([type, data.length >> 8, data.length & 0xff]))
    .update(data)
    .digest();
  return nodeCrypto.createHash(hash).update(secret).update(Buffer.alloc(padLength, 0x5c)).update(inner).digest();
}

/** padding || padding_length with `padLength` padding bytes, each of value padLength. */
export function padding(padLength: number): Buffer {
  return Buffer.alloc(padLength + 1, padLength);
}

/** Minimal TLS padding length for `length` bytes in `block`-byte blocks. */
export function minimalPad(length: number, block: number): number {
  return (block - ((length + 1) % block)) % block;
}

export function cbcEncrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const c = nodeCrypto.createCipheriv(cipher, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function cbcDecrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const c = nodeCrypto.createDecipheriv(cipher, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** AEAD seal with node:crypto: ciphertext || tag. */
export function aeadSeal(
  cipher: string,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  data: Uint8Array,
  tagLength = 16,
): Buffer {
  const c = nodeCrypto.createCipheriv(cipher as 'aes-128-gcm', key, nonce, { authTagLength: tagLength });
  if (cipher.endsWith('ccm')) c.setAAD(aad, { plaintextLength: data.length });
  else c.setAAD(aad);
  // Node's CCM refuses update() with no data (the tag is then never set).
  const body = data.length > 0 ? c.update(data) : Buffer.alloc(0);
  return Buffer.concat([body, c.final(), c.getAuthTag()]);
}

/** Textbook RC4 (Node's OpenSSL 3 keeps RC4 in the legacy provider). Returns a keystream XOR-er. */
export function rc4(key: Uint8Array): (data: Uint8Array) => Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  let i = 0;
  let j = 0;
  return (data) => {
    const out = Buffer.alloc(data.length);
    for (let k = 0; k < data.length; k++) {
      i = (i + 1) & 255;
      j = (j + s[i]!) & 255;
      [s[i], s[j]] = [s[j]!, s[i]!];
      out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!;
    }
    return out;
  };
}

export function rand(n: number): Buffer {
  return nodeCrypto.randomBytes(n);
}

/** A copy (the record layer decrypts in place and takes ownership of what it is given). */
export function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}
