/**
 * The symmetric half of the native provider: hashes, HMAC, AEADs, CBC,
 * RC4 and randomness from the addon (native/hash.cc, cipher.cc,
 * random.cc), which runs Node's own OpenSSL.
 *
 * Every argument is checked here, before it reaches C++, so that misuse
 * throws the same TypeError/RangeError as the pure provider. Output
 * buffers are allocated here (a JavaScript allocation is cheaper than a
 * native one) and the addon writes into them; each seal, open, MAC or
 * update is one call into the addon.
 *
 * An algorithm the running OpenSSL lacks (the addon exports a reason
 * string in its place) is absent, with the reason in `missing` under its
 * provider path, e.g. `missing['hashes.md5']` under FIPS.
 *
 * @module
 */
import type {
  Aead,
  AeadAlgorithm,
  AeadName,
  BlockCipher,
  BlockCipherAlgorithm,
  BlockCipherName,
  Hash,
  HashAlgorithm,
  HashName,
  Hmac,
  HmacAlgorithm,
  HmacKey,
  PartialCryptoProvider,
  RandomSource,
  StreamCipher,
  StreamCipherAlgorithm,
  StreamCipherName,
} from '../provider.js';
import { checkBytes, checkCount, outputBuffer } from '../bytes.js';
import type { NativeBinding } from './addon.js';

// ---------------------------------------------------------------- the raw binding

/**
 * A native state object (a hash context, a bound key, a cipher state):
 * an opaque value (a type-tagged napi_external) that the addon's
 * functions take as their first argument; one of another kind, or any
 * other value, makes them throw a TypeError. The brand only keeps the
 * kinds apart at compile time.
 */
type Handle<Kind extends string> = { readonly [handleKind]: Kind };
declare const handleKind: unique symbol;

type HashHandle = Handle<'hash'>;
type HmacHandle = Handle<'hmac'>;
type HmacKeyHandle = Handle<'hmacKey'>;
type AeadHandle = Handle<'aead'>;
/** A CBC encryptor or decryptor, or an RC4 state. */
type CipherHandle = Handle<'cipher'>;

/** `hashOp` or `hmacOp`: op 0 update(data), 1 digest(out), 2 copy(), 3 snapshot(out). */
interface DigestOp<H> {
  (handle: H, op: 0, data: Uint8Array): void;
  (handle: H, op: 1, out: Uint8Array): void;
  (handle: H, op: 2): H;
  (handle: H, op: 3, out: Uint8Array): void;
}

/** `hmacKeyOp`: op 0 mac(out, ...parts), op 1 create(). */
interface HmacKeyOp {
  (handle: HmacKeyHandle, op: 0, out: Uint8Array, ...parts: Uint8Array[]): void;
  (handle: HmacKeyHandle, op: 1): HmacHandle;
}

/** `hashes.<name>` of the binding. */
interface HashBinding {
  readonly outputLength: number;
  readonly blockLength: number;
  create(): HashHandle;
  /** Writes the digest of the concatenated parts into `out` (outputLength bytes). */
  digest(out: Uint8Array, ...parts: Uint8Array[]): void;
}

interface HmacBinding {
  key(key: Uint8Array): HmacKeyHandle;
  /** One-shot: writes the MAC of the concatenated parts under `key` into `out`. */
  mac(out: Uint8Array, key: Uint8Array, ...parts: Uint8Array[]): void;
}

interface AeadBinding {
  key(key: Uint8Array): AeadHandle;
}

/** Writes ciphertext || tag into `out` (which may alias `plaintext`). */
type AeadSeal = (key: AeadHandle, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array) => void;
/** Writes the plaintext into `out` and returns true, or zeroes `out` and returns false. */
type AeadOpen = (key: AeadHandle, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out: Uint8Array) => boolean;

/** Writes the transformed `data` into `out` (same length, may alias). */
type CipherUpdate = (state: CipherHandle, data: Uint8Array, out: Uint8Array) => void;

interface BlockCipherBinding {
  encryptor(key: Uint8Array, iv: Uint8Array): CipherHandle;
  decryptor(key: Uint8Array, iv: Uint8Array): CipherHandle;
}

interface StreamCipherBinding {
  key(key: Uint8Array): CipherHandle;
}

