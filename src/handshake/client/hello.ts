/**
 * The client's ClientHello for SSLv3 to TLS 1.2 (RFC 5246 7.4.1.2), built
 * from the settings: the suites each key exchange contributes in the
 * seed's order, the signalling suites, and the extensions.
 *
 * @module
 */
import { CipherSuite, ProtocolVersion } from '../../constants.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import { ClientHello } from '../../messages/client-hello.js';
import { encode } from '../../messages/encode.js';
import { ALPNExtension } from '../../messages/extensions/alpn.js';
import { ECPointFormatsExtension } from '../../messages/extensions/ec-point-formats.js';
import { EncryptThenMACExtension } from '../../messages/extensions/encrypt-then-mac.js';
import { ExtendedMasterSecretExtension } from '../../messages/extensions/extended-master-secret.js';
import type { Extension } from '../../messages/extensions/extension.js';
import { Extensions } from '../../messages/extensions/list.js';
import { NPNExtension } from '../../messages/extensions/npn.js';
import { PaddingExtension } from '../../messages/extensions/padding.js';
import { RenegotiationInfoExtension } from '../../messages/extensions/renegotiation-info.js';
import { ServerNameExtension } from '../../messages/extensions/server-name.js';
import { SessionTicketExtension } from '../../messages/extensions/session-ticket.js';
import { SignatureAlgorithmsExtension } from '../../messages/extensions/signature-algorithms.js';
import { SRPExtension } from '../../messages/extensions/srp.js';
import { StatusRequestExtension } from '../../messages/extensions/status-request.js';
import { CertificateAuthoritiesExtension } from '../../messages/extensions/certificate-authorities.js';
import { SupportedGroupsExtension } from '../../messages/extensions/supported-groups.js';
import { KeyShareExtension } from '../../messages/extensions/key-share.js';
import { PskKeyExchangeModesExtension } from '../../messages/extensions/psk-key-exchange-modes.js';
import { SupportedVersionsExtension } from '../../messages/extensions/supported-versions.js';
import { PostHandshakeAuthExtension } from '../../messages/extensions/post-handshake-auth.js';
import { GroupName, PskKeyExchangeMode } from '../../constants.js';
import { clientShare13, isGroup13, type ClientShare13 } from '../key-share13.js';
import { helloWithBinders, pskOffers, type OfferedPsk } from '../psk13.js';
import { EarlyDataExtension } from '../../messages/extensions/early-data.js';
import { earlyDataOffer, type EarlyDataOffer } from '../early-data13.js';
import type { ValidatedSettings } from '../../settings.js';
import {
  getAnonSuites,
  getCertSuites,
  getDheCertSuites,
  getEcdheCertSuites,
  getEcdhAnonSuites,
  getEcdsaSuites,
  getSrpAllSuites,
  getTLS13Suites,
  suiteInfo,
} from '../../suites.js';
import type { Session } from '../../session/session.js';
import { supportedSignatureSchemes } from '../signatures.js';
import { usableTicket } from '../bridge.js';
import { groupIds, MAX_TLS12_VERSION, toBytes } from '../shared.js';
import { offerHeartbeat } from '../heartbeat.js';
import { offerRecordSizeLimit } from '../record-size-limit.js';

/** What the client offered; the ServerHello is judged against it. */
export interface ClientOffer {
  readonly hello: ClientHello;
  /** The version in client_version. */
  readonly version: number;
  /** Suites we can accept (the signalling ones excluded). */
  readonly suites: readonly number[];
  /** The extension types we sent (RFC 5246 7.4.1.4: the server may answer only these). */
  readonly extensionTypes: ReadonlySet<number>;
  /** The session we try to resume, if any. */
  readonly session: Session | undefined;
  /** The groups offered in supported_groups (curves and FFDHE groups). */
  readonly groups: readonly number[];
  /** The signature schemes offered (TLS 1.2). */
  readonly signatureSchemes: readonly number[];
  readonly alpn: readonly Uint8Array[];
  /** What a TLS 1.3 offer adds (undefined when maxVersion is below TLS 1.3). */
  readonly tls13?: ClientOffer13;
}

