/**
 * SRP arithmetic: the RFC 5054 Appendix B vector on every provider, the
 * RFC 5054 groups (safe primes, RFC 3526 primes where they are those),
 * and the RFC's mandatory checks on A and B.
 */
import t from 'tap';
import { getDiffieHellman } from 'node:crypto';
import { bytesToBigInt, fromHex, toHex } from '../../src/crypto/bytes.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { isProbablePrime, modPow } from '../../src/crypto/pure/bigint-math.js';
import { TLSIllegalParameterException } from '../../src/errors.js';
import { SRP_GROUPS, findGroup, groupForBits } from '../../src/srp/groups.js';
import { clientPremaster, computeK, computeU, computeVerifier, computeX, serverSession } from '../../src/srp/math.js';
import { powMod } from '../../src/srp/modexp.js';
import { providers } from '../crypto/providers.js';

const hex = (s: string) => fromHex(s.replace(/\s+/g, '').toLowerCase());
const big = (s: string) => bytesToBigInt(hex(s));

// RFC 5054 Appendix B.
const I = 'alice';
const P = 'password123';
const s = hex('BEB25379 D1A8581E B5A72767 3A2441EE');
const k = big('7556AA04 5AEF2CDD 07ABAF0F 665C3E81 8913186F');
const x = big('94B7555A ABE9127C C58CCF49 93DB6CF8 4D16C124');
const v = big(`7E273DE8 696FFC4F 4E337D05 B4B375BE B0DDE156 9E8FA00A 9886D812
  9BADA1F1 822223CA 1A605B53 0E379BA4 729FDC59 F105B478 7E5186F5
  C671085A 1447B52A 48CF1970 B4FB6F84 00BBF4CE BFBB1681 52E08AB5
  EA53D15C 1AFF87B2 B9DA6E04 E058AD51 CC72BFC9 033B564E 26480D78
  E955A5E2 9E7AB245 DB2BE315 E2099AFB`);
const a = big('60975527 035CF2AD 1989806F 0407210B C81EDC04 E2762A56 AFD529DD DA2D4393');
const b = big('E487CB59 D31AC550 471E81F0 0F6928E0 1DDA08E9 74A004F4 9E61F5D1 05284D20');
const A = big(`61D5E490 F6F1B795 47B0704C 436F523D D0E560F0 C64115BB 72557EC4
  4352E890 3211C046 92272D8B 2D1A5358 A2CF1B6E 0BFCF99F 921530EC
  8E393561 79EAE45E 42BA92AE ACED8251 71E1E8B9 AF6D9C03 E1327F44
  BE087EF0 6530E69F 66615261 EEF54073 CA11CF58 58F0EDFD FE15EFEA
  B349EF5D 76988A36 72FAC47B 0769447B`);
const B = big(`BD0C6151 2C692C0C B6D041FA 01BB152D 4916A1E7 7AF46AE1 05393011
  BAF38964 DC46A067 0DD125B9 5A981652 236F99D9 B681CBF8 7837EC99
  6C6DA044 53728610 D0C6DDB5 8B318885 D7D82C7F 8DEB75CE 7BD4FBAA
  37089E6F 9C6059F3 88838E7A 00030B33 1EB76840 910440B1 B27AAEAE
  EB4012B7 D7665238 A8E3FB00 4B117B58`);
const u = big('CE38B959 3487DA98 554ED47D 70A7AE5F 462EF019');
const premaster = hex(`B0DC82BA BCF30674 AE450C02 87745E79 90A3381F 63B387AA F271A10D
  233861E3 59B48220 F7C4693C 9AE12B0A 6F67809F 0876E2D0 13800D6C
  41BB59B6 D5979B5C 00A172B4 A2A5903A 0BDCAF8A 709585EB 2AFAFA8F
  3499B200 210DCC1F 10EB3394 3CD67FC8 8A2F39A4 BE5BEC4E C0A3212D
  C346D7E4 74B29EDE 8A469FFE CA686E5A`);

const group1024 = groupForBits(1024)!;

