import t from 'tap';
import { providerFor } from '../../src/crypto/select.js';

t.test('cipherImplementations names are validated', async (t) => {
  t.throws(() => providerFor([]), TypeError);
  t.throws(() => providerFor(['gpu']), /cipherImplementations: unknown implementation "gpu"/);
  t.equal(providerFor(['python']), providerFor(['pure']), 'the seed name "python" means pure');
});
