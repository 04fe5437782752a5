/**
 * Node integrations: an HTTPS server on Node's http.Server (the seed's
 * TLSSocketServerMixIn), and (from other modules) the http Agent,
 * STARTTLS and undici adaptors.
 *
 * @module
 */
export { createHTTPSServer, HTTPSServer, attachHTTP, adaptForHTTP, type HTTPSServerOptions } from './https-server.js';
export { TLSAgent, type TLSAgentOptions, type TLSAgentConnectOptions } from './agent.js';
export { ClientContext, type TLSClientOptions, type Destination, type ConnectExtras } from './client-context.js';
export {
  undiciConnector,
  createUndiciAgent,
  type UndiciConnector,
  type UndiciConnectorOptions,
  type UndiciConnectParams,
  type UndiciConnectCallback,
} from './undici.js';
export * from './starttls/index.js';
