/**
 * Every primitive of a connection comes from its own provider, the peer's
 * certificate key included: a client given a provider verifies the
 * ServerKeyExchange signature with that provider's RSA, and a server
 * verifies CertificateVerify with its own.
 */
import t from 'tap';
import type { CryptoProvider, RsaAlgorithm } from '../../src/crypto/provider.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import { HandshakeSettings } from '../../src/settings.js';
import { credentials, handshake, pair } from './engine-pair.js';

/** The pure provider, counting the RSA public keys built from it. */
function counting(): { provider: CryptoProvider; publicKeys: () => number } {
  let count = 0;
  const rsa: RsaAlgorithm = {
    ...pureProvider.rsa,
    publicKey(components) {
      count++;
      return pureProvider.rsa.publicKey(components);
    },
  };
  return { provider: { ...pureProvider, rsa }, publicKeys: () => count };
}

t.test('the peer certificate key is bound to the connection provider', async (t) => {
  const settings = new HandshakeSettings({ keyExchangeNames: ['ecdhe_rsa'] });
  const client = counting();
  const server = counting();
  const sides = pair({ provider: client.provider, serverProvider: server.provider });
  const clientCert = credentials('client-rsa', client.provider);
  const r = await handshake(
    sides,
    { settings, certChain: clientCert.certChain, privateKey: clientCert.privateKey },
    { ...credentials('server-rsa', server.provider), settings, reqCert: true },
  );
  t.same(r, { client: undefined, server: undefined }, 'handshake');
  t.ok(client.publicKeys() >= 1, `the client verified with its own provider (${client.publicKeys()} keys)`);
  t.ok(server.publicKeys() >= 1, `the server verified the client's certificate with its own provider (${server.publicKeys()} keys)`);
});
