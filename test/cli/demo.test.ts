/**
 * `npm start` (`tlslite demo`): the built-in credentials are the public
 * test fixtures, marked as such; the demo connects over every version
 * and key exchange that is built and prints the table. Both providers.
 */
import t from 'tap';
import { certText, usePeers } from '../interop/peers.js';
import { providerLabels } from '../interop/ours.js';
import {
  DEMO_ECDSA_CHAIN_PEM,
  DEMO_ECDSA_KEY_PEM,
  DEMO_KEYS_WARNING,
  DEMO_RSA_CHAIN_PEM,
  DEMO_RSA_KEY_PEM,
} from '../../src/cli/demo-credentials.js';
import { demoCases } from '../../src/cli/demo.js';
import { FEATURES } from '../../src/cli/features.js';
import { envFor, runTlslite } from './cli.js';

t.test('the demo credentials are the published test fixtures', async (t) => {
  t.equal(DEMO_RSA_CHAIN_PEM.trim(), certText('server-rsa.chain.pem').trim());
  t.equal(DEMO_RSA_KEY_PEM.trim(), certText('server-rsa.key.pem').trim());
  t.equal(DEMO_ECDSA_CHAIN_PEM.trim(), certText('server-ecdsa.chain.pem').trim());
  t.equal(DEMO_ECDSA_KEY_PEM.trim(), certText('server-ecdsa.key.pem').trim());
  t.match(DEMO_KEYS_WARNING, /PUBLIC TEST KEYS/);
});

for (const provider of providerLabels()) {
  t.test(`tlslite demo (${provider})`, async (t) => {
    usePeers(t);
    const r = await runTlslite(['demo'], envFor(provider), 120_000);
    if (r.code !== 0) t.comment(r.output);
    t.equal(r.code, 0, 'exit status 0');
    t.match(r.stdout, /PUBLIC TEST KEYS/, 'the keys are marked as public test keys');
    const cases = demoCases();
    t.match(r.stdout, new RegExp(`all ${cases.length} connections succeeded`));
    for (const version of ['SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2']) t.match(r.stdout, new RegExp(`^${version.replace('.', '\\.')} `, 'm'), version);
    const kxs = ['rsa', 'dhe_rsa', 'ecdhe_rsa', 'ecdhe_ecdsa', 'dh_anon', 'ecdh_anon', ...(FEATURES.srp.built ? ['srp_sha', 'srp_sha_rsa'] : [])];
    for (const kx of kxs) t.match(r.stdout, new RegExp(` ${kx} `), kx);
    const rows = r.stdout.split('\n').filter((l) => /^(SSL|TLS) \d\.\d /.test(l));
    t.equal(rows.length, cases.length, 'one row per connection');
    for (const row of rows) {
      t.match(row, new RegExp(`bulk=${provider} prf=${provider} kx=${provider}`), 'the implementations column');
      t.match(row, /\d+\.\d ms$/, 'the handshake time');
    }
  });
}