/** What native/hash.cc, cipher.cc and random.cc export; a string in place of an algorithm says why it is absent. */
interface SymmetricBinding {
  readonly hashes?: Readonly<Record<string, HashBinding | string>>;
  readonly hmacs?: Readonly<Record<string, HmacBinding | string>>;
  readonly hashOp?: DigestOp<HashHandle>;
  readonly hmacOp?: DigestOp<HmacHandle>;
  readonly hmacKeyOp?: HmacKeyOp;
  readonly aeads?: Readonly<Record<string, AeadBinding | string>>;
  readonly aeadSeal?: AeadSeal;
  readonly aeadOpen?: AeadOpen;
  readonly blockCiphers?: Readonly<Record<string, BlockCipherBinding | string>>;
  readonly streamCiphers?: Readonly<Record<string, StreamCipherBinding | string>>;
  readonly cipherUpdate?: CipherUpdate;
  readonly randomFill?: (out: Uint8Array) => void;
}

// ---------------------------------------------------------------- argument checks

// The fast path tests inline and calls checkBytes only to build the error:
// checkBytes' rest parameter would cost an array per call on the record path.

function checkLength(value: unknown, name: string, length: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) checkBytes(value, name, length);
}

function checkAny(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) checkBytes(value, name);
}

/**
 * `length` bytes of Node's Buffer pool as a plain Uint8Array (a Buffer's
 * `slice` would share memory where Uint8Array's copies; callers expect
 * the latter).
 */
function pooled(length: number): Uint8Array {
  const b = Buffer.allocUnsafe(length);
  return new Uint8Array(b.buffer, b.byteOffset, length);
}

/** The caller's `out`, checked, or a new buffer. */
function output(out: Uint8Array | undefined, length: number): Uint8Array {
  if (out === undefined) return new Uint8Array(length);
  if (!(out instanceof Uint8Array) || out.length !== length) return outputBuffer(out, length);
  return out;
}

// ---------------------------------------------------------------- small buffers

/**
 * V8 keeps a typed array of at most 64 bytes inside the JavaScript heap,
 * and must move it out (a fresh allocation) the first time native code
 * asks for its memory: about 1 µs, more than a whole 256-byte AES-GCM seal.
 * Nonces, AADs, record headers, digests and MACs are that small and
 * usually fresh, so such arguments are copied into (and small results
 * taken out of) fixed off-heap scratch areas, whose memory native code
 * reads directly. The JavaScript side is single-threaded and every call
 * into the addon is synchronous, so one set of areas per module suffices.
 */
const ON_HEAP_MAX = 64;

class Scratch {
  readonly #buffer = new ArrayBuffer(ON_HEAP_MAX);
  readonly #views: Uint8Array[] = [];

  /** A view of this area's first `length` (at most ON_HEAP_MAX) bytes. */
  view(length: number): Uint8Array {
    return (this.#views[length] ??= new Uint8Array(this.#buffer, 0, length));
  }

  /** `data` itself when it is large, else a copy of it in this area. */
  stage(data: Uint8Array): Uint8Array {
    if (data.length > ON_HEAP_MAX) return data;
    const view = this.view(data.length);
    view.set(data);
    return view;
  }
}

const NONCE = new Scratch();
const AAD = new Scratch();
const INPUT = new Scratch();
const OUTPUT = new Scratch();
/** One area per part of a multi-part digest or MAC (created as needed). */
const PARTS: Scratch[] = [INPUT];

function partScratch(i: number): Scratch {
  return (PARTS[i] ??= new Scratch());
}

/**
 * Hands a small result out of the OUTPUT area: into the caller's `out`,
 * or as a new array; then wipes the area (results may be secret: MACs
 * are key material in the PRF and HKDF).
 */
function release(result: Uint8Array, out: Uint8Array | undefined): Uint8Array {
  const value = out ?? result.slice();
  if (out !== undefined) out.set(result);
  result.fill(0);
  return value;
}

/** Wipes a staged copy of possibly secret input (no-op when it was not staged). */
function wipe(staged: Uint8Array, original: Uint8Array): void {
  if (staged !== original) staged.fill(0);
}

// ---------------------------------------------------------------- hashes and HMAC

/** A hash or HMAC computation in a native context (`op` is the binding's hashOp or hmacOp). */
class NativeDigest<H> implements Hash, Hmac {
  readonly #op: DigestOp<H>;
  readonly #handle: H;
  readonly #size: number;

  constructor(op: DigestOp<H>, handle: H, size: number) {
    this.#op = op;
    this.#handle = handle;
    this.#size = size;
  }

