/**
 * Key block layout (RFC 5246 6.3): sizes per cipher spec and version, and
 * the order in which the block is cut.
 */
import t from 'tap';
import { keySizes, keyBlockLength, splitKeyBlock, type CipherSpec } from '../../src/record/index.js';
import { recordProviders } from './helpers.js';

const provider = recordProviders()[0]!.provider;

t.test('key sizes per spec and version', async (t) => {
  const cases: [CipherSpec, number, [number, number, number]][] = [
    [{ type: 'cbc', cipher: 'aes128', mac: 'sha1' }, 0x0301, [20, 16, 16]], // TLS 1.0: chained IV from the block
    [{ type: 'cbc', cipher: 'aes128', mac: 'sha1' }, 0x0303, [20, 16, 0]], // explicit IVs (RFC 4346 6.3)
    [{ type: 'cbc', cipher: 'aes256', mac: 'sha384' }, 0x0303, [48, 32, 0]],
    [{ type: 'cbc', cipher: '3des', mac: 'sha1' }, 0x0300, [20, 24, 8]],
    [{ type: 'stream', cipher: 'rc4', mac: 'md5' }, 0x0301, [16, 16, 0]],
    [{ type: 'stream', cipher: 'null', mac: 'sha256' }, 0x0303, [32, 0, 0]],
    [{ type: 'aead', cipher: 'aes128gcm' }, 0x0303, [0, 16, 4]], // RFC 5288 3: 4-byte salt
    [{ type: 'aead', cipher: 'aes256ccm_8' }, 0x0303, [0, 32, 4]], // RFC 6655 3
    [{ type: 'aead', cipher: 'chacha20-poly1305' }, 0x0303, [0, 32, 12]], // RFC 7905 2
    [{ type: 'aead', cipher: 'chacha20-poly1305_draft00' }, 0x0303, [0, 32, 4]],
    [{ type: 'aead', cipher: 'aes128gcm' }, 0x0304, [0, 16, 12]], // RFC 8446 5.3
    [{ type: 'null' }, 0x0303, [0, 0, 0]],
  ];
  for (const [spec, version, [mac, key, iv]] of cases) {
    const sizes = keySizes(provider, version, spec);
    t.same([sizes.macKeyLength, sizes.keyLength, sizes.ivLength], [mac, key, iv], `${JSON.stringify(spec)} v${version.toString(16)}`);
    t.equal(keyBlockLength(sizes), 2 * (mac + key + iv));
  }
});

t.test('the block is cut client MAC, server MAC, client key, server key, client IV, server IV', async (t) => {
  const sizes = { macKeyLength: 3, keyLength: 2, ivLength: 1 };
  const block = Uint8Array.from({ length: 14 }, (_, i) => i);
  const { client, server } = splitKeyBlock(block, sizes);
  t.same(Array.from(client.macKey), [0, 1, 2]);
  t.same(Array.from(server.macKey), [3, 4, 5]);
  t.same(Array.from(client.key), [6, 7]);
  t.same(Array.from(server.key), [8, 9]);
  t.same(Array.from(client.iv), [10]);
  t.same(Array.from(server.iv), [11]);
  block[0] = 99;
  t.equal(client.macKey[0], 0, 'copies, not views');
  t.throws(() => splitKeyBlock(block.subarray(0, 11), sizes), RangeError, 'too short');
});
