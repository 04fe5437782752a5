import t from 'tap';
import * as api from '../src/index.js';
import * as crypto from '../src/crypto/index.js';
import { readFileSync } from 'node:fs';

t.test('the public entry points export what the README promises', async (t) => {
  for (const name of ['TLSError', 'TLSLocalAlert', 'TLSRemoteAlert', 'alertFor', 'AlertDescription', 'CipherSuite', 'parsePEMKey', 'RSAKey', 'providerInfo', 'Parser', 'Writer', 'TLSConnection', 'connect', 'createServer', 'HandshakeSettings', 'X509CertChain', 'Checker', 'Session', 'SessionCache', 'TicketKeys', 'Engine']) {
    t.ok(name in api, `tlslite-ng exports ${name}`);
  }
  for (const name of ['pureProvider', 'nativeProvider', 'nativeLoadError', 'defaultProvider', 'providerFor', 'providerInfo', 'prf', 'hkdfExpandLabel', 'RSAKey', 'decryptPremaster', 'FFDHE_GROUPS']) {
    t.ok(name in crypto, `tlslite-ng/crypto exports ${name}`);
  }
});

t.test('a PEM key parsed through the public API signs and verifies', async (t) => {
  const pem = readFileSync(new URL('./fixtures/keys/rsa2048.pkcs8.pem', import.meta.url), 'utf8');
  const key = api.parsePEMKey(pem, { private: true });
  t.ok(key instanceof api.RSAKey);
  const rsa = key as api.RSAKey;
  const data = new TextEncoder().encode('hello');
  const sig = await rsa.hashAndSign(data, { scheme: 'pss', hash: 'sha256' });
  t.ok(rsa.hashAndVerify(sig, data, { scheme: 'pss', hash: 'sha256' }));
});
