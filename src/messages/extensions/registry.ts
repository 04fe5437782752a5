/**
 * Which class parses which extension type in which message, and under
 * which field name it appears on a parsed extension list
 * (`hello.extensions.serverName`).
 *
 * Adding an extension is: one file with the class, one line in
 * `ExtensionFields`, one registration below. The messages listed for
 * each type follow the RFC 8446 4.2 table for TLS 1.3 and the defining
 * RFC for TLS 1.2; in any other message the extension is kept as an
 * `OpaqueExtension`, and the handshake decides whether that is an error
 * (unsupported_extension for an unsolicited one in a TLS 1.2 ServerHello,
 * RFC 5246 7.4.1.4; illegal_parameter in TLS 1.3, RFC 8446 4.2).
 *
 * @module
 */
import type { ExtensionClass, ExtensionMessage } from './extension.js';
import { ALPNExtension } from './alpn.js';
import { CertTypeExtension } from './cert-type.js';
import { CookieExtension } from './cookie.js';
import { ECPointFormatsExtension } from './ec-point-formats.js';
import { EncryptThenMACExtension } from './encrypt-then-mac.js';
import { ExtendedMasterSecretExtension } from './extended-master-secret.js';
import { HeartbeatExtension } from './heartbeat.js';
import { KeyShareExtension } from './key-share.js';
import { NPNExtension } from './npn.js';
import { PaddingExtension } from './padding.js';
import { PskKeyExchangeModesExtension } from './psk-key-exchange-modes.js';
import { RecordSizeLimitExtension } from './record-size-limit.js';
import { RenegotiationInfoExtension } from './renegotiation-info.js';
import { ServerNameExtension } from './server-name.js';
import { SessionTicketExtension } from './session-ticket.js';
import { SignatureAlgorithmsCertExtension } from './signature-algorithms-cert.js';
import { SignatureAlgorithmsExtension } from './signature-algorithms.js';
import { SRPExtension } from './srp.js';
import { StatusRequestExtension } from './status-request.js';
import { SupportedGroupsExtension } from './supported-groups.js';
import { SupportedVersionsExtension } from './supported-versions.js';
import { PreSharedKeyExtension } from './pre-shared-key.js';
import { EarlyDataExtension } from './early-data.js';
import { CertificateAuthoritiesExtension } from './certificate-authorities.js';
import { PostHandshakeAuthExtension } from './post-handshake-auth.js';
import { TACKExtension } from './tack.js';

/** The typed fields of a parsed extension list, one per known extension. */
export interface ExtensionFields {
  serverName?: ServerNameExtension;
  statusRequest?: StatusRequestExtension;
  certType?: CertTypeExtension;
  supportedGroups?: SupportedGroupsExtension;
  ecPointFormats?: ECPointFormatsExtension;
  srp?: SRPExtension;
  signatureAlgorithms?: SignatureAlgorithmsExtension;
  heartbeat?: HeartbeatExtension;
  alpn?: ALPNExtension;
  padding?: PaddingExtension;
  encryptThenMac?: EncryptThenMACExtension;
  extendedMasterSecret?: ExtendedMasterSecretExtension;
  recordSizeLimit?: RecordSizeLimitExtension;
  sessionTicket?: SessionTicketExtension;
  preSharedKey?: PreSharedKeyExtension;
  earlyData?: EarlyDataExtension;
  supportedVersions?: SupportedVersionsExtension;
  cookie?: CookieExtension;
  pskKeyExchangeModes?: PskKeyExchangeModesExtension;
  certificateAuthorities?: CertificateAuthoritiesExtension;
  postHandshakeAuth?: PostHandshakeAuthExtension;
  signatureAlgorithmsCert?: SignatureAlgorithmsCertExtension;
  keyShare?: KeyShareExtension;
  npn?: NPNExtension;
  tack?: TACKExtension;
  renegotiationInfo?: RenegotiationInfoExtension;
}

/** One entry of a registry. */
export interface ExtensionRegistration {
  readonly cls: ExtensionClass;
  /** The field of `ExtensionFields` (or of a custom registry's list) that holds it. */
  readonly field: string;
  /** The messages in which the class parses the type. */
  readonly messages: readonly ExtensionMessage[];
}

/** A lookup from (message, type) to registration; immutable, extended with `with()`. */
export class ExtensionRegistry {
  readonly #byMessage = new Map<ExtensionMessage, Map<number, ExtensionRegistration>>();
  readonly #byType = new Map<number, ExtensionRegistration>();

