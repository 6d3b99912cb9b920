import type { FastifyReply, FastifyRequest } from "fastify";
import { SECURITY_HEADERS } from "./security-headers.ts";

/** Seconds between two keep-alive comments, so proxies and browsers keep an idle stream open. */
const KEEPALIVE_MS = 15_000;

/** A server-sent event stream on one response (the fastify reply is hijacked: fastify sends nothing itself). */
export interface EventStream {
  send(event: string, data: unknown): void;
  /** Runs `fn` once when the browser goes away (or the server closes the stream). */
  onClose(fn: () => void): void;
  close(): void;
}

/**
 * Opens `text/event-stream` on a reply (the format of the HTML standard's EventSource: `event:` and `data:` lines,
 * a blank line per event). Written here rather than with a plugin: @fastify/sse needs Node ≥ 20.20.2, and the
 * format is four lines.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  res.write(": mcx dashboard\n\n");
  const closers: (() => void)[] = [];
  let closed = false;
  const keepalive = setInterval(() => res.write(": keep-alive\n\n"), KEEPALIVE_MS);
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    for (const fn of closers) fn();
  };
  request.raw.on("close", finish);
  res.on("close", finish);
  return {
    send(event, data) {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn) {
      closers.push(fn);
    },
    close() {
      finish();
      res.end();
    },
  };
}
