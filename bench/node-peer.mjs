// The Node tls side of bench/tls.ts, in a process of its own, so that the
// benchmark process's CPU time is the measured side's alone and the two
// sides do not share one event loop. Driven over IPC by bench/node-peer.ts:
//
//   {cmd: 'listen', tls}                  -> {port}: a sink server (reads and discards)
//   {cmd: 'handshakes', port, tls, seconds, resume}
//                                         -> {n, resumed, seconds}: sequential client handshakes
//   {cmd: 'bulk', port, tls, bytes, write} -> {seconds}: one client writes `bytes`, then ends
//   {cmd: 'exit'}
//
// `tls` is the node:tls options object (cert and key as PEM text for servers).
import tls from 'node:tls';
import { once } from 'node:events';

/** One client connection, resolved after its handshake. */
async function connect(port, options, session) {
  const socket = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, ...options, ...(session && { session }) });
  socket.on('error', () => {});
  let ticket;
  socket.on('session', (s) => (ticket = s));
  await once(socket, 'secureConnect');
  return { socket, resumed: socket.isSessionReused(), session: () => ticket };
}

/** A session to resume with: TLS 1.3 and ticket sessions arrive after the handshake. */
async function firstSession(port, options) {
  const { socket, session } = await connect(port, options);
  for (let i = 0; i < 50 && !session(); i++) await new Promise((r) => setTimeout(r, 2));
  socket.end();
  return session();
}

async function handshakes({ port, tls: options, seconds, resume }) {
  const session = resume ? await firstSession(port, options) : undefined;
  const run = async (until) => {
    let n = 0;
    let resumed = 0;
    while (performance.now() < until) {
      const c = await connect(port, options, session);
      if (c.resumed) resumed++;
      // end(), not destroy(): destroy() right after 'secureConnect' drops
      // the client's Finished still queued for the socket, and the server
      // would measure a handshake that fails (EOF) instead of one that completes.
      c.socket.end();
      n++;
    }
    return { n, resumed };
  };
  await run(performance.now() + 100);
  const t0 = performance.now();
  const { n, resumed } = await run(t0 + seconds * 1000);
  return { n, resumed, seconds: (performance.now() - t0) / 1000 };
}

async function bulk({ port, tls: options, bytes, write }) {
  const { socket } = await connect(port, options);
  const chunk = Buffer.alloc(write, 0x61);
  const t0 = performance.now();
  for (let sent = 0; sent < bytes; sent += write) {
    if (!socket.write(chunk)) await once(socket, 'drain');
  }
  await new Promise((resolve) => socket.end(resolve));
  const seconds = (performance.now() - t0) / 1000;
  socket.destroy();
  return { seconds };
}

let server;
process.on('message', async (msg) => {
  try {
    switch (msg.cmd) {
      case 'listen':
        server = tls.createServer(msg.tls, (s) => {
          s.on('data', () => {});
          s.on('error', () => {});
        });
        server.listen(0, '127.0.0.1');
        await once(server, 'listening');
        process.send({ port: server.address().port });
        break;
      case 'handshakes':
        process.send(await handshakes(msg));
        break;
      case 'bulk':
        process.send(await bulk(msg));
        break;
      case 'exit':
        process.exit(0);
    }
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
