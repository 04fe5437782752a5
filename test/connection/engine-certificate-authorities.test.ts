/**
 * certificate_authorities (RFC 8446 4.2.4) and several certificates, in
 * memory, both providers:
 * - the client names CAs in its ClientHello; a server with several
 *   chains (`certificates`) prefers one issued by a named CA, in TLS 1.3
 *   and in TLS 1.2 (a client offering TLS 1.3 sends the names either way);
 * - the server names CAs in its CertificateRequest (`reqCAs`, TLS 1.3
 *   extension and TLS 1.2 certificate_authorities field); a client with
 *   several chains prefers one issued by a named CA;
 * - without a match, the first usable chain; bad options are TypeErrors.
 * The chains differ only by issuer: server-rsa / client-rsa (Test CA) and
 * server-ca2 / client-ca2 (Test CA 2).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ProtocolVersion } from '../../src/constants.js';
import { certificateAuthoritiesOf } from '../../src/handshake/certificate-select.js';
import { HandshakeSettings } from '../../src/settings.js';
import { X509 } from '../../src/x509/certificate.js';
import { X509CertChain } from '../../src/x509/cert-chain.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, pair } from './engine-pair.js';

const CERTS = fileURLToPath(new URL('../fixtures/certs/', import.meta.url));
const caCert = (name: string) => X509CertChain.fromPEM(readFileSync(`${CERTS}${name}.cert.pem`, 'utf8')).x509List[0]!;
const CA1 = certificateAuthoritiesOf(caCert('ca'));
const CA2 = certificateAuthoritiesOf(caCert('ca2'));
const V = ProtocolVersion;
const ok = { client: undefined, server: undefined };

t.test('certificateAuthoritiesOf: the subjects, DER', async (t) => {
  const ca = caCert('ca');
  t.same(certificateAuthoritiesOf(ca), [ca.subject]);
  t.same(certificateAuthoritiesOf([ca, caCert('ca2')]).length, 2);
  t.throws(() => certificateAuthoritiesOf([new Uint8Array(3) as unknown as X509]), TypeError);
});

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const server1 = credentials('server-rsa', provider);
  const server2 = credentials('server-ca2', provider);
  const client1 = credentials('client-rsa', provider);
  const client2 = credentials('client-ca2', provider);
  const serverChains = { certificates: [server1, server2] };

  for (const [label, serverSettings] of [
    ['TLS 1.3', () => new HandshakeSettings()],
    ['TLS 1.2', () => new HandshakeSettings({ maxVersion: V.TLS1_2 })],
  ] as const) {
    const expected = label === 'TLS 1.3' ? V.TLS1_3 : V.TLS1_2;

    t.test(`${name} ${label}: the server prefers a chain from a CA the client names`, async (t) => {
      for (const [names, want, what] of [
        [CA2, server2, 'CA 2 named: the second chain'],
        [CA1, server1, 'CA 1 named: the first chain'],
        [undefined, server1, 'no names: the first chain'],
        [certificateAuthoritiesOf(caCert('ocsp-responder')), server1, 'an unknown CA: the first chain'],
      ] as const) {
        const sides = pair({ provider });
        const r = await handshake(
          sides,
          { settings: new HandshakeSettings(), ...(names !== undefined && { certificateAuthorities: names }) },
          { settings: serverSettings(), ...serverChains },
        );
        t.same(r, ok, what);
        t.equal(sides.client.engine.version, expected);
        t.equal(sides.client.engine.session?.serverCertChain?.getFingerprint(), want.certChain.getFingerprint(), what);
        t.equal(sides.server.engine.session?.serverCertChain?.getFingerprint(), want.certChain.getFingerprint(), `${what} (server session)`);
      }
    });

    t.test(`${name} ${label}: a client with several chains prefers one from a CA in the CertificateRequest`, async (t) => {
      for (const [reqCAs, want, what] of [
        [CA2, client2, 'CA 2 requested: client-ca2'],
        [CA1, client1, 'CA 1 requested: client-rsa'],
        [[], client1, 'no names: the first chain'],
      ] as const) {
        const sides = pair({ provider });
        const r = await handshake(
          sides,
          { settings: serverSettings(), certificates: [client1, client2] },
          { settings: serverSettings(), ...server1, requireCert: true, reqCAs },
        );
        t.same(r, ok, what);
        t.equal(sides.server.engine.session?.clientCertChain?.getFingerprint(), want.certChain.getFingerprint(), what);
        t.equal(sides.client.engine.session?.clientCertChain?.getFingerprint(), want.certChain.getFingerprint(), `${what} (client session)`);
      }
    });
  }

  t.test(`${name}: certChain/privateKey come before certificates`, async (t) => {
    const sides = pair({ provider });
    const r = await handshake(sides, {}, { ...server2, certificates: [server1] });
    t.same(r, ok);
    t.equal(sides.client.engine.session?.serverCertChain?.getFingerprint(), server2.certChain.getFingerprint());
  });
}

t.test('bad options are TypeErrors naming the option', async (t) => {
  const provider = providerOf('pure');
  const server1 = credentials('server-rsa', provider);
  const sides = pair({ provider });
  await t.rejects(sides.client.engine.handshakeClient({ certificateAuthorities: 'CN=x' as unknown as Uint8Array[] }), {
    name: 'TypeError',
    message: /certificateAuthorities/,
  });
  const sides2 = pair({ provider });
  await t.rejects(sides2.client.engine.handshakeClient({ certificateAuthorities: [new Uint8Array(0)] }), { name: 'RangeError', message: /certificateAuthorities/ });
  const sides3 = pair({ provider });
  await t.rejects(sides3.server.engine.handshakeServer({ certificates: [{ certChain: 'x' }] as never }), { name: 'TypeError', message: /certificates\[0\]/ });
  void server1;
});