for (const { label, provider: partial } of providers()) {
  const provider = partial as CryptoProvider;
  if (!provider.ffdh || !provider.hashes?.sha1 || !provider.random) continue;

  t.test(`${label}: RFC 5054 Appendix B`, async (t) => {
    const { N, g } = group1024;
    t.equal(computeK(provider, N, g), k, 'k');
    t.equal(computeX(provider, s, I, P), x, 'x');
    t.equal(computeVerifier(provider, N, g, s, I, P), v, 'v');
    t.equal(computeU(provider, N, A, B), u, 'u');
    const server = serverSession(provider, { N, g, verifier: v, b });
    t.equal(server.B, B, 'B');
    const client = clientPremaster(provider, { N, g, salt: s, B, username: I, password: P, a });
    t.equal(client.A, A, 'A');
    t.equal(toHex(client.premaster), toHex(premaster), 'client premaster');
    t.equal(toHex(server.premaster(A)), toHex(premaster), 'server premaster');
  });

  t.test(`${label}: every group agrees on a random exchange; a wrong password does not`, async (t) => {
    for (const grp of SRP_GROUPS.filter((x) => x.bits <= 3072)) {
      const salt = provider.random.bytes(16);
      const verifier = computeVerifier(provider, grp.N, grp.g, salt, 'bob', 'hunter2');
      const server = serverSession(provider, { N: grp.N, g: grp.g, verifier });
      const good = clientPremaster(provider, { N: grp.N, g: grp.g, salt, B: server.B, username: 'bob', password: 'hunter2' });
      t.equal(toHex(server.premaster(good.A)), toHex(good.premaster), `${grp.bits}: same premaster`);
      const bad = clientPremaster(provider, { N: grp.N, g: grp.g, salt, B: server.B, username: 'bob', password: 'hunter3' });
      t.not(toHex(server.premaster(bad.A)), toHex(bad.premaster), `${grp.bits}: wrong password, different premaster`);
    }
  });

  t.test(`${label}: A = 0 mod N and B = 0 mod N are refused (RFC 5054 2.5.3, 2.5.4)`, async (t) => {
    const { N, g } = group1024;
    const server = serverSession(provider, { N, g, verifier: v });
    for (const bad of [0n, N, 2n * N]) {
      t.throws(() => server.premaster(bad), TLSIllegalParameterException, `A = ${bad === 0n ? '0' : bad === N ? 'N' : '2N'}`);
      t.throws(
        () => clientPremaster(provider, { N, g, salt: s, B: bad, username: I, password: P }),
        TLSIllegalParameterException,
        `B = ${bad === 0n ? '0' : bad === N ? 'N' : '2N'}`,
      );
    }
  });

  t.test(`${label}: powMod matches plain modPow, fast path and fallback`, async (t) => {
    const N = groupForBits(2048)!.N;
    for (const [base, e] of [
      [2n, 12345678901234567890n],
      [N - 1n, 3n], // outside the ffdh fast path
      [0n, 5n],
      [1n, 7n],
      [N + 5n, 99n],
      [big('0123456789abcdef'), N - 2n], // exponent too large for the fast path
    ] as Array<[bigint, bigint]>) {
      t.equal(powMod(provider, base, e, N), modPow(base, e, N));
    }
  });
}

t.test('the RFC 5054 groups are safe primes; 3072-8192 are the RFC 3526 primes', async (t) => {
  const modp: Record<number, string> = { 3072: 'modp15', 4096: 'modp16', 6144: 'modp17', 8192: 'modp18' };
  t.same(
    SRP_GROUPS.map((grp) => [grp.bits, grp.g]),
    [
      [1024, 2n],
      [1536, 2n],
      [2048, 2n],
      [3072, 5n],
      [4096, 5n],
      [6144, 5n],
      [8192, 19n],
    ],
  );
  for (const grp of SRP_GROUPS) {
    t.equal(grp.N.toString(2).length, grp.bits, `${grp.bits}: size`);
    if (modp[grp.bits]) {
      t.equal(grp.N.toString(16), getDiffieHellman(modp[grp.bits]!).getPrime('hex').replace(/^0+/, ''), `${grp.bits}: RFC 3526 ${modp[grp.bits]}`);
    } else {
      t.ok(isProbablePrime(grp.N, 8) && isProbablePrime((grp.N - 1n) / 2n, 8), `${grp.bits}: N and (N-1)/2 prime`);
    }
  }
});

t.test('findGroup: RFC pairs, the seed\'s legacy generators, nothing else', async (t) => {
  for (const grp of SRP_GROUPS) t.equal(findGroup(grp.N, grp.g)?.bits, grp.bits);
  t.equal(findGroup(groupForBits(3072)!.N, 2n)?.bits, 3072, 'old tlslite 3072-bit generator');
  t.equal(findGroup(groupForBits(8192)!.N, 5n)?.bits, 8192, 'old tlslite 8192-bit generator');
  t.equal(findGroup(groupForBits(2048)!.N, 5n), undefined, 'wrong generator');
  t.equal(findGroup(groupForBits(2048)!.N + 2n, 2n), undefined, 'unknown prime');
});
