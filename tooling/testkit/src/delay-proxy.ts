// A TCP proxy that delays what it forwards, for latency and loss where the kernel has no `netem` qdisc. Every chunk
// is held `latencyMs` in each direction (so a round trip gains twice that); a share `loss` of the chunks stands for a
// lost segment and is held a retransmission timeout more, delaying everything behind it as TCP's in-order delivery
// does. Bytes are never dropped or reordered: what the services see is a slow, lossy link, not a corrupt one.
import { connect, createServer, type Server, type Socket } from "node:net";
import { seeded } from "./seeded.ts";

/** Options of {@link createDelayProxy}. */
export interface DelayProxyOptions {
  /** Where connections are forwarded. */
  readonly target: { readonly host: string; readonly port: number };
  /** Added to every chunk in each direction. */
  readonly latencyMs: number;
  /** Share of chunks delayed by `retransmitMs` more (a lost and retransmitted segment). @defaultValue 0 */
  readonly loss?: number;
  /** @defaultValue 200 (Linux's minimum retransmission timeout) */
  readonly retransmitMs?: number;
  /** Seed of the loss draws. @defaultValue 1 */
  readonly seed?: number;
  /** Address to listen on (port: a free one). @defaultValue "127.0.0.1" */
  readonly host?: string;
}

/** A running proxy. */
export interface DelayProxy {
  readonly host: string;
  readonly port: number;
  /** Connections accepted, chunks forwarded and chunks held as lost, since the start. */
  stats(): { connections: number; chunks: number; lost: number };
  /** Stops accepting and cuts every connection. */
  close(): Promise<void>;
}

/**
 * Listens on a free port and forwards each connection to `target` with the delays above.
 * @example const proxy = await createDelayProxy({ target: { host: "127.0.0.1", port: redis.port }, latencyMs: 50 });
 */
export async function createDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const loss = options.loss ?? 0;
  const retransmitMs = options.retransmitMs ?? 200;
  const random = seeded(options.seed ?? 1);
  const counters = { connections: 0, chunks: 0, lost: 0 };
  const sockets = new Set<Socket>();

  // One direction: a FIFO of chunks with their delivery times, never earlier than the chunk before.
  const delayed = (from: Socket, to: Socket): void => {
    const fifo: { at: number; chunk: Buffer | null }[] = [];
    let scheduled = false;
    let last = 0;
    const drain = (): void => {
      scheduled = false;
      const now = performance.now();
      while (fifo.length > 0 && fifo[0]!.at <= now) {
        const { chunk } = fifo.shift()!;
        if (to.destroyed) return;
        if (chunk === null) to.end();
        else to.write(chunk);
      }
      if (fifo.length > 0) {
        scheduled = true;
        setTimeout(drain, fifo[0]!.at - now);
      }
    };
    const push = (chunk: Buffer | null, extra: number): void => {
      last = Math.max(last, performance.now() + options.latencyMs + extra);
      fifo.push({ at: last, chunk });
      if (!scheduled) {
        scheduled = true;
        setTimeout(drain, last - performance.now());
      }
    };
    from.on("data", (chunk: Buffer) => {
      counters.chunks++;
      const lost = random() < loss;
      if (lost) counters.lost++;
      push(chunk, lost ? retransmitMs : 0);
    });
    from.on("end", () => push(null, 0));
  };

  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    counters.connections++;
    const upstream = connect({ host: options.target.host, port: options.target.port, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      // A reset on one side resets the other, as the peer of a dead connection would see.
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    delayed(client, upstream);
    delayed(upstream, client);
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port: 0 }, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");
  return {
    host,
    port: address.port,
    stats: () => ({ ...counters }),
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
