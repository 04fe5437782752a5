/**
 * Pure HMAC (RFC 2104) over every hash of `hash.ts`, using @noble/hashes/hmac.
 *
 * A key is bound once: the inner and outer hash states, already keyed
 * with K ^ ipad and K ^ opad (RFC 2104 2), are computed when the key is
 * bound and cloned for each MAC, so a record MAC costs the message's
 * compression calls plus two, never a re-hash of the key.
 *
 * @module
 */
import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import type { Hmac, HmacAlgorithm, HmacKey, HashName } from '../provider.js';
import { checkBytes } from '../bytes.js';
import { NOBLE_HASHES, PureIncremental } from './hash.js';


/** A bound HMAC key: the keyed template state, and one scratch state reused by mac(). */
class PureHmacKey implements HmacKey {
  readonly #template: _HMAC<any>;
  #scratch: _HMAC<any> | undefined;

  constructor(template: _HMAC<any>) {
    this.#template = template;
  }

  mac(...parts: Uint8Array[]): Uint8Array {
    for (let i = 0; i < parts.length; i++) checkBytes(parts[i], `parts[${i}]`);
    // _cloneInto() overwrites every field of the scratch state (including
    // its finished/destroyed flags), so one scratch serves every call
    // without allocating new hash states. JavaScript is single-threaded
    // and this method does not re-enter, so sharing it is safe.
    const state = (this.#scratch = this.#template._cloneInto(this.#scratch));
    for (const part of parts) state.update(part);
    return state.digest();
  }

  create(): Hmac {
    return new PureIncremental(this.#template.clone());
  }
}

function pureHmac(name: HashName): HmacAlgorithm {
  const fn = NOBLE_HASHES[name];
  return Object.freeze({
    name,
    implementation: 'pure' as const,
    outputLength: fn.outputLen,
    blockLength: fn.blockLen,
    key(key: Uint8Array): HmacKey {
      checkBytes(key, 'key');
      // noble hashes a key longer than the block first and zero-pads a
      // shorter one (RFC 2104 2), then keeps K ^ ipad / K ^ opad states.
      return new PureHmacKey(hmac.create(fn, key));
    },
    mac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
      checkBytes(key, 'key');
      for (let i = 0; i < parts.length; i++) checkBytes(parts[i], `parts[${i}]`);
      const state = hmac.create(fn, key);
      for (const part of parts) state.update(part);
      return state.digest();
    },
  });
}

/** The pure HMAC algorithms, by hash name. */
export const pureHmacs: { readonly [K in HashName]: HmacAlgorithm } = Object.freeze({
  md5: pureHmac('md5'),
  sha1: pureHmac('sha1'),
  sha224: pureHmac('sha224'),
  sha256: pureHmac('sha256'),
  sha384: pureHmac('sha384'),
  sha512: pureHmac('sha512'),
});
