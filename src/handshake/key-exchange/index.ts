/**
 * The key exchanges of SSLv3-TLS 1.2 behind one small interface, so a
 * handshake flow handles RSA, DHE_RSA, ECDHE_RSA, ECDHE_ECDSA, DH_anon
 * and ECDH_anon with the same few calls. Server, in RFC 5246 7.3 order:
 *
 *     // while choosing the suite: drop suites keyExchangeUsable() refuses
 *     const share = serverKeyShare(provider, suite.keyExchange, clientGroups, settings); // undefined for RSA
 *     const ske = await makeServerKeyExchange(provider, version, suite.keyExchange, share!, key, scheme, cr, sr);
 *     ...
 *     const premaster = await serverPremaster(suite.keyExchange, share, cke.body, key, clientHello.clientVersion);
 *
 * Client:
 *
 *     // signed exchanges: verifyServerKeyExchange(...) from ../signatures.ts first
 *     const { message, premaster } = clientKeyExchange(provider, version, suite.keyExchange, {
 *       serverKeyExchange: ske?.body, serverKey, clientVersion, offeredGroups, limits: settings });
 *
 * @module
 */
import type { CryptoProvider } from '../../crypto/provider.js';
import { RSAKey } from '../../crypto/rsa/key.js';
import { ProtocolVersion } from '../../constants.js';
import { TLSHandshakeFailure, TLSInternalError, TLSUnexpectedMessage } from '../../errors.js';
import { ClientKeyExchange } from '../../messages/client-key-exchange.js';
import type { ServerKeyExchange } from '../../messages/server-key-exchange.js';
import type { KeyExchangeName } from '../../suites.js';
import { keyType, type Key } from '../../x509/keys.js';
import { signServerKeyExchange } from '../signatures.js';
import { anonServerKeyExchange, isAnonymous } from './anon.js';
import { chooseDhGroup, dhClientKeyShare, dhServerKeyShare, type DhSettings } from './dhe.js';
import { chooseCurve, ecdhClientKeyShare, ecdhServerKeyShare, type EcdhSettings } from './ecdhe.js';
import { rsaClientKeyShare, rsaServerPremaster } from './rsa.js';
import { srpClientKeyShare, type SRPCredentials } from './srp.js';
import type { ClientKeyShare, KeySizeLimits, ServerKeyShare } from './types.js';

export type { ClientKeyShare, KeySizeLimits, ServerKeyShare } from './types.js';
export { chooseDhGroup, dhClientKeyShare, dhServerKeyShare, isFfdheGroupId, type DhGroupChoice, type DhSettings } from './dhe.js';
export { chooseCurve, curveName, ecdhClientKeyShare, ecdhServerKeyShare, type EcdhSettings } from './ecdhe.js';
export { rsaClientKeyShare, rsaServerPremaster } from './rsa.js';
export { anonServerKeyExchange, isAnonymous, type AnonKeyExchange } from './anon.js';
export { isSrp, lookUpSrpUser, srpClientKeyShare, srpServerKeyShare, type SRPCredentials, type SRPServerShare, type VerifierLookup } from './srp.js';

/** Every settings field the key exchanges read (a `ValidatedSettings` fits). */
export interface KeyExchangeSettings extends DhSettings, EcdhSettings, KeySizeLimits {}

type Family = 'rsa' | 'dh' | 'ecdh' | 'srp';

/** The exchanges this module implements, by how their key is agreed. */
const FAMILIES: Partial<Record<KeyExchangeName, Family>> = {
  rsa: 'rsa',
  dhe_rsa: 'dh',
  dh_anon: 'dh',
  ecdhe_rsa: 'ecdh',
  ecdhe_ecdsa: 'ecdh',
  ecdh_anon: 'ecdh',
  srp_sha: 'srp',
  srp_sha_rsa: 'srp',
};

function familyOf(keyExchange: KeyExchangeName): Family {
  const family = FAMILIES[keyExchange];
  if (!family) throw new RangeError(`key exchange ${keyExchange} is not implemented here`);
  return family;
}

/**
 * Whether a server may choose a suite with `keyExchange` for a client
 * whose supported_groups is `clientGroups` (undefined: not sent): a DHE
 * suite needs a group (RFC 7919 4), an ECDHE one a common curve
 * (RFC 8422 5.1). Use it to filter suites before choosing one.
 */
export function keyExchangeUsable(keyExchange: KeyExchangeName, clientGroups: readonly number[] | undefined, settings: KeyExchangeSettings): boolean {
  const family = FAMILIES[keyExchange];
  if (family === 'rsa') return true;
  if (family === 'dh') return chooseDhGroup(clientGroups, settings) !== undefined;
  if (family === 'ecdh') return chooseCurve(clientGroups, settings) !== undefined;
  return false;
}

/**
 * The server's ephemeral key for `keyExchange` (undefined for RSA, which
 * has no ServerKeyExchange).
 * @throws TLSHandshakeFailure when no group or curve is acceptable.
 */
export function serverKeyShare(
  provider: CryptoProvider,
  keyExchange: KeyExchangeName,
  clientGroups: readonly number[] | undefined,
  settings: KeyExchangeSettings,
): ServerKeyShare | undefined {
  switch (familyOf(keyExchange)) {
    case 'rsa':
      return undefined;
    case 'dh': {
      const group = chooseDhGroup(clientGroups, settings);
      if (!group) throw new TLSHandshakeFailure('no FFDHE group in common with the client (RFC 7919 4)');
      return dhServerKeyShare(provider, group);
    }
    case 'ecdh': {
      const curve = chooseCurve(clientGroups, settings);
      if (curve === undefined) throw new TLSHandshakeFailure('no elliptic curve in common with the client (RFC 8422 5.1)');
      return ecdhServerKeyShare(provider, curve);
    }
    case 'srp':
      throw new TypeError('the SRP share needs the user\'s verifier: use srpServerKeyShare');
  }
}