  constructor(readonly registrations: readonly ExtensionRegistration[]) {
    for (const r of registrations) {
      this.#byType.set(r.cls.type, r);
      for (const m of r.messages) {
        let types = this.#byMessage.get(m);
        if (!types) this.#byMessage.set(m, (types = new Map()));
        types.set(r.cls.type, r);
      }
    }
  }

  /** The registration that parses `type` in `message`, if any. */
  lookup(message: ExtensionMessage, type: number): ExtensionRegistration | undefined {
    return this.#byMessage.get(message)?.get(type);
  }

  /** The field name of `type`, whatever the message. */
  fieldOf(type: number): string | undefined {
    return this.#byType.get(type)?.field;
  }

  /**
   * The members of `types` this registry parses in some message but not
   * in `message`. RFC 8446 4.2: a recognized extension "not specified for
   * the message in which it appears" MUST be answered with
   * illegal_parameter; in TLS 1.2 an unsolicited ServerHello extension is
   * unsupported_extension (RFC 5246 7.4.1.4). The handshake, which knows
   * the version, picks the alert.
   */
  misplaced(message: ExtensionMessage, types: readonly number[]): number[] {
    return types.filter((type) => this.#byType.has(type) && !this.lookup(message, type));
  }

  /** A registry with `registration` added (replacing any for the same type). */
  with(registration: ExtensionRegistration): ExtensionRegistry {
    return new ExtensionRegistry([
      ...this.registrations.filter((r) => r.cls.type !== registration.cls.type),
      registration,
    ]);
  }
}

const CH = 'client_hello';
const SH = 'server_hello';
const HRR = 'hello_retry_request';
const EE = 'encrypted_extensions';
const CR = 'certificate_request';
const CT = 'certificate';

/** The extensions this library parses, and where. */
export const defaultExtensionRegistry = new ExtensionRegistry([
  { cls: ServerNameExtension, field: 'serverName', messages: [CH, SH, EE] },
  { cls: StatusRequestExtension, field: 'statusRequest', messages: [CH, SH, CR, CT] },
  { cls: CertTypeExtension, field: 'certType', messages: [CH, SH] },
  { cls: SupportedGroupsExtension, field: 'supportedGroups', messages: [CH, EE] },
  { cls: ECPointFormatsExtension, field: 'ecPointFormats', messages: [CH, SH] },
  { cls: SRPExtension, field: 'srp', messages: [CH] },
  { cls: SignatureAlgorithmsExtension, field: 'signatureAlgorithms', messages: [CH, CR] },
  { cls: HeartbeatExtension, field: 'heartbeat', messages: [CH, SH, EE] },
  { cls: ALPNExtension, field: 'alpn', messages: [CH, SH, EE] },
  { cls: PaddingExtension, field: 'padding', messages: [CH] },
  { cls: EncryptThenMACExtension, field: 'encryptThenMac', messages: [CH, SH] },
  { cls: ExtendedMasterSecretExtension, field: 'extendedMasterSecret', messages: [CH, SH] },
  { cls: RecordSizeLimitExtension, field: 'recordSizeLimit', messages: [CH, SH, EE] },
  { cls: SessionTicketExtension, field: 'sessionTicket', messages: [CH, SH] },
  { cls: PreSharedKeyExtension, field: 'preSharedKey', messages: [CH, SH] },
  { cls: EarlyDataExtension, field: 'earlyData', messages: [CH, EE, 'new_session_ticket'] },
  { cls: SupportedVersionsExtension, field: 'supportedVersions', messages: [CH, SH, HRR] },
  { cls: CookieExtension, field: 'cookie', messages: [CH, HRR] },
  { cls: PskKeyExchangeModesExtension, field: 'pskKeyExchangeModes', messages: [CH] },
  { cls: CertificateAuthoritiesExtension, field: 'certificateAuthorities', messages: [CH, CR] },
  { cls: PostHandshakeAuthExtension, field: 'postHandshakeAuth', messages: [CH] },
  { cls: SignatureAlgorithmsCertExtension, field: 'signatureAlgorithmsCert', messages: [CH, CR] },
  { cls: KeyShareExtension, field: 'keyShare', messages: [CH, SH, HRR] },
  { cls: NPNExtension, field: 'npn', messages: [CH, SH] },
  { cls: TACKExtension, field: 'tack', messages: [CH, SH] },
  { cls: RenegotiationInfoExtension, field: 'renegotiationInfo', messages: [CH, SH] },
]);
