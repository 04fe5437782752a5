/**
 * Finite-field Diffie-Hellman for TLS 1.2 and earlier (DHE_RSA and
 * DH_anon): the server picks a group (RFC 7919 negotiation through
 * supported_groups, else `dhParams`, else ffdhe2048), sends p, g and Ys;
 * the client checks the group's size against its limits, answers with
 * Yc, and both take g^XY with leading zeros stripped (RFC 5246 8.1.2).
 * Public values are validated by the provider (1 < Y < p-1, RFC 7919 5.1).
 *
 * @module
 */
import type { CryptoProvider } from '../../crypto/provider.js';
import { bigIntToBytes, bitLength, bytesToBigInt } from '../../crypto/bytes.js';
import { ffdhGroup, FFDHE2048 } from '../../crypto/ffdhe.js';
import { GroupName } from '../../constants.js';
import { TLSHandshakeFailure, TLSIllegalParameterException, TLSInsufficientSecurity } from '../../errors.js';
import type { DHParams } from '../../messages/server-key-exchange.js';
import type { ClientKeyShare, KeySizeLimits, ServerKeyShare } from './types.js';

/** The settings fields the DH server uses (names as `HandshakeSettings`). */
export interface DhSettings {
  /** RFC 7919 groups we accept, by name ("ffdhe2048" ...). */
  readonly dhGroups: readonly string[];
  /** A custom group for clients that negotiate none (the seed's dhParams). */
  readonly dhParams?: { readonly p: bigint; readonly g: bigint } | null;
}

/** A group the server will use. */
export interface DhGroupChoice {
  readonly p: bigint;
  readonly g: bigint;
  /** The RFC 7919 group name when one was negotiated. */
  readonly name?: string;
}

/** True for the FFDHE range of supported_groups (RFC 7919 2: 256-511, known or not). */
export function isFfdheGroupId(id: number): boolean {
  return id >= 256 && id <= 511;
}

/**
 * The group a server uses with a client that sent `clientGroups` (its
 * supported_groups, or undefined), or undefined when the server MUST NOT
 * choose a DHE suite (RFC 7919 4: the client named FFDHE groups, none of
 * them ours).
 *
 * As the seed: the first of the client's FFDHE groups that is in
 * `dhGroups`; with no FFDHE group from the client (or an empty
 * `dhGroups`, the seed's way of turning RFC 7919 off), `dhParams`, or
 * ffdhe2048 (the seed falls back to RFC 5054's 2048-bit group; ffdhe2048
 * is the RFC 7919 group of the same size, with a documented generation).
 */
export function chooseDhGroup(clientGroups: readonly number[] | undefined, settings: DhSettings): DhGroupChoice | undefined {
  const clientFfdhe = (clientGroups ?? []).filter(isFfdheGroupId);
  if (clientFfdhe.length > 0 && settings.dhGroups.length > 0) {
    for (const id of clientFfdhe) {
      const name = GroupName.nameOf(id);
      if (!settings.dhGroups.includes(name)) continue;
      const group = ffdhGroup(name);
      if (group) return { p: group.p, g: group.g, name };
    }
    return undefined;
  }
  if (settings.dhParams) return { p: settings.dhParams.p, g: settings.dhParams.g };
  return { p: FFDHE2048.p, g: FFDHE2048.g, name: FFDHE2048.name };
}

/** RFC 5246 8.1.2: the premaster is Z with its leading zero bytes stripped. */
function stripLeadingZeros(secret: Uint8Array): Uint8Array {
  let start = 0;
  while (start < secret.length - 1 && secret[start] === 0) start++;
  return secret.slice(start);
}

/**
 * The server's half: a fresh key pair in `group`, its ServerDHParams,
 * and the premaster from the client's Yc.
 */
export function dhServerKeyShare(provider: CryptoProvider, group: DhGroupChoice): ServerKeyShare {
  const pair = provider.ffdh.generate(group.p, group.g);
  const params: DHParams = {
    kind: 'dh',
    p: bigIntToBytes(group.p),
    g: bigIntToBytes(group.g),
    ys: pair.publicKey,
  };
  return {
    params,
    premaster: (clientValue) => stripLeadingZeros(pair.computeSecret(clientValue)),
  };
}

/**
 * The client's half: checks the server's group, makes Yc and the premaster.
 * @throws TLSInsufficientSecurity when p is smaller than `minKeySize`
 *   bits; TLSHandshakeFailure when larger than `maxKeySize` (we refuse
 *   the cost, not the security); TLSIllegalParameterException for a
 *   malformed group or Ys (the provider checks 1 < g, Ys < p-1).
 */
export function dhClientKeyShare(provider: CryptoProvider, params: DHParams, limits: KeySizeLimits): ClientKeyShare {
  const p = bytesToBigInt(params.p);
  const g = bytesToBigInt(params.g);
  const bits = bitLength(p);
  if (bits < limits.minKeySize) {
    throw new TLSInsufficientSecurity(`the server's DH group has ${bits} bits, fewer than minKeySize ${limits.minKeySize}`);
  }
  if (bits > limits.maxKeySize) {
    throw new TLSHandshakeFailure(`the server's DH group has ${bits} bits, more than maxKeySize ${limits.maxKeySize}`);
  }
  if ((p & 1n) === 0n) throw new TLSIllegalParameterException('DH modulus p is even');
  const pair = provider.ffdh.generate(p, g);
  const premaster = stripLeadingZeros(pair.computeSecret(params.ys));
  return { value: pair.publicKey, premaster };
}
