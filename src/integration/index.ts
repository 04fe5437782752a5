/**
 * Node integrations: an HTTPS server on Node's http.Server (the seed's
 * TLSSocketServerMixIn), and (from other modules) the http Agent,
 * STARTTLS and undici adaptors.
 *
 * @module
 */
export { createHTTPSServer, HTTPSServer, attachHTTP, adaptForHTTP, type HTTPSServerOptions } from './https-server.js';
