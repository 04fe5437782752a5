/**
 * The file server's path resolution and content types, directly: `..`
 * in any spelling, symlinks out of the root, NUL bytes, redirects.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentTypeOf, realRoot, resolveRequestPath } from '../../src/cli/file-server.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-fs-'));
t.teardown(() => fs.rmSync(base, { recursive: true, force: true }));
const root = path.join(base, 'root');
fs.mkdirSync(path.join(root, 'dir', 'deeper'), { recursive: true });
fs.writeFileSync(path.join(root, 'a file.txt'), 'x');
fs.writeFileSync(path.join(root, 'dir', 'page.html'), 'y');
fs.writeFileSync(path.join(base, 'outside.txt'), 'z');
fs.symlinkSync(path.join(base, 'outside.txt'), path.join(root, 'out-link'));
fs.symlinkSync(base, path.join(root, 'out-dir'));
fs.symlinkSync(path.join(root, 'dir'), path.join(root, 'in-dir'));
const real = realRoot(root);

t.test('files inside the root', async (t) => {
  const r = await resolveRequestPath(real, '/a%20file.txt?query#frag');
  t.equal(r.kind, 'file');
  t.equal(r.kind === 'file' && r.path, path.join(real, 'a file.txt'));
  const viaLink = await resolveRequestPath(real, '/in-dir/page.html');
  t.equal(viaLink.kind === 'file' && viaLink.path, path.join(real, 'dir', 'page.html'), 'a symlink inside the root is followed');
  const dotted = await resolveRequestPath(real, '/./dir/./page.html');
  t.equal(dotted.kind, 'file', '"." segments are harmless');
});

t.test('traversal in every spelling is 403', async (t) => {
  for (const url of ['/../outside.txt', '/dir/../../outside.txt', '/%2e%2e/outside.txt', '/%2E%2E%2Foutside.txt', '/dir/%2e./x', '/..', '/dir/..']) {
    t.same(await resolveRequestPath(real, url), { kind: 'error', status: 403 }, url);
  }
  t.same(await resolveRequestPath(real, '/out-link'), { kind: 'error', status: 403 }, 'symlink to a file outside');
  t.same(await resolveRequestPath(real, '/out-dir/outside.txt'), { kind: 'error', status: 403 }, 'symlink to a directory outside');
});

t.test('bad requests and missing files', async (t) => {
  t.same(await resolveRequestPath(real, '/a%00b'), { kind: 'error', status: 400 }, 'NUL');
  t.same(await resolveRequestPath(real, '/%e0%a4%a'), { kind: 'error', status: 400 }, 'malformed escape');
  t.same(await resolveRequestPath(real, 'relative'), { kind: 'error', status: 400 });
  t.same(await resolveRequestPath(real, '/nope.txt'), { kind: 'error', status: 404 });
  t.same(await resolveRequestPath(real, '/a%20file.txt/more'), { kind: 'error', status: 404 }, 'a file used as a directory');
});

t.test('directories', async (t) => {
  t.same(await resolveRequestPath(real, '/dir'), { kind: 'redirect', location: '/dir/' });
  const d = await resolveRequestPath(real, '/dir/');
  t.equal(d.kind, 'directory');
  t.equal((await resolveRequestPath(real, '/')).kind, 'directory', 'the root itself');
});

t.test('content types', async (t) => {
  t.equal(contentTypeOf('index.HTML'), 'text/html; charset=utf-8');
  t.equal(contentTypeOf('a.txt'), 'text/plain; charset=utf-8');
  t.equal(contentTypeOf('x.json'), 'application/json');
  t.equal(contentTypeOf('x.png'), 'image/png');
  t.equal(contentTypeOf('x.pem'), 'application/x-pem-file');
  t.equal(contentTypeOf('noext'), 'application/octet-stream');
});
