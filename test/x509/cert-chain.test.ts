import t from 'tap';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { X509, X509Error } from '../../src/x509/certificate.js';
import { X509CertChain } from '../../src/x509/cert-chain.js';
import { RSAKey } from '../../src/crypto/rsa/key.js';
import { ECDSAKey } from '../../src/crypto/ecdsa-key.js';
import { publicKeyToSPKI } from '../../src/x509/keys.js';
import { pureProvider } from '../../src/crypto/pure/index.js';

const dir = new URL('../fixtures/certs/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const fingerprint = (name: string, hash: string) =>
  read('fingerprints.txt')
    .split('\n')
    .find((l) => l.startsWith(`${name} ${hash} `))!
    .split(' ')[2];

t.test('parsePemList reads a chain in order', async (t) => {
  const chain = new X509CertChain();
  t.equal(chain.parsePemList(read('server-rsa.chain.pem')), chain);
  t.equal(chain.getNumCerts(), 2);
  t.equal(chain.x509List[0]!.subjectName, 'CN=localhost,O=tlslite-ng-ts tests');
  t.equal(chain.x509List[1]!.subjectName, 'CN=tlslite-ng-ts Test CA,O=tlslite-ng-ts tests');
  t.equal(chain.getFingerprint(), fingerprint('server-rsa', 'sha1'));
  t.equal(chain.getFingerprint('sha256'), fingerprint('server-rsa', 'sha256'));
  t.ok(chain.getEndEntityPublicKey() instanceof RSAKey);
  const node = new X509Certificate(read('server-rsa.cert.pem'));
  t.same(Buffer.from(publicKeyToSPKI(chain.getEndEntityPublicKey())), node.publicKey.export({ type: 'spki', format: 'der' }));
  t.equal(chain.getEndEntity(), chain.x509List[0]);
});

t.test('fromPEM skips keys and other blocks; fromDER and toDERList round-trip', async (t) => {
  const mixed = read('server-ecdsa.key.pem') + 'some text\n' + read('server-ecdsa.chain.pem');
  const chain = X509CertChain.fromPEM(mixed);
  t.equal(chain.getNumCerts(), 2);
  t.ok(chain.getEndEntityPublicKey() instanceof ECDSAKey);
  const again = X509CertChain.fromDER(chain.toDERList());
  t.ok(again.equals(chain));
  t.ok(X509CertChain.fromPEM(chain.toPEM()).equals(chain));
  t.notOk(again.equals(X509CertChain.fromPEM(read('server-rsa.chain.pem'))));
  t.notOk(again.equals(new X509CertChain(chain.x509List.slice(0, 1))));
  // Re-binding the end-entity key to another provider.
  const pureKey = chain.getEndEntityPublicKey(pureProvider);
  t.ok(pureKey instanceof ECDSAKey);
  t.same(publicKeyToSPKI(pureKey), chain.x509List[0]!.subjectPublicKeyInfo);
});

t.test('constructor and empty chains', async (t) => {
  const cert = X509.fromPEM(read('client-rsa.cert.pem'));
  const list = [cert];
  const chain = new X509CertChain(list);
  list.pop();
  t.equal(chain.getNumCerts(), 1, 'the list is copied');
  t.equal(chain.getFingerprint(), fingerprint('client-rsa', 'sha1'));
  const empty = new X509CertChain();
  t.equal(empty.getNumCerts(), 0);
  t.same(empty.toDERList(), []);
  t.throws(() => empty.getFingerprint(), RangeError);
  t.throws(() => empty.getEndEntityPublicKey(), RangeError);
  t.throws(() => new X509CertChain(['x'] as never), TypeError);
  t.throws(() => X509CertChain.fromDER('x' as never), TypeError);
  t.throws(() => new X509CertChain().parsePemList(1 as never), TypeError);
});

t.test('bad input throws X509Error', async (t) => {
  t.throws(() => X509CertChain.fromPEM(''), { name: 'X509Error', message: /no PEM-encoded certificates/ });
  t.throws(() => X509CertChain.fromPEM(read('server-rsa.key.pem')), { name: 'X509Error', message: /no PEM-encoded certificates/ });
  const broken = read('server-rsa.cert.pem').replace(/\n-----END/, 'AAAA\n-----END');
  t.throws(() => X509CertChain.fromPEM(broken), X509Error);
  const truncated = read('server-rsa.chain.pem').replace(/-----END CERTIFICATE-----\n$/, '');
  t.throws(() => X509CertChain.fromPEM(truncated), { name: 'X509Error', message: /PEM/ });
  t.throws(() => X509CertChain.fromDER([new Uint8Array(10)]), X509Error);
});
