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
export { TLSConnection, type TLSConnectionOptions, type HandshakeControl } from './connection/tls-connection.js';
export { connect, type ConnectOptions } from './connection/connect.js';
export { createServer, TLSServer, type TLSServerOptions } from './connection/server.js';
export {
  HandshakeSettings,
  validateSettings,
  type HandshakeSettingsInit,
  type ValidatedSettings,
  type DHParams,
} from './settings.js';
export { X509, X509Error } from './x509/certificate.js';
export { X509CertChain } from './x509/cert-chain.js';
export { Checker, type CheckerOptions } from './handshake/checker.js';
export { Session, Ticket } from './session/session.js';
export { SessionCache, type SessionStore, type SessionCacheOptions } from './session/session-cache.js';
export { TicketKeys, encryptTicket, decryptTicket, type TicketKeysOptions } from './session/ticket.js';
export { serializeSession, deserializeSession } from './session/serialize.js';
export { Engine } from './connection/engine.js';
export {
  VerifierDB,
  VerifierDBError,
  SRP_GROUP_BITS,
  type SRPVerifierEntry,
} from './srp/index.js';
export type { ClientSRPHandshakeOptions } from './connection/tls-connection.js';
// Integrations (src/integration/): HTTP client agent, undici connector, STARTTLS.
export { TLSAgent, type TLSAgentOptions, type TLSAgentConnectOptions } from './integration/agent.js';
export { ClientContext, type TLSClientOptions, type Destination, type ConnectExtras } from './integration/client-context.js';
export {
  undiciConnector,
  createUndiciAgent,
  type UndiciConnector,
  type UndiciConnectorOptions,
  type UndiciConnectParams,
  type UndiciConnectCallback,
} from './integration/undici.js';
export * from './integration/starttls/index.js';
export { createHTTPSServer, HTTPSServer, attachHTTP, adaptForHTTP, type HTTPSServerOptions } from './integration/https-server.js';
export type { KeyExchangeInfo } from './handshake/key-exchange-info.js';
