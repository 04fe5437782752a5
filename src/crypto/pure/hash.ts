/**
 * Pure hash functions: MD5, SHA-1 and SHA-2 over @noble/hashes.
 *
 * MD5 and SHA-1 are broken as collision-resistant hashes but TLS still
 * needs them: the TLS 1.0/1.1 PRF (RFC 2246 5) and handshake signatures
 * hash with MD5 || SHA-1, SSLv3 MACs with MD5 or SHA-1, and old
 * certificates are signed with them.
 *
 * @module
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import type { Hash, HashAlgorithm, HashName, Hmac } from '../provider.js';
import { checkBytes } from '../bytes.js';

/** The @noble/hashes function behind each hash name (HMAC builds on the same table). */
export const NOBLE_HASHES: { readonly [K in HashName]: CHash } = {
  md5,
  sha1,
  sha224,
  sha256,
  sha384,
  sha512,
};

/** What a noble hash or HMAC state offers; both are driven the same way. */
interface NobleState<T> {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
  clone(): T;
}

/** An incremental hash or HMAC over a noble state (the provider's Hash and Hmac have one shape). */
export class PureIncremental<T extends NobleState<T>> implements Hash, Hmac {
  readonly #state: T;

  constructor(state: T) {
    this.#state = state;
  }

  update(data: Uint8Array): this {
    checkBytes(data, 'data');
    this.#state.update(data);
    return this;
  }

  digest(): Uint8Array {
    return this.#state.digest();
  }

  copy(): PureIncremental<T> {
    // noble's clone() copies the chaining value and the buffered partial block.
    return new PureIncremental(this.#state.clone());
  }

  snapshot(): Uint8Array {
    return this.#state.clone().digest();
  }
}

function pureHash(name: HashName): HashAlgorithm {
  const fn = NOBLE_HASHES[name];
  return Object.freeze({
    name,
    implementation: 'pure' as const,
    outputLength: fn.outputLen,
    blockLength: fn.blockLen,
    create(): Hash {
      return new PureIncremental(fn.create());
    },
    digest(...parts: Uint8Array[]): Uint8Array {
      const state = fn.create();
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        checkBytes(part, `parts[${i}]`);
        state.update(part);
      }
      return state.digest();
    },
  });
}

/** The pure hash algorithms, by name. */
export const pureHashes: { readonly [K in HashName]: HashAlgorithm } = Object.freeze({
  md5: pureHash('md5'),
  sha1: pureHash('sha1'),
  sha224: pureHash('sha224'),
  sha256: pureHash('sha256'),
  sha384: pureHash('sha384'),
  sha512: pureHash('sha512'),
});
