import t from 'tap';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { TLSAuthenticationError, TLSAuthenticationTypeError, TLSFingerprintError, TLSNoAuthenticationError } from '../../src/errors.js';
import { Checker, type CheckerConnection } from '../../src/handshake/checker.js';
import { Session } from '../../src/session/session.js';
import { X509CertChain } from '../../src/x509/cert-chain.js';

const certs = new URL('../fixtures/certs/', import.meta.url);
const pem = (name: string) => readFileSync(new URL(name, certs), 'utf8');
const serverChain = X509CertChain.fromPEM(pem('server-rsa.chain.pem'));
const clientChain = X509CertChain.fromPEM(pem('client-rsa.chain.pem'));
// Independent fingerprints: Node's, with colons and upper case as it prints them.
const serverSha1 = new X509Certificate(pem('server-rsa.cert.pem')).fingerprint;
const serverSha256 = new X509Certificate(pem('server-rsa.cert.pem')).fingerprint256;
const clientSha1 = new X509Certificate(pem('client-rsa.cert.pem')).fingerprint;

function conn(isClient: boolean | undefined, fields: Partial<Session> = {}, resumed = false): CheckerConnection {
  const session = Object.assign(new Session().create({ serverCertChain: serverChain, clientCertChain: clientChain }), fields);
  return { session, isClient, resumed };
}

t.test('a matching fingerprint passes, on either side', async (t) => {
  t.doesNotThrow(() => new Checker({ x509Fingerprint: serverSha1 }).check(conn(true)));
  t.doesNotThrow(() => new Checker({ x509Fingerprint: serverSha1.replace(/:/g, '').toLowerCase() }).check(conn(true)), 'seed form: lower-case hex');
  t.doesNotThrow(() => new Checker({ x509Fingerprint: serverSha256 }).check(conn(true)), 'SHA-256');
  t.doesNotThrow(() => new Checker({ x509Fingerprint: clientSha1 }).check(conn(false)), 'server checks the client');
  t.equal(new Checker({ x509Fingerprint: serverSha1 }).x509Fingerprint, serverChain.getFingerprint());
});

t.test('a different certificate fails with TLSFingerprintError', async (t) => {
  // The client must not accept the client certificate's pin for the server, and vice versa.
  t.throws(() => new Checker({ x509Fingerprint: clientSha1 }).check(conn(true)), TLSFingerprintError);
  t.throws(() => new Checker({ x509Fingerprint: serverSha1 }).check(conn(false)), TLSFingerprintError);
  const ca = new X509Certificate(pem('ca.cert.pem'));
  t.throws(() => new Checker({ x509Fingerprint: ca.fingerprint }).check(conn(true)), TLSFingerprintError, 'the CA of the chain is not the end entity');
  t.throws(() => new Checker({ x509Fingerprint: ca.fingerprint256 }).check(conn(true)), { name: 'TLSFingerprintError', message: /mismatch/ });
  try {
    new Checker({ x509Fingerprint: clientSha1 }).check(conn(true));
  } catch (err) {
    t.ok(err instanceof TLSAuthenticationError);
  }
});

t.test('no certificate or another kind of credential', async (t) => {
  const checker = new Checker({ x509Fingerprint: serverSha1 });
  t.throws(() => checker.check(conn(true, { serverCertChain: null })), TLSNoAuthenticationError);
  t.throws(() => checker.check({ session: undefined, isClient: true }), TLSNoAuthenticationError);
  t.throws(() => checker.check(conn(true, { serverCertChain: new X509CertChain() })), TLSNoAuthenticationError, 'an empty chain');
  t.throws(() => checker.check(conn(true, { serverCertChain: { openpgp: true } as never })), TLSAuthenticationTypeError);
});

t.test('resumed sessions are skipped unless checkResumedSession', async (t) => {
  const wrong = conn(true, { serverCertChain: null }, true);
  t.doesNotThrow(() => new Checker({ x509Fingerprint: serverSha1 }).check(wrong));
  t.throws(() => new Checker({ x509Fingerprint: serverSha1, checkResumedSession: true }).check(wrong), TLSNoAuthenticationError);
});

t.test('without a fingerprint nothing is checked; bad arguments are refused', async (t) => {
  t.doesNotThrow(() => new Checker().check(conn(true, { serverCertChain: null })));
  t.throws(() => new Checker({ x509Fingerprint: serverSha1 }).check(conn(undefined)), { name: 'TypeError', message: /isClient/ });
  t.throws(() => new Checker({ x509Fingerprint: 'abc' }), RangeError);
  t.throws(() => new Checker({ x509Fingerprint: 'zz'.repeat(20) }), RangeError);
  t.throws(() => new Checker({ x509Fingerprint: 5 as never }), TypeError);
  t.throws(() => new Checker({ checkResumedSession: 1 as never }), TypeError);
  t.throws(() => new Checker(null as never), TypeError);
  t.throws(() => new Checker().check(null as never), TypeError);
  const fn = new Checker({ x509Fingerprint: clientSha1 }).asFunction();
  t.throws(() => fn(conn(true)), TLSFingerprintError);
});
