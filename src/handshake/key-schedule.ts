/**
 * The key schedule of SSLv3 to TLS 1.2: premaster secret to master
 * secret (RFC 5246 8.1, RFC 6101 6.1), the extended master secret
 * (RFC 7627 4), the key block (RFC 5246 6.3, RFC 6101 6.2.2), Finished
 * verify_data (RFC 5246 7.4.9, RFC 6101 5.6.9), SSLv3's CertificateVerify
 * hashes (RFC 6101 5.6.8) and the keying material exporter (RFC 5705 4).
 *
 * Pure functions over a provider; the PRF itself is `crypto/prf.ts`.
 * The order a handshake calls them in:
 *
 *     const prf = prfAlgorithm(version, suite);
 *     const ms = useEms ? extendedMasterSecret(provider, prf, premaster, transcript.handshakeHash())
 *                       : masterSecret(provider, prf, premaster, clientRandom, serverRandom);
 *     record.installKeyBlock({ version, isClient, ...deriveKeyBlock(provider, version, suite, ms, clientRandom, serverRandom, etm) });
 *     finishedVerifyData(provider, prf, ms, transcript, 'client');   // then 'server'
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { checkBytes, concatBytes, constantTimeEqual } from '../crypto/bytes.js';
import { prf as tlsPrf, type PrfAlgorithm } from '../crypto/prf.js';
import { ProtocolVersion } from '../constants.js';
import { TLSDecryptError } from '../errors.js';
import type { CipherSuiteInfo } from '../suites.js';
import { keyBlockLength, keySizes } from '../record/key-block.js';
import type { CipherSpec } from '../record/protection/index.js';
import type { HandshakeTranscript } from './transcript.js';

export type { PrfAlgorithm } from '../crypto/prf.js';

/** Length of the master secret (RFC 5246 8.1). */
export const MASTER_SECRET_LENGTH = 48;

/** Which side sends a Finished. */
export type Sender = 'client' | 'server';

/**
 * The PRF of a connection: SSLv3's own derivation, MD5/SHA-1 for TLS
 * 1.0/1.1 (RFC 2246 5), the suite's hash for TLS 1.2 (RFC 5246 5; SHA-384
 * for the _SHA384 suites, RFC 5288 3, RFC 5289 3.2).
 * @throws RangeError for a version outside SSLv3..TLS 1.2.
 */
export function prfAlgorithm(version: number, suite: Pick<CipherSuiteInfo, 'prfHash'>): PrfAlgorithm {
  checkVersion(version);
  if (version === ProtocolVersion.SSL3) return 'ssl3';
  if (version < ProtocolVersion.TLS1_2) return 'md5sha1';
  return suite.prfHash;
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < ProtocolVersion.SSL3 || version > ProtocolVersion.TLS1_2) {
    throw new RangeError(`version must be SSLv3 to TLS 1.2, got 0x${Number(version).toString(16)}`);
  }
}

function checkRandoms(clientRandom: Uint8Array, serverRandom: Uint8Array): void {
  checkBytes(clientRandom, 'clientRandom', 32);
  checkBytes(serverRandom, 'serverRandom', 32);
}

/**
 * master_secret = PRF(pre_master_secret, "master secret", ClientHello.random
 * + ServerHello.random)[0..47] (RFC 5246 8.1); SSLv3 has no label but the
 * same seed (RFC 6101 6.1).
 */
export function masterSecret(
  provider: CryptoProvider,
  prf: PrfAlgorithm,
  premaster: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
): Uint8Array {
  checkBytes(premaster, 'premaster');
  checkRandoms(clientRandom, serverRandom);
  return tlsPrf(provider, prf, premaster, 'master secret', concatBytes(clientRandom, serverRandom), MASTER_SECRET_LENGTH);
}

/**
 * master_secret = PRF(pre_master_secret, "extended master secret",
 * session_hash)[0..47] (RFC 7627 4), where session_hash is
 * `transcript.handshakeHash()` taken right after the ClientKeyExchange
 * (RFC 7627 3: up to and including it). Not defined for SSLv3.
 * @throws RangeError for `prf` `"ssl3"`.
 */
