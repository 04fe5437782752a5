/**
 * Pure AEADs: AES-GCM (NIST SP 800-38D, RFC 5288) and ChaCha20-Poly1305
 * (RFC 8439, RFC 7905) over @noble/ciphers, plus the CCM family from
 * `ccm.ts`.
 *
 * noble binds key, nonce and AAD together and refuses to encrypt twice
 * with one instance, so each seal/open builds a fresh noble cipher; the
 * bound key object only holds a private copy of the key.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import type { Aead, AeadAlgorithm, AeadName } from '../provider.js';
import { checkBytes, outputBuffer } from '../bytes.js';
import { aes128ccm, aes128ccm8, aes256ccm, aes256ccm8 } from './ccm.js';

const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

/** Checks seal()'s arguments; returns the output buffer. */
function checkSeal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array | undefined): Uint8Array | undefined {
  checkBytes(nonce, 'nonce', NONCE_LENGTH);
  checkBytes(aad, 'aad');
  checkBytes(plaintext, 'plaintext');
  return out === undefined ? undefined : outputBuffer(out, plaintext.length + TAG_LENGTH);
}

/** Checks open()'s arguments; false when `sealed` is too short to hold a tag (an authentication failure). */
function checkOpen(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out: Uint8Array | undefined): boolean {
  checkBytes(nonce, 'nonce', NONCE_LENGTH);
  checkBytes(aad, 'aad');
  checkBytes(sealed, 'sealed');
  if (sealed.length < TAG_LENGTH) return false;
  if (out !== undefined) outputBuffer(out, sealed.length - TAG_LENGTH);
  return true;
}

/** AES-GCM with a bound key. */
class PureGcm implements Aead {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    this.#key = new Uint8Array(key); // a copy (Buffer#slice would share memory)
  }

  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array {
    const dst = checkSeal(nonce, aad, plaintext, out);
    // noble's gcm has no output parameter: it always returns a new array,
    // which is then copied into `out` (so `out` may alias `plaintext`).
    const sealed = gcm(this.#key, nonce, aad).encrypt(plaintext);
    if (dst === undefined) return sealed;
    dst.set(sealed);
    return dst;
  }

  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out?: Uint8Array): Uint8Array | null {
    if (!checkOpen(nonce, aad, sealed, out)) return null;
    let plain: Uint8Array;
    try {
      // noble checks the tag in constant time before it decrypts anything.
      plain = gcm(this.#key, nonce, aad).decrypt(sealed);
    } catch {
      // Every argument was checked above, so the only failure left is the tag.
      return null;
    }
    if (out === undefined) return plain;
    out.set(plain);
    return out;
  }
}

/**
 * ChaCha20-Poly1305 with a bound key. noble writes straight into `out`
 * (copying the input there first, so `out` may alias it) and only after
 * the tag has verified, so a failed open leaves `out` untouched.
 */
class PureChaCha20Poly1305 implements Aead {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    this.#key = new Uint8Array(key); // a copy (Buffer#slice would share memory)
  }

  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array {
    const dst = checkSeal(nonce, aad, plaintext, out);
    return chacha20poly1305(this.#key, nonce, aad).encrypt(plaintext, dst);
  }

  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out?: Uint8Array): Uint8Array | null {
    if (!checkOpen(nonce, aad, sealed, out)) return null;
    try {
      return chacha20poly1305(this.#key, nonce, aad).decrypt(sealed, out);
    } catch {
      return null;
    }
  }
}

function pureAead(name: AeadName, keyLength: number, Cipher: new (key: Uint8Array) => Aead): AeadAlgorithm {
  return Object.freeze({
    name,
    implementation: 'pure' as const,
    keyLength,
    nonceLength: NONCE_LENGTH,
    tagLength: TAG_LENGTH,
    key(key: Uint8Array): Aead {
      checkBytes(key, 'key', keyLength);
      return new Cipher(key);
    },
  });
}

/** The pure AEADs, by name. */
export const pureAeads: { readonly [K in AeadName]: AeadAlgorithm } = Object.freeze({
  aes128gcm: pureAead('aes128gcm', 16, PureGcm),
  aes256gcm: pureAead('aes256gcm', 32, PureGcm),
  'chacha20-poly1305': pureAead('chacha20-poly1305', 32, PureChaCha20Poly1305),
  // The draft-ietf-tls-chacha20-poly1305-00 suites use the SAME AEAD
  // primitive as RFC 8439, with a 12-byte nonce; they differ only in how
  // the record layer builds that nonce (4-byte fixed IV || 8-byte
  // sequence number, instead of RFC 7905's XOR of IV and sequence
  // number). So this is the RFC 8439 AEAD under the seed's separate name.
  'chacha20-poly1305_draft00': pureAead('chacha20-poly1305_draft00', 32, PureChaCha20Poly1305),
  aes128ccm,
  aes256ccm,
  aes128ccm_8: aes128ccm8,
  aes256ccm_8: aes256ccm8,
});
