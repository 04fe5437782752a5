import t from 'tap';
import { HandshakeSettings } from '../../src/settings.js';
import { ProtocolVersion, CipherSuite } from '../../src/constants.js';
import { credentials, handshake, joined, pair, settle } from './engine-pair.js';

t.test('TLS 1.2 ECDHE-RSA-AES128-GCM in memory', async (t) => {
  const sides = pair();
  const creds = credentials('server-rsa');
  const settings = new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2, cipherNames: ['aes128gcm'], keyExchangeNames: ['ecdhe_rsa'] });
  const r = await handshake(sides, { settings }, { ...creds, settings });
  t.equal(r.client, undefined, `client: ${r.client}`);
  t.equal(r.server, undefined, `server: ${r.server}`);
  t.equal(sides.client.engine.version, ProtocolVersion.TLS1_2);
  t.equal(sides.client.engine.cipherSuite, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
  t.equal(sides.server.engine.cipherSuite, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
  sides.client.engine.send(new TextEncoder().encode('hello server'));
  sides.server.engine.send(new TextEncoder().encode('hello client'));
  await settle();
  t.equal(new TextDecoder().decode(joined(sides.server.received)), 'hello server');
  t.equal(new TextDecoder().decode(joined(sides.client.received)), 'hello client');
});