export function extendedMasterSecret(
  provider: CryptoProvider,
  prf: PrfAlgorithm,
  premaster: Uint8Array,
  sessionHash: Uint8Array,
): Uint8Array {
  if (prf === 'ssl3') throw new RangeError('the extended master secret is not defined for SSLv3 (RFC 7627 5.1)');
  checkBytes(premaster, 'premaster');
  checkBytes(sessionHash, 'sessionHash');
  return tlsPrf(provider, prf, premaster, 'extended master secret', sessionHash, MASTER_SECRET_LENGTH);
}

/**
 * key_block = PRF(master_secret, "key expansion", server_random +
 * client_random), `length` bytes (RFC 5246 6.3; SSLv3: RFC 6101 6.2.2,
 * the same seed order).
 */
export function keyBlock(
  provider: CryptoProvider,
  prf: PrfAlgorithm,
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  length: number,
): Uint8Array {
  checkBytes(master, 'masterSecret', MASTER_SECRET_LENGTH);
  checkRandoms(clientRandom, serverRandom);
  return tlsPrf(provider, prf, master, 'key expansion', concatBytes(serverRandom, clientRandom), length);
}

const MAC_HASH = { md5: 'md5', sha: 'sha1', sha256: 'sha256', sha384: 'sha384' } as const;

/**
 * The record layer's description of a suite's algorithms. `encryptThenMac`
 * (RFC 7366) applies to CBC suites only: RFC 7366 3 says it is not used
 * with stream or AEAD ciphers even when negotiated.
 */
export function cipherSpecFor(suite: CipherSuiteInfo, encryptThenMac = false): CipherSpec {
  if (suite.cipherType === 'aead') {
    return { type: 'aead', cipher: suite.cipher as Extract<CipherSpec, { type: 'aead' }>['cipher'] };
  }
  if (suite.mac === 'aead') throw new RangeError(`suite ${suite.name} has no MAC`);
  const mac = MAC_HASH[suite.mac];
  if (suite.cipherType === 'stream') {
    return { type: 'stream', cipher: suite.cipher as 'rc4' | 'null', mac };
  }
  return { type: 'cbc', cipher: suite.cipher as 'aes128' | 'aes256' | '3des', mac, encryptThenMac };
}

/**
 * The key block for `suite` under `version`, and the cipher spec to
 * install it with: pass both to `RecordLayer.installKeyBlock({ version,
 * spec, keyBlock, isClient })`.
 */
export function deriveKeyBlock(
  provider: CryptoProvider,
  version: number,
  suite: CipherSuiteInfo,
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  encryptThenMac = false,
): { spec: CipherSpec; keyBlock: Uint8Array } {
  const spec = cipherSpecFor(suite, encryptThenMac);
  const length = keyBlockLength(keySizes(provider, version, spec));
  return { spec, keyBlock: keyBlock(provider, prfAlgorithm(version, suite), master, clientRandom, serverRandom, length) };
}

// SSLv3 (RFC 6101 5.6.9): Sender constants and the pads of its MAC construction.
const SSL3_SENDER: Record<Sender, Uint8Array> = {
  client: Uint8Array.of(0x43, 0x4c, 0x4e, 0x54), // "CLNT"
  server: Uint8Array.of(0x53, 0x52, 0x56, 0x52), // "SRVR"
};
const PAD1_MD5 = new Uint8Array(48).fill(0x36);
const PAD2_MD5 = new Uint8Array(48).fill(0x5c);
const PAD1_SHA = new Uint8Array(40).fill(0x36);
const PAD2_SHA = new Uint8Array(40).fill(0x5c);

/**
 * SSLv3's handshake hashes (RFC 6101 5.6.8, 5.6.9), MD5 then SHA-1:
 *
 *     md5_hash = MD5(master_secret + pad2 + MD5(handshake_messages + Sender + master_secret + pad1))
 *     sha_hash = SHA(master_secret + pad2 + SHA(handshake_messages + Sender + master_secret + pad1))
 *
 * `sender` is "CLNT"/"SRVR" for Finished, empty for CertificateVerify.
 */
export function ssl3HandshakeHashes(
  provider: CryptoProvider,
  transcript: HandshakeTranscript,
  master: Uint8Array,
  sender: Uint8Array,
): Uint8Array {
  checkBytes(master, 'masterSecret', MASTER_SECRET_LENGTH);
  checkBytes(sender, 'sender');
  const inner = (name: 'md5' | 'sha1', pad1: Uint8Array) =>
    transcript.hashState(name).update(sender).update(master).update(pad1).digest();
  const md5 = provider.hashes.md5.digest(master, PAD2_MD5, inner('md5', PAD1_MD5));
  const sha = provider.hashes.sha1.digest(master, PAD2_SHA, inner('sha1', PAD1_SHA));
  return concatBytes(md5, sha);
}

