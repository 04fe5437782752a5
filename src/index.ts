/**
 * `tlslite-ng`: the public API (the seed's `tlslite.api`).
 *
 * Today it offers the layers that exist: errors, constants, keys and the
 * crypto providers. Connections, settings, sessions and the rest are
 * added here as they are built.
 *
 * @module
 */
export * from './errors.js';
export * from './constants.js';
export { Parser, Writer, type PrefixWidth } from './codec/index.js';
export {
  parsePEMKey,
  parseDERKey,
  publicKeyToSPKI,
  publicKeyToPEM,
  privateKeyToPKCS8,
  privateKeyToPEM,
  keyType,
  KeyParseError,
  type Key,
  type KeyType,
  type ParseKeyOptions,
} from './x509/keys.js';
export { RSAKey, ECDSAKey, EdDSAKey, defaultProvider, providerFor, providerInfo, pureProvider, nativeProvider } from './crypto/index.js';
export { TLSConnection, type TLSConnectionOptions, type HandshakeControl, type PeerCertificate } from './connection/tls-connection.js';
export { connect, type ConnectOptions } from './connection/connect.js';
export { createServer, TLSServer, type TLSServerOptions } from './connection/server.js';
export {
  HandshakeSettings,
  validateSettings,
  type HandshakeSettingsInit,
  type ValidatedSettings,
  type DHParams,
  type HeartbeatResponseCallback,
} from './settings.js';
export { X509, X509Error } from './x509/certificate.js';
export { X509CertChain } from './x509/cert-chain.js';
export { Checker, type CheckerOptions } from './handshake/checker.js';
export { Session, Ticket } from './session/session.js';
export { SessionCache, type SessionStore, type SessionCacheOptions } from './session/session-cache.js';
export { TicketKeys, encryptTicket, decryptTicket, type TicketKeysOptions } from './session/ticket.js';
export { serializeSession, deserializeSession } from './session/serialize.js';
export { Engine, type RequestPostHandshakeAuthOptions } from './connection/engine.js';
export {
  VerifierDB,
  VerifierDBError,
  SRP_GROUP_BITS,
  type SRPVerifierEntry,
} from './srp/index.js';
export type { ClientSRPHandshakeOptions } from './connection/tls-connection.js';
// Integrations (src/integration/): HTTPS server, http Agent, undici connector, STARTTLS.
export * from './integration/index.js';
export type { KeyExchangeInfo } from './handshake/key-exchange-info.js';
/** A TLS 1.3 ticket as `Session.tickets` holds it on the client. */
export type { Ticket13 } from './handshake/tls13-shared.js';
/** What `acceptEarlyData` is asked with (TLS 1.3 0-RTT on a server). */
export type { EarlyDataRequest } from './handshake/options.js';
/** Several certificates (options.certificates) and certificate_authorities (RFC 8446 4.2.4). */
export { certificateAuthoritiesOf } from './handshake/certificate-select.js';
export type { CertificateCandidate } from './handshake/options.js';
