/**
 * Node's tls in a child process (bench/node-peer.mjs), for bench/tls.ts:
 * with the peer out of process, the benchmark's own CPU time is what the
 * measured side spent, and the peer's work does not queue on its event
 * loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type tls from 'node:tls';

type Reply = Record<string, unknown> & { error?: string };

/** A forked Node tls peer. */
export class NodePeer {
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  static async start(): Promise<NodePeer> {
    const child = fork(new URL('./node-peer.mjs', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await once(child, 'spawn');
    return new NodePeer(child);
  }

  async #ask<T>(message: Record<string, unknown>): Promise<T> {
    this.#child.send(message);
    const [reply] = (await once(this.#child, 'message')) as [Reply];
    if (reply.error) throw new Error(`node peer: ${reply.error}`);
    return reply as T;
  }

  /** Starts a sink server (reads and discards); resolves with its port. */
  async listen(options: tls.TlsOptions): Promise<number> {
    return (await this.#ask<{ port: number }>({ cmd: 'listen', tls: options })).port;
  }

  /** Sequential client handshakes against 127.0.0.1:port for `seconds` (after a 100 ms warm-up). */
  handshakes(port: number, options: tls.ConnectionOptions, seconds: number, resume: boolean) {
    return this.#ask<{ n: number; resumed: number; seconds: number }>({ cmd: 'handshakes', port, tls: options, seconds, resume });
  }

  /** One client connection writing `bytes` in `write`-byte writes; resolves when it has ended. */
  bulk(port: number, options: tls.ConnectionOptions, bytes: number, write: number) {
    return this.#ask<{ seconds: number }>({ cmd: 'bulk', port, tls: options, bytes, write });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    this.#child.send({ cmd: 'exit' });
    await once(this.#child, 'exit');
  }
}