/**
 * What an SSLv3 CertificateVerify signs (RFC 6101 5.6.8): md5_hash ||
 * sha_hash (36 bytes) over the messages so far, without a Sender. An RSA
 * key signs all 36 bytes; a DSA or ECDSA key the SHA-1 part only.
 */
export function ssl3CertificateVerifyHash(
  provider: CryptoProvider,
  transcript: HandshakeTranscript,
  master: Uint8Array,
): Uint8Array {
  return ssl3HandshakeHashes(provider, transcript, master, new Uint8Array(0));
}

/**
 * Finished.verify_data for `sender` over the messages in `transcript`
 * (which must not yet hold the Finished itself):
 * TLS: PRF(master_secret, "client finished" | "server finished",
 * Hash(handshake_messages))[0..11] (RFC 5246 7.4.9; RFC 2246 7.4.9 with
 * MD5 || SHA-1); SSLv3: the 36 bytes of `ssl3HandshakeHashes` with
 * "CLNT" or "SRVR" (RFC 6101 5.6.9).
 */
export function finishedVerifyData(
  provider: CryptoProvider,
  prf: PrfAlgorithm,
  master: Uint8Array,
  transcript: HandshakeTranscript,
  sender: Sender,
): Uint8Array {
  if (sender !== 'client' && sender !== 'server') throw new TypeError('sender must be "client" or "server"');
  if (prf === 'ssl3') return ssl3HandshakeHashes(provider, transcript, master, SSL3_SENDER[sender]);
  checkBytes(master, 'masterSecret', MASTER_SECRET_LENGTH);
  return tlsPrf(provider, prf, master, `${sender} finished`, transcript.handshakeHash(), 12);
}

/**
 * Checks a received Finished in constant time (RFC 5246 7.4.9: the
 * recipient MUST verify it).
 * @throws TLSDecryptError (decrypt_error) when it does not match.
 */
export function checkFinished(expected: Uint8Array, received: Uint8Array): void {
  if (!constantTimeEqual(expected, received)) throw new TLSDecryptError('Finished verify_data does not match');
}

/**
 * Labels RFC 5705 4 forbids for exporters, because the key schedule
 * itself uses them (and RFC 7627 adds one); exporting under them could
 * reveal keys or Finished values.
 */
const RESERVED_EXPORTER_LABELS = new Set([
  'client finished',
  'server finished',
  'master secret',
  'key expansion',
  'extended master secret',
]);

/**
 * The keying material exporter (RFC 5705 4):
 * PRF(master_secret, label, client_random + server_random
 * [+ context_value_length + context_value])[0..length-1].
 * A `context` of `undefined` means "no context", which differs from an
 * empty one (RFC 5705 4). SSLv3 has no exporter.
 * @throws RangeError for SSLv3, a reserved label, a context longer than
 *   65535 bytes, or a bad length.
 */
export function exportKeyingMaterial(
  provider: CryptoProvider,
  prf: PrfAlgorithm,
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  label: string | Uint8Array,
  context: Uint8Array | undefined,
  length: number,
): Uint8Array {
  if (prf === 'ssl3') throw new RangeError('SSLv3 has no keying material exporter (RFC 5705 is for TLS)');
  checkBytes(master, 'masterSecret', MASTER_SECRET_LENGTH);
  checkRandoms(clientRandom, serverRandom);
  const labelBytes = typeof label === 'string' ? new TextEncoder().encode(label) : label;
  checkBytes(labelBytes, 'label');
  if (RESERVED_EXPORTER_LABELS.has(new TextDecoder().decode(labelBytes))) {
    throw new RangeError('label is reserved by the TLS key schedule and may not be used for export (RFC 5705 4)');
  }
  let seed = concatBytes(clientRandom, serverRandom);
  if (context !== undefined) {
    checkBytes(context, 'context');
    if (context.length > 0xffff) throw new RangeError('context must be at most 65535 bytes (RFC 5705 4)');
    seed = concatBytes(seed, Uint8Array.of(context.length >>> 8, context.length & 0xff), context);
  }
  return tlsPrf(provider, prf, master, labelBytes, seed, length);
}
