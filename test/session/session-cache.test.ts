import t from 'tap';
import { Session } from '../../src/session/session.js';
import { SessionCache, type SessionStore } from '../../src/session/session-cache.js';

const id = (...bytes: number[]) => Uint8Array.from(bytes);
const session = (...sid: number[]) => new Session().create({ sessionID: id(...sid), masterSecret: new Uint8Array(48) });

function clock(start = 1_000_000) {
  const c = { now: start, fn: () => c.now };
  return c;
}

t.test('defaults are the seed\'s', async (t) => {
  const cache = new SessionCache();
  t.equal(cache.maxEntries, 10000);
  t.equal(cache.maxAge, 14400);
  t.equal(cache.size, 0);
});

t.test('set/get return the same instance; unknown IDs give undefined', async (t) => {
  const cache = new SessionCache();
  const s = session(1, 2, 3);
  cache.set(s.sessionID, s);
  t.equal(cache.get(id(1, 2, 3)), s, 'same object, looked up by value');
  t.ok(cache.has(id(1, 2, 3)));
  t.equal(cache.get(id(1, 2)), undefined);
  t.equal(cache.get(new Uint8Array(0)), undefined, 'an empty ID from the peer is not an error');
  t.equal(cache.get(new Uint8Array(33)), undefined, 'an oversized ID from the peer is not an error');
  // A session invalidated after it was cached is not returned (seed behaviour).
  s.resumable = false;
  t.equal(cache.get(id(1, 2, 3)), undefined);
  s.resumable = true;
  t.equal(cache.get(id(1, 2, 3)), s);
  cache.delete(id(1, 2, 3));
  t.equal(cache.get(id(1, 2, 3)), undefined);
  cache.set(id(4), session(4));
  cache.clear();
  t.equal(cache.size, 0);
});

t.test('entries expire after maxAge seconds', async (t) => {
  const c = clock();
  const cache = new SessionCache(10, 60, { now: c.fn });
  cache.set(id(1), session(1));
  c.now += 30_000;
  cache.set(id(2), session(2));
  c.now += 30_000;
  t.ok(cache.get(id(1)), 'exactly maxAge old: still there');
  c.now += 1;
  t.equal(cache.get(id(1)), undefined, 'older than maxAge: gone');
  t.equal(cache.size, 1, 'purged');
  t.ok(cache.get(id(2)));
  c.now += 30_000;
  t.equal(cache.get(id(2)), undefined);
  t.equal(cache.size, 0);
});

t.test('re-storing an ID refreshes it', async (t) => {
  const c = clock();
  const cache = new SessionCache(10, 60, { now: c.fn });
  cache.set(id(1), session(1));
  c.now += 50_000;
  const fresh = session(1);
  cache.set(id(1), fresh);
  cache.set(id(2), session(2));
  c.now += 20_000;
  t.equal(cache.get(id(1)), fresh);
  t.equal(cache.size, 2);
});

t.test('when full, the oldest entries go', async (t) => {
  const cache = new SessionCache(3);
  for (let i = 1; i <= 5; i++) cache.set(id(i), session(i));
  t.equal(cache.size, 3);
  t.equal(cache.get(id(1)), undefined);
  t.equal(cache.get(id(2)), undefined);
  t.ok(cache.get(id(3)) && cache.get(id(4)) && cache.get(id(5)));
  const one = new SessionCache(1);
  one.set(id(1), session(1));
  one.set(id(2), session(2));
  t.same([one.get(id(1)), one.get(id(2))?.sessionID], [undefined, id(2)]);
});

t.test('concurrent handshakes: interleaved async users see consistent state', async (t) => {
  const cache = new SessionCache(50);
  const store: SessionStore = cache;
  // 200 "handshakes" interleaving at awaits: each stores then resumes its own session.
  const results = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const s = session(i >> 8, i & 0xff, 7);
      await store.set(s.sessionID, s);
      await new Promise((r) => setImmediate(r));
      return (await store.get(s.sessionID)) === s;
    }),
  );
  // Only the last 50 stored can still be there; every hit is the right object.
  t.equal(results.filter(Boolean).length, 50);
  t.equal(cache.size, 50);
});

t.test('argument checks', async (t) => {
  t.throws(() => new SessionCache(0), RangeError);
  t.throws(() => new SessionCache(1.5), TypeError);
  t.throws(() => new SessionCache('10' as never), TypeError);
  t.throws(() => new SessionCache(10, 0), RangeError);
  t.throws(() => new SessionCache(10, NaN), TypeError);
  const cache = new SessionCache();
  t.throws(() => cache.set(new Uint8Array(0), session(1)), { name: 'RangeError', message: /sessionID/ });
  t.throws(() => cache.set(new Uint8Array(33), session(1)), RangeError);
  t.throws(() => cache.set(id(1), {} as never), TypeError);
  t.throws(() => cache.get('ab' as never), TypeError);
  t.throws(() => cache.delete([1] as never), TypeError);
});
