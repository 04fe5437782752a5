/**
 * SRP key exchange for TLS 1.0-1.2 (RFC 5054): SRP_SHA (the password
 * authenticates both sides) and SRP_SHA_RSA (the server also signs its
 * ServerKeyExchange with its certificate key).
 *
 * Server: after the ClientHello, the user named in the srp extension is
 * looked up (unknown: unknown_psk_identity, RFC 5054 2.5.1.3, as the seed
 * answers); its group, salt and B = k*v + g^b go into ServerSRPParams;
 * the client's A gives the premaster. Client: the group must be one of
 * RFC 5054's (handshake_failure otherwise, as the seed documents) and at
 * least minKeySize bits (insufficient_security, RFC 5054 2.5.3 and the
 * seed); B % N = 0 is illegal_parameter. A wrong password shows only
 * when the Finished messages do not verify (bad_record_mac, then
 * decrypt_error), which is all RFC 5054 lets either side learn.
 *
 * @module
 */
import type { CryptoProvider } from '../../crypto/provider.js';
import { bigIntToBytes, bitLength, bytesToBigInt } from '../../crypto/bytes.js';
import { TLSHandshakeFailure, TLSIllegalParameterException, TLSInsufficientSecurity, TLSUnknownPSKIdentity } from '../../errors.js';
import type { SRPParams } from '../../messages/server-key-exchange.js';
import type { SRPVerifierEntry } from '../../srp/entry.js';
import { findGroup } from '../../srp/groups.js';
import { clientPremaster, serverSession } from '../../srp/math.js';
import { checkUsername, usernameFromWire } from '../../srp/username.js';
import type { ClientKeyShare, KeySizeLimits } from './types.js';

/** Where the server finds verifiers: a `VerifierDB`, or anything with its `get`. */
export interface VerifierLookup {
  get(username: string): SRPVerifierEntry | undefined;
}

/** The client's credentials. */
export interface SRPCredentials {
  readonly username: string;
  readonly password: string | Uint8Array;
}

/** True for the SRP key exchanges this library implements. */
export function isSrp(keyExchange: string): keyExchange is 'srp_sha' | 'srp_sha_rsa' {
  return keyExchange === 'srp_sha' || keyExchange === 'srp_sha_rsa';
}

/** The server's SRP state between ServerKeyExchange and ClientKeyExchange. */
export interface SRPServerShare {
  readonly params: SRPParams;
  /** The premaster from the ClientKeyExchange's srp_A. @throws TLSIllegalParameterException for A % N = 0. */
  premaster(clientValue: Uint8Array): Uint8Array;
}

/**
 * The verifier of the user named by the client's srp extension (its raw
 * bytes).
 * @throws TLSUnknownPSKIdentity when the database has no such user (or the
 *   bytes cannot be a user name).
 */
export function lookUpSrpUser(db: VerifierLookup, identity: Uint8Array): { username: string; entry: SRPVerifierEntry } {
  const username = usernameFromWire(identity);
  const entry = username === undefined ? undefined : db.get(username);
  if (username === undefined || entry === undefined) throw new TLSUnknownPSKIdentity('unknown SRP user');
  return { username, entry };
}

/** The server's half: ServerSRPParams (N, g, s, B) for `entry`, and the premaster from A. */
export function srpServerKeyShare(provider: CryptoProvider, entry: SRPVerifierEntry): SRPServerShare {
  const session = serverSession(provider, { N: entry.N, g: entry.g, verifier: entry.verifier });
  const params: SRPParams = {
    kind: 'srp',
    n: bigIntToBytes(entry.N),
    g: bigIntToBytes(entry.g),
    s: entry.salt.slice(),
    b: bigIntToBytes(session.B),
  };
  return { params, premaster: (clientValue) => session.premaster(bytesToBigInt(clientValue)) };
}

/**
 * The client's half: checks the server's group, computes A and the premaster.
 * @throws TLSInsufficientSecurity for a group below `minKeySize` bits;
 *   TLSHandshakeFailure for a group that is not RFC 5054's or above
 *   `maxKeySize`; TLSIllegalParameterException for B % N = 0.
 */
export function srpClientKeyShare(provider: CryptoProvider, params: SRPParams, credentials: SRPCredentials, limits: KeySizeLimits): ClientKeyShare {
  const N = bytesToBigInt(params.n);
  const g = bytesToBigInt(params.g);
  const bits = bitLength(N);
  if (bits < limits.minKeySize) {
    throw new TLSInsufficientSecurity(`the server's SRP group has ${bits} bits, fewer than minKeySize ${limits.minKeySize}`);
  }
  if (findGroup(N, g) === undefined) throw new TLSHandshakeFailure(`the server's ${bits}-bit SRP group is not one of RFC 5054's`);
  if (bits > limits.maxKeySize) {
    throw new TLSHandshakeFailure(`the server's SRP group has ${bits} bits, more than maxKeySize ${limits.maxKeySize}`);
  }
  const B = bytesToBigInt(params.b);
  if (B >= N) throw new TLSIllegalParameterException('SRP: B is not reduced modulo N');
  const { A, premaster } = clientPremaster(provider, {
    N,
    g,
    salt: params.s,
    B,
    username: credentials.username,
    password: credentials.password,
  });
  return { value: bigIntToBytes(A), premaster };
}

/**
 * Checks the client's SRP options before anything is sent: both or
 * neither of user name and password, a valid user name (1-255 bytes of
 * UTF-8, no control characters), a non-empty password.
 * @throws TypeError / RangeError naming the option.
 */
export function checkSrpCredentials(username: unknown, password: unknown): void {
  if (username === undefined && password === undefined) return;
  if (username === undefined) throw new TypeError('srpUsername is required with srpPassword');
  if (password === undefined) throw new TypeError('srpPassword is required with srpUsername');
  checkUsername(username, 'srpUsername');
  if (typeof password !== 'string' && !(password instanceof Uint8Array)) throw new TypeError('srpPassword must be a string or a Uint8Array');
  if (password.length === 0) throw new RangeError('srpPassword must not be empty');
}
