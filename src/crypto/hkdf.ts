/**
 * HKDF (RFC 5869) and the TLS 1.3 labelled forms (RFC 8446 7.1), built
 * once on top of a provider's HMAC.
 *
 * @module
 */
import type { CryptoProvider, HashName } from './provider.js';
import { checkBytes } from './bytes.js';

const encoder = new TextEncoder();
const ONE = Uint8Array.of(1);
const TLS13_PREFIX = encoder.encode('tls13 ');

/**
 * HkdfLabel is built in one reused area (at most 4 + 255 + 255 bytes):
 * it is public (a label and a transcript hash) and consumed by the MAC at
 * once, and a fresh array for it was among a handshake's largest
 * allocations. Views are kept per length.
 */
const LABEL_AREA = new ArrayBuffer(4 + 255 + 255);
const labelViews: Uint8Array[] = [];
function labelScratch(length: number): Uint8Array {
  return (labelViews[length] ??= new Uint8Array(LABEL_AREA, 0, length));
}

/** Encoded labels; the protocol's few are all that is kept (exporter labels can be anything). */
const labels = new Map<string, Uint8Array>();
function labelOf(label: string): Uint8Array {
  let bytes = labels.get(label);
  if (bytes === undefined) {
    bytes = encoder.encode(label);
    if (labels.size < 64) labels.set(label, bytes);
  }
  return bytes;
}

/** HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM); an empty salt means HashLen zeros (RFC 5869 2.2). */
export function hkdfExtract(provider: CryptoProvider, hash: HashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  checkBytes(salt, 'salt');
  checkBytes(ikm, 'ikm');
  const algorithm = provider.hmacs[hash];
  const key = salt.length === 0 ? new Uint8Array(algorithm.outputLength) : salt;
  return algorithm.mac(key, ikm);
}

/** HKDF-Expand(PRK, info, L) (RFC 5869 2.3); L is at most 255 * HashLen. */
export function hkdfExpand(provider: CryptoProvider, hash: HashName, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  checkBytes(prk, 'prk');
  checkBytes(info, 'info');
  const algorithm = provider.hmacs[hash];
  if (!Number.isInteger(length) || length < 0 || length > 255 * algorithm.outputLength) {
    throw new RangeError(`length must be an integer in 0..${255 * algorithm.outputLength}, got ${length}`);
  }
  // TLS 1.3 almost always wants one block (a secret, key or IV): a
  // one-shot MAC then, without binding the key.
  if (length <= algorithm.outputLength) {
    const block = algorithm.mac(prk, info, ONE);
    if (length === block.length) return block;
    // A copy, not a subarray: a view of a small array makes V8 move it
    // out of the JavaScript heap (an allocation), and the rest of the
    // block (key material) is wiped rather than left behind.
    const out = block.slice(0, length);
    block.fill(0);
    return out;
  }
  const key = algorithm.key(prk);
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, offset = 0; offset < length; i++) {
    t = key.mac(t, info, Uint8Array.of(i));
    out.set(t.subarray(0, Math.min(t.length, length - offset)), offset);
    offset += t.length;
  }
  return out;
}

/**
 * HKDF-Expand-Label(Secret, Label, Context, Length) (RFC 8446 7.1): the
 * label is prefixed with "tls13 " and encoded with the context in an
 * HkdfLabel structure.
 */
export function hkdfExpandLabel(
  provider: CryptoProvider,
  hash: HashName,
  secret: Uint8Array,
  label: string | Uint8Array,
  context: Uint8Array,
  length: number,
): Uint8Array {
  const labelBytes = typeof label === 'string' ? labelOf(label) : label;
  checkBytes(labelBytes, 'label');
  checkBytes(context, 'context');
  if (6 + labelBytes.length > 255) throw new RangeError('label must be at most 249 bytes');
  if (context.length > 255) throw new RangeError('context must be at most 255 bytes');
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) throw new RangeError(`length must be in 0..65535, got ${length}`);
  // struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; } HkdfLabel;
  // written in place: this runs a dozen times per handshake.
  const hkdfLabel = labelScratch(4 + 6 + labelBytes.length + context.length);
  hkdfLabel[0] = length >> 8;
  hkdfLabel[1] = length & 0xff;
  hkdfLabel[2] = 6 + labelBytes.length;
  hkdfLabel.set(TLS13_PREFIX, 3);
  hkdfLabel.set(labelBytes, 9);
  hkdfLabel[9 + labelBytes.length] = context.length;
  hkdfLabel.set(context, 10 + labelBytes.length);
  return hkdfExpand(provider, hash, secret, hkdfLabel, length);
}

/** Derive-Secret(Secret, Label, Messages) (RFC 8446 7.1), given the transcript hash of Messages. */
export function deriveSecret(
  provider: CryptoProvider,
  hash: HashName,
  secret: Uint8Array,
  label: string,
  transcriptHash: Uint8Array,
): Uint8Array {
  return hkdfExpandLabel(provider, hash, secret, label, transcriptHash, provider.hashes[hash].outputLength);
}