/** The TLS 1.3 part of an offer. */
export interface ClientOffer13 {
  /** The TLS 1.3 suites offered. */
  readonly suites: readonly number[];
  /** supported_versions, highest first. */
  readonly versions: readonly number[];
  /** Our key shares, with their private halves. */
  readonly keyShares: readonly ClientShare13[];
  /** Every TLS 1.3 group offered in supported_groups (a HelloRetryRequest may pick any). */
  readonly groups: readonly number[];
  /** PSKs offered in pre_shared_key, in order (a ticket of `session`, external PSKs). */
  readonly psks: readonly OfferedPsk[];
  /** Early data to send after the ClientHello (early_data is in it). */
  readonly early?: EarlyDataOffer;
}

/** What the hello needs besides the settings. */
export interface ClientHelloInput {
  readonly settings: ValidatedSettings;
  readonly provider: CryptoProvider;
  readonly serverName?: string;
  readonly session?: Session;
  readonly anon?: boolean;
  readonly alpn?: ReadonlyArray<string | Uint8Array>;
  readonly nextProtos?: ReadonlyArray<string | Uint8Array>;
  /** SRP user name: offer only SRP suites, with the srp extension (RFC 5054 2.5.1.1). */
  readonly srpUsername?: string;
  /** TLS 1.3 early data to send if `session`'s ticket allows it (early-data13.ts). */
  readonly earlyData?: Uint8Array;
  /** TLS 1.3: send post_handshake_auth (RFC 8446 4.2.6). */
  readonly postHandshakeAuth?: boolean;
  /** Ask for a stapled OCSP response (status_request, RFC 6066 8). */
  readonly requestOCSP?: boolean;
  /** DER names for certificate_authorities (RFC 8446 4.2.4), sent when offering TLS 1.3. */
  readonly certificateAuthorities?: readonly Uint8Array[];
}

/** The suites the client offers, in the seed's order (`_handshakeClientAsyncHelper`). */
export function offeredSuites(settings: ValidatedSettings, version: number, anon: boolean, srp = false): number[] {
  const suites = srp
    ? getSrpAllSuites(settings, version)
    : anon
    ? [...getEcdhAnonSuites(settings, version), ...getAnonSuites(settings, version)]
    : [
        ...getEcdsaSuites(settings, version),
        ...getEcdheCertSuites(settings, version),
        ...getDheCertSuites(settings, version),
        ...getCertSuites(settings, version),
      ];
  return [...new Set(suites)].filter((s) => {
    const info = suiteInfo(s)!;
    return info.minVersion <= version && info.keyExchange !== 'tls13';
  });
}

/** True when `name` is an IP address literal, which SNI may not carry (RFC 6066 3). */
function isIpLiteral(name: string): boolean {
  return /^[0-9.]+$/.test(name) || name.includes(':');
}

/** The client's `certificateAuthorities`, checked (API misuse is a TypeError/RangeError). */
function checkAuthorities(names: readonly Uint8Array[] | undefined): readonly Uint8Array[] {
  if (names === undefined) return [];
  if (!Array.isArray(names) || !names.every((n) => n instanceof Uint8Array)) {
    throw new TypeError('certificateAuthorities must be an array of DER distinguished names (Uint8Array)');
  }
  // RFC 8446 4.2.4: DistinguishedName<1..2^16-1>.
  if (names.some((n) => n.length === 0 || n.length > 0xffff)) throw new RangeError('certificateAuthorities: each name must be 1 to 65535 bytes');
  return names;
}

