/**
 * Elliptic-curve Diffie-Hellman for TLS 1.2 and earlier (ECDHE_RSA,
 * ECDHE_ECDSA, ECDH_anon; RFC 8422): the server picks a named curve from
 * the client's supported_groups (or `defaultCurve` when the client sent
 * none), sends its point; the client checks the curve is one it offered
 * and answers with its point. The premaster is the x-coordinate (NIST
 * curves, RFC 8422 5.10) or the X25519/X448 output (RFC 8422 5.11),
 * validated by the provider (point on the curve, uncompressed, not all
 * zeros).
 *
 * @module
 */
import type { CryptoProvider, EcdhGroupName } from '../../crypto/provider.js';
import { ECDH_GROUP_NAMES } from '../../crypto/provider.js';
import { GroupName } from '../../constants.js';
import { TLSIllegalParameterException } from '../../errors.js';
import type { ECDHParams } from '../../messages/server-key-exchange.js';
import type { ClientKeyShare, ServerKeyShare } from './types.js';

/** The settings fields the ECDH server uses (names as `HandshakeSettings`). */
export interface EcdhSettings {
  /** Curves we accept, by name ("x25519", "secp256r1" ...). */
  readonly eccCurves: readonly string[];
  /** The curve for a client that sent no supported_groups. */
  readonly defaultCurve: string;
}

/** The provider's name of a TLS group id, or undefined when it is not a curve we implement. */
export function curveName(id: number): EcdhGroupName | undefined {
  const name = GroupName.nameOf(id);
  return (ECDH_GROUP_NAMES as readonly string[]).includes(name) ? (name as EcdhGroupName) : undefined;
}

/**
 * The curve (TLS group id) a server uses with a client that sent
 * `clientGroups` (its supported_groups, or undefined), or undefined when
 * there is none in common and no ECDHE suite may be chosen (RFC 8422 5.1).
 *
 * As the seed: without the extension, `defaultCurve` (RFC 8422 4 lets
 * the server assume any curve then); with it, the first of the client's
 * groups that is in `eccCurves` (the client's preference order).
 */
export function chooseCurve(clientGroups: readonly number[] | undefined, settings: EcdhSettings): number | undefined {
  if (clientGroups === undefined) {
    const id = (GroupName as unknown as Record<string, number>)[settings.defaultCurve];
    return typeof id === 'number' && curveName(id) !== undefined ? id : undefined;
  }
  for (const id of clientGroups) {
    const name = curveName(id);
    if (name !== undefined && settings.eccCurves.includes(name)) return id;
  }
  return undefined;
}

/** The server's half: a fresh key on curve `groupId`, its ServerECDHParams, and the premaster from the client's point. */
export function ecdhServerKeyShare(provider: CryptoProvider, groupId: number): ServerKeyShare {
  const name = curveName(groupId);
  if (name === undefined) throw new RangeError(`group ${GroupName.nameOf(groupId)} is not a curve this library implements`);
  const pair = provider.ecdh[name].generate();
  const params: ECDHParams = { kind: 'ecdh', namedCurve: groupId, point: pair.publicKey };
  return { params, premaster: (clientValue) => pair.computeSecret(clientValue) };
}

/**
 * The client's half: checks the server's curve is one we offered
 * (`offeredGroups`, our supported_groups; RFC 8422 5.4), makes our point
 * and the premaster.
 * @throws TLSIllegalParameterException for a curve we did not offer or
 *   an invalid point.
 */
export function ecdhClientKeyShare(provider: CryptoProvider, params: ECDHParams, offeredGroups: readonly number[]): ClientKeyShare {
  const name = curveName(params.namedCurve);
  if (name === undefined || !offeredGroups.includes(params.namedCurve)) {
    throw new TLSIllegalParameterException(`the server chose curve ${GroupName.nameOf(params.namedCurve)}, which we did not offer`);
  }
  const pair = provider.ecdh[name].generate();
  const premaster = pair.computeSecret(params.point);
  return { value: pair.publicKey, premaster };
}
