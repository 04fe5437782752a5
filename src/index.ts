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
