/**
 * RSA key exchange (RFC 5246 7.4.7.1, RFC 6101 5.6.7): the client
 * encrypts a 48-byte premaster secret, beginning with the version it
 * offered in ClientHello, to the server certificate's RSA key; the
 * server decrypts it without revealing, by error or timing, whether the
 * ciphertext was well formed (`RSAKey.decryptPremaster`, see
 * crypto/rsa/premaster.ts).
 *
 * @module
 */
import type { CryptoProvider } from '../../crypto/provider.js';
import { concatBytes } from '../../crypto/bytes.js';
import { RSAKey } from '../../crypto/rsa/key.js';
import { PREMASTER_LENGTH } from '../../crypto/rsa/premaster.js';
import { TLSIllegalParameterException } from '../../errors.js';
import { keyType, type Key } from '../../x509/keys.js';
import type { ClientKeyShare } from './types.js';

function versionBytes(version: number): Uint8Array {
  if (!Number.isInteger(version) || version < 0 || version > 0xffff) throw new RangeError('clientVersion must be a 16-bit version');
  return Uint8Array.of(version >>> 8, version & 0xff);
}

/**
 * The client's half: PreMasterSecret = client_version (the version
 * offered in ClientHello, RFC 5246 7.4.7.1, not the negotiated one, so
 * that a rollback shows) || 46 random bytes, PKCS#1 v1.5-encrypted to
 * `serverKey`.
 * @throws TLSIllegalParameterException when the certificate key is not an
 *   rsaEncryption key (an RSA-PSS key may not encrypt, RFC 4055 1.2).
 */
export function rsaClientKeyShare(provider: CryptoProvider, serverKey: Key, clientVersion: number): ClientKeyShare {
  if (!(serverKey instanceof RSAKey) || keyType(serverKey) !== 'rsa') {
    throw new TLSIllegalParameterException('RSA key exchange needs an rsaEncryption certificate key');
  }
  const premaster = concatBytes(versionBytes(clientVersion), provider.random.bytes(PREMASTER_LENGTH - 2));
  return { value: serverKey.encrypt(premaster), premaster };
}

/**
 * The server's half: the premaster secret from the ClientKeyExchange's
 * ciphertext. Always 48 bytes and never an error for a bad ciphertext: a
 * wrong padding, length or version yields a random premaster and the
 * handshake fails at Finished (RFC 5246 7.4.7.1). `clientVersion` is the
 * ClientHello's client_version. The seed's tolerance of clients that put
 * the negotiated version there is not kept: it needs a second comparison
 * after decryption, and RFC 5246 7.4.7.1 allows it only for clients at
 * TLS 1.0 or below.
 */
export async function rsaServerPremaster(privateKey: RSAKey, ciphertext: Uint8Array, clientVersion: number): Promise<Uint8Array> {
  return privateKey.decryptPremaster(ciphertext, versionBytes(clientVersion));
}