  update(data: Uint8Array): this {
    checkAny(data, 'data');
    const staged = INPUT.stage(data);
    this.#op(this.#handle, 0, staged);
    wipe(staged, data);
    return this;
  }

  digest(): Uint8Array {
    const result = OUTPUT.view(this.#size);
    this.#op(this.#handle, 1, result);
    return release(result, undefined);
  }

  copy(): NativeDigest<H> {
    // EVP_MD_CTX_copy_ex / EVP_MAC_CTX_dup: an independent context.
    return new NativeDigest(this.#op, this.#op(this.#handle, 2), this.#size);
  }

  snapshot(): Uint8Array {
    // Finished in a scratch copy inside the addon: no new context object.
    const result = OUTPUT.view(this.#size);
    this.#op(this.#handle, 3, result);
    return release(result, undefined);
  }
}

/** Checks the parts of a one-shot digest or MAC; returns them staged (see Scratch). */
function stageParts(parts: Uint8Array[]): Uint8Array[] {
  const staged = new Array<Uint8Array>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    checkAny(part, `parts[${i}]`);
    staged[i] = part.length > ON_HEAP_MAX ? part : partScratch(i).stage(part);
  }
  return staged;
}

function wipeParts(staged: Uint8Array[], parts: Uint8Array[]): void {
  for (let i = 0; i < parts.length; i++) wipe(staged[i]!, parts[i]!);
}

function nativeHash(name: HashName, b: HashBinding, op: DigestOp<HashHandle>): HashAlgorithm {
  const size = b.outputLength;
  return Object.freeze({
    name,
    implementation: 'native' as const,
    outputLength: size,
    blockLength: b.blockLength,
    create(): Hash {
      return new NativeDigest(op, b.create(), size);
    },
    digest(...parts: Uint8Array[]): Uint8Array {
      const staged = stageParts(parts);
      const result = OUTPUT.view(size);
      b.digest(result, ...staged);
      wipeParts(staged, parts);
      return release(result, undefined);
    },
  });
}

/** An HMAC key bound once in a native keyed context (the key is hashed once, not per MAC). */
class NativeHmacKey implements HmacKey {
  readonly #ops: HmacOps;
  readonly #handle: HmacKeyHandle;
  readonly #size: number;

  constructor(ops: HmacOps, handle: HmacKeyHandle, size: number) {
    this.#ops = ops;
    this.#handle = handle;
    this.#size = size;
  }

  mac(...parts: Uint8Array[]): Uint8Array {
    const staged = stageParts(parts);
    const result = OUTPUT.view(this.#size);
    this.#ops.hmacKeyOp(this.#handle, 0, result, ...staged);
    wipeParts(staged, parts);
    return release(result, undefined);
  }

  create(): Hmac {
    return new NativeDigest(this.#ops.hmacOp, this.#ops.hmacKeyOp(this.#handle, 1), this.#size);
  }
}

/** The binding's functions over HMAC keys and computations. */
interface HmacOps {
  readonly hmacKeyOp: HmacKeyOp;
  readonly hmacOp: DigestOp<HmacHandle>;
}

function nativeHmac(name: HashName, b: HmacBinding, hash: HashBinding, ops: HmacOps): HmacAlgorithm {
  const size = hash.outputLength;
  return Object.freeze({
    name,
    implementation: 'native' as const,
    outputLength: size,
    blockLength: hash.blockLength,
    key(key: Uint8Array): HmacKey {
      checkAny(key, 'key');
      return new NativeHmacKey(ops, b.key(key), size);
    },
    mac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
      checkAny(key, 'key');
      const staged = stageParts(parts);
      const result = OUTPUT.view(size);
      b.mac(result, key, ...staged);
      wipeParts(staged, parts);
      return release(result, undefined);
    },
  });
}

// ---------------------------------------------------------------- AEAD

/** Every AEAD here takes a 12-byte nonce: the record layer builds it (RFC 5288 3, RFC 7905 2, RFC 8446 5.3). */
const NONCE_LENGTH = 12;

/** With a 12-byte nonce CCM's length field is 3 bytes (L = 15 - 12, RFC 3610 2): messages below 2^24 bytes. */
const CCM_MAX_MESSAGE = 2 ** 24 - 1;

interface AeadSpec {
  readonly keyLength: number;
  readonly tagLength: number;
  readonly maxMessage: number;
}

const AEAD_SPECS: { readonly [K in AeadName]: AeadSpec } = {
  aes128gcm: { keyLength: 16, tagLength: 16, maxMessage: Infinity },
  aes256gcm: { keyLength: 32, tagLength: 16, maxMessage: Infinity },
  'chacha20-poly1305': { keyLength: 32, tagLength: 16, maxMessage: Infinity },
  // draft-ietf-tls-chacha20-poly1305-00 suites: the same AEAD primitive;
  // only the record layer's nonce construction differs.
  'chacha20-poly1305_draft00': { keyLength: 32, tagLength: 16, maxMessage: Infinity },
  aes128ccm: { keyLength: 16, tagLength: 16, maxMessage: CCM_MAX_MESSAGE },
  aes256ccm: { keyLength: 32, tagLength: 16, maxMessage: CCM_MAX_MESSAGE },
  aes128ccm_8: { keyLength: 16, tagLength: 8, maxMessage: CCM_MAX_MESSAGE },
  aes256ccm_8: { keyLength: 32, tagLength: 8, maxMessage: CCM_MAX_MESSAGE },
};

/** An AEAD key: one OpenSSL context per direction, keyed once; a seal or open sets only the nonce. */
class NativeAead implements Aead {
  readonly #ops: AeadOps;
  readonly #key: AeadHandle;
  readonly #tagLength: number;
  readonly #maxMessage: number;

  constructor(ops: AeadOps, key: AeadHandle, spec: AeadSpec) {
    this.#ops = ops;
    this.#key = key;
    this.#tagLength = spec.tagLength;
    this.#maxMessage = spec.maxMessage;
  }

  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array {
    checkLength(nonce, 'nonce', NONCE_LENGTH);
    checkAny(aad, 'aad');
    checkAny(plaintext, 'plaintext');
    if (plaintext.length > this.#maxMessage) {
      throw new RangeError(`plaintext must be at most ${this.#maxMessage} bytes long, got ${plaintext.length}`);
    }
    const length = plaintext.length + this.#tagLength;
    const n = NONCE.stage(nonce);
    const a = AAD.stage(aad);
    const p = INPUT.stage(plaintext);
    if (length > ON_HEAP_MAX) {
      // A sealed record is public, so a fresh result may come from Node's
      // Buffer pool (no zeroing, no new ArrayBuffer for records under 4 KiB:
      // about 20 times cheaper than new Uint8Array at 256 bytes). Plaintext
      // results (open) are never pooled.
      const dst = out === undefined ? pooled(length) : output(out, length);
      this.#ops.aeadSeal(this.#key, n, a, p, dst);
      wipe(p, plaintext);
      return dst;
    }
    if (out !== undefined) output(out, length); // check it before anything is written
    const result = OUTPUT.view(length);
    this.#ops.aeadSeal(this.#key, n, a, p, result);
    wipe(p, plaintext);
    return release(result, out);
  }

  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out?: Uint8Array): Uint8Array | null {
    checkLength(nonce, 'nonce', NONCE_LENGTH);
    checkAny(aad, 'aad');
    checkAny(sealed, 'sealed');
    // Too short to hold a tag, or too long for CCM's length field: the
    // peer's record cannot authenticate (not API misuse).
    const length = sealed.length - this.#tagLength;
    if (length < 0 || length > this.#maxMessage) return null;
    if (out !== undefined) output(out, length); // check it before anything is written
    const n = NONCE.stage(nonce);
    const a = AAD.stage(aad);
    const c = INPUT.stage(sealed);
    const dst = length > ON_HEAP_MAX ? output(out, length) : OUTPUT.view(length);
    // On failure the addon has zeroed dst: nothing unauthenticated is released.
    const ok = this.#ops.aeadOpen(this.#key, n, a, c, dst);
    wipe(c, sealed);
    if (length > ON_HEAP_MAX) return ok ? dst : null;
    if (ok) return release(dst, out);
    out?.fill(0);
    return null;
  }
}

/** The binding's functions over AEAD keys. */
interface AeadOps {
  readonly aeadSeal: AeadSeal;
  readonly aeadOpen: AeadOpen;
}

function nativeAead(name: AeadName, b: AeadBinding, ops: AeadOps): AeadAlgorithm {
  const spec = AEAD_SPECS[name];
  return Object.freeze({
    name,
    implementation: 'native' as const,
    keyLength: spec.keyLength,
    nonceLength: NONCE_LENGTH,
    tagLength: spec.tagLength,
    key(key: Uint8Array): Aead {
      checkLength(key, 'key', spec.keyLength);
      return new NativeAead(ops, b.key(key), spec);
    },
  });
}

// ---------------------------------------------------------------- CBC and stream ciphers

const BLOCK_SPECS: { readonly [K in BlockCipherName]: { keyLength: number; blockLength: number } } = {
  aes128: { keyLength: 16, blockLength: 16 },
  aes256: { keyLength: 32, blockLength: 16 },
  '3des': { keyLength: 24, blockLength: 8 },
};

/** A CBC encryptor or decryptor, or an RC4 state: one OpenSSL context whose chaining value (or keystream position) carries across calls. */
class NativeUpdater implements BlockCipher, StreamCipher {
  readonly #update: CipherUpdate;
  readonly #handle: CipherHandle;
  readonly #blockLength: number;

  constructor(update: CipherUpdate, handle: CipherHandle, blockLength: number) {
    this.#update = update;
    this.#handle = handle;
    this.#blockLength = blockLength;
  }

  update(data: Uint8Array, out?: Uint8Array): Uint8Array {
    checkAny(data, 'data');
    if (data.length % this.#blockLength !== 0) {
      throw new RangeError(`data must be a whole number of ${this.#blockLength}-byte blocks, got ${data.length} bytes`);
    }
    const length = data.length;
    const staged = INPUT.stage(data);
    if (length > ON_HEAP_MAX) {
      const dst = output(out, length);
      this.#update(this.#handle, staged, dst);
      return dst;
    }
    if (out !== undefined) output(out, length);
    const result = OUTPUT.view(length);
    this.#update(this.#handle, staged, result);
    wipe(staged, data);
    return release(result, out);
  }
}

function nativeBlockCipher(name: BlockCipherName, b: BlockCipherBinding, update: CipherUpdate): BlockCipherAlgorithm {
  const { keyLength, blockLength } = BLOCK_SPECS[name];
  const make = (factory: BlockCipherBinding['encryptor'], key: Uint8Array, iv: Uint8Array): BlockCipher => {
    checkLength(key, 'key', keyLength);
    checkLength(iv, 'iv', blockLength);
    return new NativeUpdater(update, factory(key, iv), blockLength);
  };
  return Object.freeze({
    name,
    implementation: 'native' as const,
    keyLength,
    blockLength,
    ivLength: blockLength,
    encryptor: (key: Uint8Array, iv: Uint8Array) => make(b.encryptor, key, iv),
    decryptor: (key: Uint8Array, iv: Uint8Array) => make(b.decryptor, key, iv),
  });
}

function nativeRc4(b: StreamCipherBinding, update: CipherUpdate): StreamCipherAlgorithm {
  return Object.freeze({
    name: 'rc4' as const,
    implementation: 'native' as const,
    keyLength: 16,
    key(key: Uint8Array): StreamCipher {
      checkAny(key, 'key');
      if (key.length < 1 || key.length > 256) throw new RangeError(`key must be 1 to 256 bytes long, got ${key.length}`);
      return new NativeUpdater(update, b.key(key), 1);
    },
  });
}

/**
 * The null cipher of the TLS_*_WITH_NULL_* suites (RFC 5246 6.2.3.1).
 * The identity needs no OpenSSL, but the native provider lists it so that
 * it is complete for every stream suite; it behaves exactly as the pure
 * one: without `out` it returns a copy, never its input.
 */
const nullCipher: StreamCipherAlgorithm = Object.freeze({
  name: 'null' as const,
  implementation: 'native' as const,
  keyLength: 0,
  key(key: Uint8Array): StreamCipher {
    checkAny(key, 'key');
    return Object.freeze({
      update(data: Uint8Array, out?: Uint8Array): Uint8Array {
        checkAny(data, 'data');
        if (out === undefined) return data.slice();
        const dst = output(out, data.length);
        if (dst !== data) dst.set(data);
        return dst;
      },
    });
  },
});

// ---------------------------------------------------------------- randomness

function nativeRandom(fill: (out: Uint8Array) => void): RandomSource {
  return Object.freeze({
    name: 'random' as const,
    implementation: 'native' as const,
    bytes(length: number): Uint8Array {
      checkCount(length, 'length');
      const out = new Uint8Array(length);
      fill(out); // RAND_bytes, Node's OpenSSL DRBG
      return out;
    },
  });
}

// ---------------------------------------------------------------- assembling the provider

/** The symmetric algorithms of the native provider, and why any are absent. */
export type NativeSymmetric = Pick<PartialCryptoProvider, 'hashes' | 'hmacs' | 'aeads' | 'blockCiphers' | 'streamCiphers' | 'random'> & {
  missing: Record<string, string>;
};

const HASHES: readonly HashName[] = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
const AEADS = Object.keys(AEAD_SPECS) as AeadName[];
const BLOCK_CIPHERS = Object.keys(BLOCK_SPECS) as BlockCipherName[];

/**
 * Collects `group.name` for each name from the binding's table: an object
 * becomes an algorithm, a string (or nothing) a reason in `missing`.
 */
/** Why an algorithm is absent when the addon lacks an export it needs. */
function olderAddon(what: string): string {
  return `the addon does not export ${what} (built from older sources?)`;
}

function collect<N extends string, B, A>(
  group: string,
  table: Readonly<Record<string, B | string>> | undefined,
  names: readonly N[],
  missing: Record<string, string>,
  make: (name: N, entry: B) => A | string,
): Partial<Record<N, A>> {
  const result: Partial<Record<N, A>> = {};
  for (const name of names) {
    const entry = table?.[name];
    const made =
      entry === undefined
        ? olderAddon(`${group}.${name}`)
        : typeof entry === 'string'
          ? `OpenSSL ${entry}`
          : make(name, entry);
    if (typeof made === 'string') missing[`${group}.${name}`] = made;
    else result[name] = made;
  }
  return Object.freeze(result);
}

/** Wraps the addon's symmetric exports in the provider interface (`implementation: 'native'`). */
export function nativeSymmetric(binding: NativeBinding): NativeSymmetric {
  const b = binding as unknown as SymmetricBinding;
  const missing: Record<string, string> = {};

  // The functions over handles. An addon built from older sources lacks
  // them (its handles were functions of their own); then the algorithms
  // that need them are absent.
  const { hashOp, hmacOp, hmacKeyOp, aeadSeal, aeadOpen, cipherUpdate } = b;
  const hmacOps = typeof hmacOp === 'function' && typeof hmacKeyOp === 'function' ? { hmacOp, hmacKeyOp } : null;
  const aeadOps = typeof aeadSeal === 'function' && typeof aeadOpen === 'function' ? { aeadSeal, aeadOpen } : null;

  const hashes = collect('hashes', b.hashes, HASHES, missing, (name, entry: HashBinding) =>
    typeof hashOp === 'function' ? nativeHash(name, entry, hashOp) : olderAddon('hashOp'),
  );
  const hmacs = collect('hmacs', b.hmacs, HASHES, missing, (name, entry: HmacBinding) => {
    const hash = b.hashes?.[name];
    if (typeof hash !== 'object') return `HMAC needs the ${name} hash, which is absent`;
    return hmacOps ? nativeHmac(name, entry, hash, hmacOps) : olderAddon('hmacOp and hmacKeyOp');
  });
  const aeads = collect('aeads', b.aeads, AEADS, missing, (name, entry: AeadBinding) =>
    aeadOps ? nativeAead(name, entry, aeadOps) : olderAddon('aeadSeal and aeadOpen'),
  );
  const blockCiphers = collect('blockCiphers', b.blockCiphers, BLOCK_CIPHERS, missing, (name, entry: BlockCipherBinding) =>
    typeof cipherUpdate === 'function' ? nativeBlockCipher(name, entry, cipherUpdate) : olderAddon('cipherUpdate'),
  );
  const rc4 = collect('streamCiphers', b.streamCiphers, ['rc4'] as StreamCipherName[], missing, (_name, entry: StreamCipherBinding) =>
    typeof cipherUpdate === 'function' ? nativeRc4(entry, cipherUpdate) : olderAddon('cipherUpdate'),
  );
  const streamCiphers = Object.freeze({ ...rc4, null: nullCipher });

  let random: RandomSource | undefined;
  if (typeof b.randomFill === 'function') random = nativeRandom(b.randomFill);
  else missing['random'] = olderAddon('randomFill');

  return { hashes, hmacs, aeads, blockCiphers, streamCiphers, ...(random ? { random } : {}), missing };
}