/**
 * The ServerKeyExchange for `share`: unsigned for the anonymous
 * exchanges, else signed by `key` (scheme: see `chooseSignatureScheme`;
 * ignored before TLS 1.2).
 */
export async function makeServerKeyExchange(
  provider: CryptoProvider,
  version: number,
  keyExchange: KeyExchangeName,
  share: ServerKeyShare,
  key: Key | undefined,
  scheme: number | undefined,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
): Promise<ServerKeyExchange> {
  if (isAnonymous(keyExchange)) return anonServerKeyExchange(keyExchange, share);
  if (!key) throw new TypeError(`a ${keyExchange} ServerKeyExchange must be signed: pass the private key`);
  return signServerKeyExchange(provider, version, key, scheme, clientRandom, serverRandom, keyExchange, share.params);
}

/**
 * The server's premaster secret from the ClientKeyExchange. RSA needs
 * the private key and the ClientHello's client_version; the others the
 * share made for the ServerKeyExchange.
 * @throws TLSIllegalParameterException for an invalid client value (never
 *   for a bad RSA ciphertext, which yields a random premaster instead).
 */
export async function serverPremaster(
  keyExchange: KeyExchangeName,
  share: ServerKeyShare | undefined,
  message: ClientKeyExchange,
  privateKey: Key | undefined,
  clientVersion: number,
): Promise<Uint8Array> {
  if (familyOf(keyExchange) === 'rsa') {
    if (!(privateKey instanceof RSAKey) || keyType(privateKey) !== 'rsa') {
      throw new TLSInternalError('RSA key exchange chosen without an rsaEncryption private key');
    }
    return rsaServerPremaster(privateKey, message.value, clientVersion);
  }
  if (!share) throw new TLSInternalError(`${keyExchange} needs the share made for the ServerKeyExchange`);
  return share.premaster(message.value);
}

/** What the client knows when it makes its ClientKeyExchange. */
export interface ClientKeyExchangeInput {
  /** The server's ServerKeyExchange (all but RSA); check its signature first. */
  readonly serverKeyExchange?: ServerKeyExchange;
  /** The server certificate's public key (RSA). */
  readonly serverKey?: Key;
  /** The version our ClientHello offered (RSA premaster, RFC 5246 7.4.7.1). */
  readonly clientVersion: number;
  /** Our supported_groups (the server's curve must be one, RFC 8422 5.4). */
  readonly offeredGroups: readonly number[];
  /** minKeySize/maxKeySize for the server's DH or SRP group. */
  readonly limits: KeySizeLimits;
  /** The user name and password (SRP). */
  readonly srp?: SRPCredentials;
}

/**
 * The client's ClientKeyExchange and premaster secret for `keyExchange`
 * under the negotiated `version`.
 * @throws TLSUnexpectedMessage when a ServerKeyExchange was needed and
 *   none came (RFC 5246 7.4.3); TLSIllegalParameterException,
 *   TLSInsufficientSecurity, TLSHandshakeFailure for unacceptable server
 *   values (see dhe.ts, ecdhe.ts, rsa.ts).
 */
export function clientKeyExchange(
  provider: CryptoProvider,
  version: number,
  keyExchange: KeyExchangeName,
  input: ClientKeyExchangeInput,
): { message: ClientKeyExchange; premaster: Uint8Array } {
  let share: ClientKeyShare;
  const family = familyOf(keyExchange);
  if (family === 'rsa') {
    if (!input.serverKey) throw new TypeError('RSA key exchange needs the server certificate key');
    share = rsaClientKeyShare(provider, input.serverKey, input.clientVersion);
  } else {
    const ske = input.serverKeyExchange;
    if (!ske) throw new TLSUnexpectedMessage(`the ${keyExchange} key exchange needs a ServerKeyExchange`);
    const params = ske.params;
    if (family === 'dh' && params.kind === 'dh') share = dhClientKeyShare(provider, params, input.limits);
    else if (family === 'ecdh' && params.kind === 'ecdh') share = ecdhClientKeyShare(provider, params, input.offeredGroups);
    else if (family === 'srp' && params.kind === 'srp') {
      if (!input.srp) throw new TypeError('an SRP key exchange needs the user name and password');
      share = srpClientKeyShare(provider, params, input.srp, input.limits);
    }
    else throw new TLSUnexpectedMessage(`ServerKeyExchange parameters of kind ${params.kind} in a ${keyExchange} key exchange`);
  }
  const message = new ClientKeyExchange(keyExchange, share.value, version === ProtocolVersion.SSL3);
  return { message, premaster: share.premaster };
}

/**
 * The seed's check of the peer certificate's key size: an RSA key below
 * `minKeySize` or above `maxKeySize` bits ends the handshake with
 * handshake_failure (EC and EdDSA keys have fixed, adequate sizes). Call
 * it on the end-entity key of the peer's Certificate, on either side.
 * @throws TLSHandshakeFailure.
 */
export function checkPeerKeySize(key: Key, limits: KeySizeLimits): void {
  if (!(key instanceof RSAKey)) return;
  if (key.bits < limits.minKeySize) throw new TLSHandshakeFailure(`the peer's RSA key has ${key.bits} bits, fewer than minKeySize ${limits.minKeySize}`);
  if (key.bits > limits.maxKeySize) throw new TLSHandshakeFailure(`the peer's RSA key has ${key.bits} bits, more than maxKeySize ${limits.maxKeySize}`);
}
