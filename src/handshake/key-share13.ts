/**
 * TLS 1.3 key shares (RFC 8446 4.2.8): the client's ephemeral share for a
 * group, the server's answer and the shared secret, for
 * - X25519, X448 (RFC 8446 4.2.8.2: the raw u-coordinate, 32/56 bytes);
 * - secp256r1/384r1/521r1 (4.2.8.2: the uncompressed point; the secret
 *   is the x-coordinate);
 * - ffdhe2048..8192 (4.2.8.1: Y left-padded to the size of p; the secret
 *   keeps its leading zeros, 7.4.1);
 * - X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem 3: the client sends the
 *   ML-KEM-768 encapsulation key || its X25519 share, the server the
 *   ML-KEM ciphertext || its X25519 share, and the secret is the ML-KEM
 *   shared secret || the X25519 one).
 * A malformed share from the peer is illegal_parameter.
 *
 * @module
 */
import type { CryptoProvider, EcdhGroupName } from '../crypto/provider.js';
import { ECDH_GROUP_NAMES } from '../crypto/provider.js';
import { concatBytes } from '../crypto/bytes.js';
import { ffdhGroup } from '../crypto/ffdhe.js';
import { GroupName } from '../constants.js';
import { TLSIllegalParameterException } from '../errors.js';

/** Our half of a key exchange the client offered. */
export interface ClientShare13 {
  readonly group: number;
  /** The key_exchange bytes of our KeyShareEntry. */
  readonly keyExchange: Uint8Array;
  /** The shared secret from the server's key_exchange. */
  complete(serverShare: Uint8Array): Uint8Array;
}

const X25519_LENGTH = 32;

function ecdhName(group: number): EcdhGroupName | undefined {
  const name = GroupName.nameOf(group);
  return (ECDH_GROUP_NAMES as readonly string[]).includes(name) ? (name as EcdhGroupName) : undefined;
}

function ffdheOf(group: number) {
  return group >= GroupName.ffdhe2048 && group <= GroupName.ffdhe8192 ? ffdhGroup(GroupName.nameOf(group)) : undefined;
}

/** Whether this module implements `group` for TLS 1.3. */
export function isGroup13(group: number): boolean {
  return ecdhName(group) !== undefined || ffdheOf(group) !== undefined || group === GroupName.x25519mlkem768;
}

function ffdhePublic(length: number, value: Uint8Array): Uint8Array {
  // RFC 8446 4.2.8.1: "the opaque value ... is left-padded with zeros to the size of p".
  if (value.length !== length) throw new TLSIllegalParameterException(`FFDHE share of ${value.length} bytes, the group needs ${length}`);
  return value;
}

/** A fresh client share for `group`. @throws RangeError for a group we do not implement. */
export function clientShare13(provider: CryptoProvider, group: number): ClientShare13 {
  const ecdh = ecdhName(group);
  if (ecdh !== undefined) {
    const pair = provider.ecdh[ecdh].generate();
    return { group, keyExchange: pair.publicKey, complete: (peer) => pair.computeSecret(peer) };
  }
  const ff = ffdheOf(group);
  if (ff !== undefined) {
    const pair = provider.ffdh.generate(ff.p, ff.g);
    const length = pair.publicKey.length;
    return { group, keyExchange: pair.publicKey, complete: (peer) => pair.computeSecret(ffdhePublic(length, peer)) };
  }
  if (group === GroupName.x25519mlkem768) {
    const kem = provider.kems.mlkem768;
    const kemPair = kem.generate();
    const x = provider.ecdh.x25519.generate();
    return {
      group,
      keyExchange: concatBytes(kemPair.publicKey, x.publicKey),
      complete: (peer) => {
        if (peer.length !== kem.ciphertextLength + X25519_LENGTH) {
          throw new TLSIllegalParameterException(`X25519MLKEM768 server share of ${peer.length} bytes`);
        }
        const ss = kemPair.decapsulate(peer.subarray(0, kem.ciphertextLength));
        return concatBytes(ss, x.computeSecret(peer.subarray(kem.ciphertextLength)));
      },
    };
  }
  throw new RangeError(`group ${GroupName.nameOf(group)} is not implemented for TLS 1.3`);
}

/**
 * The server's answer to the client's share for `group`: our key_exchange
 * and the shared secret.
 * @throws TLSIllegalParameterException for a malformed client share.
 */
export function serverShare13(provider: CryptoProvider, group: number, clientShare: Uint8Array): { keyExchange: Uint8Array; shared: Uint8Array } {
  const ecdh = ecdhName(group);
  if (ecdh !== undefined) {
    const pair = provider.ecdh[ecdh].generate();
    return { keyExchange: pair.publicKey, shared: pair.computeSecret(clientShare) };
  }
  const ff = ffdheOf(group);
  if (ff !== undefined) {
    const pair = provider.ffdh.generate(ff.p, ff.g);
    return { keyExchange: pair.publicKey, shared: pair.computeSecret(ffdhePublic(pair.publicKey.length, clientShare)) };
  }
  if (group === GroupName.x25519mlkem768) {
    const kem = provider.kems.mlkem768;
    if (clientShare.length !== kem.publicKeyLength + X25519_LENGTH) {
      throw new TLSIllegalParameterException(`X25519MLKEM768 client share of ${clientShare.length} bytes`);
    }
    const { ciphertext, sharedSecret } = kem.encapsulate(clientShare.subarray(0, kem.publicKeyLength));
    const x = provider.ecdh.x25519.generate();
    const xs = x.computeSecret(clientShare.subarray(kem.publicKeyLength));
    return { keyExchange: concatBytes(ciphertext, x.publicKey), shared: concatBytes(sharedSecret, xs) };
  }
  throw new RangeError(`group ${GroupName.nameOf(group)} is not implemented for TLS 1.3`);
}
