import net from 'node:net';

/** A TCP proxy on 127.0.0.1 that a test can cut (every open connection destroyed) or stall (server side unread). */
export interface TcpProxy {
  readonly port: number;
  /** Destroy every proxied connection (the listener stays: clients may reconnect). */
  cut(): void;
  /** Stop reading from the upstream (server) side of every connection: the server's socket queue grows. */
  stallUpstream(): void;
  /** Read from the upstream side again. */
  resumeUpstream(): void;
  close(): Promise<void>;
}

/**
 * Start a proxy to `127.0.0.1:targetPort`.
 *
 * @param targetPort - the server's port
 * @returns the proxy
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = (): void => {
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    cut,
    stallUpstream() {
      for (const [client, upstream] of pairs) {
        upstream.unpipe(client);
        upstream.pause();
      }
    },
    resumeUpstream() {
      for (const [client, upstream] of pairs) {
        upstream.pipe(client);
        upstream.resume();
      }
    },
    close() {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
