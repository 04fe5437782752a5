/**
 * The HTTP side of `tlslite server`: a static file server over one
 * directory (tls.py's SimpleHTTPRequestHandler), as a request listener
 * for Node's http.Server.
 *
 * Path safety: the URL path is percent-decoded once; a NUL byte or a
 * malformed escape is a 400; any `..` segment is a 403 (we do not
 * silently rewrite it); the file found is resolved with realpath and
 * must lie inside the root's realpath, so a symlink cannot lead out
 * (403). Missing files are 404, unreadable ones 403. Only GET and HEAD
 * (405 otherwise). Directories without a trailing slash redirect (301);
 * with one they serve index.html or a listing.
 *
 * @module
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type http from 'node:http';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/vnd.microsoft.icon',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.pem': 'application/x-pem-file',
  '.der': 'application/pkix-cert',
  '.mp4': 'video/mp4',
};

/** The Content-Type for a file name (application/octet-stream when unknown). */
export function contentTypeOf(name: string): string {
  return TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** Where a request path leads, or the status that refuses it. */
export type Resolution =
  | { readonly kind: 'file'; readonly path: string; readonly stat: fs.Stats }
  | { readonly kind: 'directory'; readonly path: string; readonly urlPath: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'error'; readonly status: 400 | 403 | 404 };

/**
 * Resolves the path part of a request URL under `root` (which must be
 * a real path: no symlink in it, see `realRoot`).
 */
export async function resolveRequestPath(root: string, rawUrl: string): Promise<Resolution> {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/';
  if (!rawPath.startsWith('/')) return { kind: 'error', status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'error', status: 400 };
  }
  if (decoded.includes('\0')) return { kind: 'error', status: 400 };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { kind: 'error', status: 403 };
  const candidate = path.join(root, ...segments);
  let real: string;
  try {
    real = await fsp.realpath(candidate);
  } catch (error) {
    return { kind: 'error', status: statusOf(error) };
  }
  if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return { kind: 'error', status: 403 };
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(real);
  } catch (error) {
    return { kind: 'error', status: statusOf(error) };
  }
  if (stat.isDirectory()) {
    if (!decoded.endsWith('/')) return { kind: 'redirect', location: `${rawPath}/` };
    return { kind: 'directory', path: real, urlPath: decoded };
  }
  if (!stat.isFile()) return { kind: 'error', status: 403 };
  return { kind: 'file', path: real, stat };
}

function statusOf(error: unknown): 403 | 404 {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 403 : 404;
}

/** The root directory as a real path (symlinks in the root itself are fine; links out of it are not). */
export function realRoot(dir: string): string {
  const real = fs.realpathSync(path.resolve(dir));
  if (!fs.statSync(real).isDirectory()) throw new Error(`${dir} is not a directory`);
  return real;
}

const MESSAGES: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' };

function sendText(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': bytes.length, ...headers });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function sendError(req: http.IncomingMessage, res: http.ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const message = MESSAGES[status] ?? 'Error';
  sendText(req, res, status, `<!DOCTYPE html>\n<title>${status} ${message}</title>\n<h1>${status} ${message}</h1>\n`, headers);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, stat: fs.Stats): Promise<void> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (error) {
    return sendError(req, res, statusOf(error));
  }
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': stat.size,
    'Last-Modified': stat.mtime.toUTCString(),
  });
  if (req.method === 'HEAD') {
    await handle.close();
    res.end();
    return;
  }
  const stream = handle.createReadStream({ start: 0, end: Math.max(0, stat.size - 1) });
  if (stat.size === 0) {
    stream.destroy();
    res.end();
    return;
  }
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

async function sendListing(req: http.IncomingMessage, res: http.ServerResponse, dir: string, urlPath: string): Promise<void> {
  const index = path.join(dir, 'index.html');
  try {
    const stat = await fsp.stat(index);
    if (stat.isFile()) return await sendFile(req, res, index, stat);
  } catch {
    // No index.html: list the directory.
  }
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (error) {
    return sendError(req, res, statusOf(error));
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const title = `Directory listing for ${escapeHtml(urlPath)}`;
  const items = entries.map((e) => {
    const name = e.name + (e.isDirectory() ? '/' : '');
    return `<li><a href="${escapeHtml(encodeURIComponent(e.name) + (e.isDirectory() ? '/' : ''))}">${escapeHtml(name)}</a></li>`;
  });
  sendText(req, res, 200, `<!DOCTYPE html>\n<title>${title}</title>\n<h1>${title}</h1>\n<hr>\n<ul>\n${items.join('\n')}\n</ul>\n<hr>\n`);
}

/** A request listener serving the files under `root` (a directory path). */
export function fileServer(root: string): http.RequestListener {
  const base = realRoot(root);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(req, res, 405, { Allow: 'GET, HEAD' });
    resolveRequestPath(base, req.url ?? '/').then(
      (r) => {
        switch (r.kind) {
          case 'error':
            return sendError(req, res, r.status);
          case 'redirect':
            return sendText(req, res, 301, '', { Location: r.location });
          case 'directory':
            return sendListing(req, res, r.path, r.urlPath);
          case 'file':
            return sendFile(req, res, r.path, r.stat);
        }
      },
      () => sendError(req, res, 404),
    ).catch(() => res.destroy());
  };
}