/** Builds the ClientHello (and what the client must remember of it). */
export function buildClientHello(input: ClientHelloInput): ClientOffer {
  const { settings, provider, session } = input;
  const anon = input.anon ?? false;
  const version = Math.min(settings.maxVersion, MAX_TLS12_VERSION);
  // TLS 1.3 (RFC 8446 4.1.2) is offered alongside, never for anonymous
  // or SRP handshakes (TLS 1.3 has neither); with minVersion TLS 1.3
  // nothing older is offered.
  const srp = input.srpUsername !== undefined;
  const offer13 = settings.maxVersion >= ProtocolVersion.TLS1_3 && !anon && !srp;
  const only13 = offer13 && settings.minVersion >= ProtocolVersion.TLS1_3;
  const suites = only13 ? [] : offeredSuites(settings, version, anon, srp);
  // A session is resumed only with the version and a suite we still offer.
  const resumable =
    session !== undefined && session.valid() && session.version <= version && session.version >= settings.minVersion
      ? session
      : undefined;
  const withExtensions = version > ProtocolVersion.SSL3;

  const suites13 = offer13 ? getTLS13Suites(settings, ProtocolVersion.TLS1_3) : [];
  const cipherSuites = [...suites13, ...suites];
  // RFC 5746 3.4: the SCSV when no extension block can carry renegotiation_info.
  if (!withExtensions) cipherSuites.push(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
  // RFC 7507 4: a fallback connection says so.
  if (settings.sendFallbackSCSV) cipherSuites.push(CipherSuite.TLS_FALLBACK_SCSV);

  const kxs = new Set(suites.map((s) => suiteInfo(s)!.keyExchange));
  const ecc = kxs.has('ecdhe_rsa') || kxs.has('ecdhe_ecdsa') || kxs.has('ecdh_anon');
  const ffdhe = kxs.has('dhe_rsa') || kxs.has('dh_anon');
  const cbc = suites.some((s) => suiteInfo(s)!.cipherType === 'block');
  // The hybrid groups exist for TLS 1.3 only.
  const tls12Curves = groupIds(settings.eccCurves).filter((g) => g !== GroupName.x25519mlkem768);
  const groups13 = offer13 ? [...groupIds(settings.eccCurves), ...groupIds(settings.dhGroups)].filter(isGroup13) : [];
  const groups = offer13
    ? groups13
    : [...(ecc ? tls12Curves : []), ...(ffdhe && version >= ProtocolVersion.TLS1_0 ? groupIds(settings.dhGroups) : [])];
  const signatureSchemes = version >= ProtocolVersion.TLS1_2 ? supportedSignatureSchemes(settings) : [];
  const alpn = (input.alpn ?? []).map(toBytes);

  // A ticket to resume with (RFC 5077 3.4: send it, with a fresh session ID
  // of our own, so an echo of that ID tells us the ticket was accepted).
  const ticket = resumable === undefined ? undefined : usableTicket(resumable);
  let sessionId: Uint8Array = new Uint8Array(0);
  if (ticket !== undefined) sessionId = provider.random.bytes(32);
  else if (resumable !== undefined) sessionId = resumable.sessionID;
  // RFC 8446 D.4: middlebox compatibility mode, a fresh 32-byte session ID.
  else if (offer13) sessionId = provider.random.bytes(32);

  let tls13: ClientOffer13 | undefined;
  if (offer13) {
    const shareGroups = groupIds(settings.keyShares).filter((g) => groups13.includes(g));
    // A PSK only with a suite of its hash on offer (RFC 8446 4.2.11); none without a mode to use it with.
    const hashes = new Set(suites13.map((id) => suiteInfo(id)!.prfHash));
    const psks = settings.pskModes.length === 0 ? [] : pskOffers(settings, session).filter((p) => hashes.has(p.hash));
    const early = earlyDataOffer(input.earlyData, psks, suites13, alpn, session);
    tls13 = {
      suites: suites13,
      versions: settings.versions.filter((v) => v >= settings.minVersion && v >= ProtocolVersion.TLS1_0),
      keyShares: shareGroups.map((g) => clientShare13(provider, g)),
      groups: groups13,
      psks,
      ...(early !== undefined && { early }),
    };
  }

  const extensions: Extension[] = [];
  if (withExtensions) {
    if (input.serverName !== undefined && input.serverName !== '' && !isIpLiteral(input.serverName)) {
      extensions.push(ServerNameExtension.forHost(input.serverName));
    }
    if (input.srpUsername !== undefined) extensions.push(new SRPExtension(input.srpUsername));
    if (input.requestOCSP !== undefined && typeof input.requestOCSP !== 'boolean') throw new TypeError('requestOCSP must be true or false');
    // RFC 6066 8: OCSP, no responder ids, no request extensions.
    if (input.requestOCSP === true) extensions.push(StatusRequestExtension.ocsp());
    if (groups.length > 0) extensions.push(new SupportedGroupsExtension(groups));
    if (ecc) extensions.push(new ECPointFormatsExtension());
    if (signatureSchemes.length > 0) extensions.push(new SignatureAlgorithmsExtension(signatureSchemes));
    if (alpn.length > 0) extensions.push(new ALPNExtension(alpn));
    if (input.nextProtos !== undefined) extensions.push(new NPNExtension());
    if (settings.useEncryptThenMAC && cbc) extensions.push(new EncryptThenMACExtension());
    if (!only13) {
      if (settings.useExtendedMasterSecret) extensions.push(new ExtendedMasterSecretExtension());
      // RFC 5077 3.2: an empty extension asks for a ticket; a full one offers it.
      extensions.push(new SessionTicketExtension(ticket ?? new Uint8Array(0)));
      // RFC 5746 3.4: an empty renegotiation_info on the initial handshake.
      extensions.push(new RenegotiationInfoExtension());
    }
    // RFC 6520 2; RFC 8449 4.
    const heartbeat = offerHeartbeat(settings);
    if (heartbeat !== undefined) extensions.push(heartbeat);
    const recordSizeLimit = offerRecordSizeLimit(settings);
    if (recordSizeLimit !== undefined) extensions.push(recordSizeLimit);
    if (tls13 !== undefined) {
      // RFC 8446 4.2.1, 4.2.8, 4.2.9.
      extensions.push(new SupportedVersionsExtension(tls13.versions));
      extensions.push(new KeyShareExtension('client_hello', tls13.keyShares.map((k) => ({ group: k.group, keyExchange: k.keyExchange }))));
      const modes = settings.pskModes.map((m) => (m === 'psk_ke' ? PskKeyExchangeMode.psk_ke : PskKeyExchangeMode.psk_dhe_ke));
      if (modes.length > 0) extensions.push(new PskKeyExchangeModesExtension(modes));
      // RFC 8446 4.2.10: early_data, with pre_shared_key (added last, below).
      if (tls13.early !== undefined) extensions.push(new EarlyDataExtension());
      if (input.postHandshakeAuth) extensions.push(new PostHandshakeAuthExtension());
      const authorities = checkAuthorities(input.certificateAuthorities);
      if (authorities.length > 0) extensions.push(new CertificateAuthoritiesExtension(authorities));
    }
  }

  const random = provider.random.bytes(32);
  const build = (exts: Extension[]) =>
    new ClientHello({
      clientVersion: version,
      random,
      sessionId,
      cipherSuites,
      extensions: withExtensions ? Extensions.of(exts, { message: 'client_hello', version }) : undefined,
    });
  let hello = build(extensions);
  if (withExtensions && settings.usePaddingExtension) {
    // RFC 7685 4 (and the seed): a hello of 256 to 511 bytes (handshake
    // header included) is padded to 512, past the F5 load balancer bug.
    const length = 4 + encode((w) => hello.write(w)).length;
    if (length >= 256 && length < 512) {
      const pad = Math.max(0, 512 - length - 4);
      hello = build([...extensions, new PaddingExtension(pad)]);
    }
  }
  // RFC 8446 4.2.11: pre_shared_key goes last, its binders over the rest of the hello.
  if (tls13 !== undefined && tls13.psks.length > 0) {
    const before = [...(hello.extensions?.entries.map((e) => e.extension) ?? [])];
    hello = helloWithBinders(provider, tls13.psks, (psk) => build([...before, psk]));
  }
  return {
    hello,
    version,
    suites,
    extensionTypes: new Set(hello.extensions?.types ?? []),
    session: resumable,
    groups,
    signatureSchemes,
    alpn,
    tls13,
  };
}
