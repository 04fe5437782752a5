/**
 * ECDSA certificates on P-256, P-384 and P-521 in memory, both providers:
 * every curve with TLS 1.3 (its curve-bound scheme, RFC 8446 4.2.3) and
 * TLS 1.2 ECDHE_ECDSA; and a client that cannot take the certificate's
 * curve: TLS 1.2 without the curve in supported_groups (RFC 8422 5.1) and
 * TLS 1.3 without its scheme get handshake_failure from a server with only
 * that certificate, and another certificate from a server that has one.
 */
import t from 'tap';
import { AlertDescription, ProtocolVersion, SignatureScheme } from '../../src/constants.js';
import type { TLSLocalAlert } from '../../src/errors.js';
import { HandshakeSettings } from '../../src/settings.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, pair } from './engine-pair.js';

const V = ProtocolVersion;
const CURVES = [
  ['server-ecdsa', 'secp256r1', SignatureScheme.ecdsa_secp256r1_sha256],
  ['server-ecdsa-p384', 'secp384r1', SignatureScheme.ecdsa_secp384r1_sha384],
  ['server-ecdsa-p521', 'secp521r1', SignatureScheme.ecdsa_secp521r1_sha512],
] as const;
const ok = { client: undefined, server: undefined };

for (const name of providerLabels()) {
  const provider = providerOf(name);
  for (const [fixture, curve, scheme] of CURVES) {
    t.test(`${name}: ${curve} certificate, TLS 1.3 and TLS 1.2`, async (t) => {
      const creds = credentials(fixture, provider);
      const s13 = pair({ provider });
      t.same(await handshake(s13, {}, creds), ok);
      t.equal(s13.client.engine.version, V.TLS1_3);
      t.equal(s13.client.engine.keyExchangeInfo?.signatureScheme, scheme, SignatureScheme.nameOf(scheme));
      const s12 = pair({ provider });
      const tls12 = new HandshakeSettings({ maxVersion: V.TLS1_2 });
      t.same(await handshake(s12, { settings: tls12 }, { settings: tls12, ...creds }), ok);
      t.match(s12.client.engine.cipherSuiteName, /ECDHE_ECDSA/);
    });
  }

  t.test(`${name}: TLS 1.2, the certificate's curve not in supported_groups`, async (t) => {
    const client = new HandshakeSettings({ maxVersion: V.TLS1_2, eccCurves: ['x25519', 'secp256r1'], keyShares: ['x25519'] });
    const server = new HandshakeSettings({ maxVersion: V.TLS1_2 });
    const alone = pair({ provider });
    const r = await handshake(alone, { settings: client }, { settings: server, ...credentials('server-ecdsa-p384', provider) });
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.handshake_failure, String(r.server));
    const two = pair({ provider });
    const r2 = await handshake(
      two,
      { settings: client },
      { settings: server, certificates: [credentials('server-ecdsa-p384', provider), credentials('server-ecdsa', provider)] },
    );
    t.same(r2, ok);
    t.equal(two.client.engine.session?.serverCertChain?.getFingerprint(), credentials('server-ecdsa').certChain.getFingerprint(), 'the P-256 one');
  });

  t.test(`${name}: TLS 1.3, the certificate's scheme not in signature_algorithms`, async (t) => {
    const client = new HandshakeSettings({ ecdsaSigHashes: ['sha256'] });
    const alone = pair({ provider });
    const r = await handshake(alone, { settings: client }, credentials('server-ecdsa-p521', provider));
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.handshake_failure, String(r.server));
    const two = pair({ provider });
    const r2 = await handshake(two, { settings: client }, { certificates: [credentials('server-ecdsa-p521', provider), credentials('server-ecdsa', provider)] });
    t.same(r2, ok);
    t.equal(two.client.engine.keyExchangeInfo?.signatureScheme, SignatureScheme.ecdsa_secp256r1_sha256);
  });
}
