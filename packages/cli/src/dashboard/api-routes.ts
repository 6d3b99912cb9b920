import type { FastifyInstance } from "fastify";
import type { CoordinatorLink } from "./coordinator-link.ts";
import type { FeedRegistry } from "./feeds.ts";
import { RUN_ID, sendFailure } from "./http-errors.ts";
import type { WorkersView } from "./live-types.ts";
import type { RunsPoller } from "./runs-poller.ts";
import { openEventStream } from "./sse.ts";

/** What the coordinator API does not serve yet, shown as such on the workers page (never estimated). */
export const NOT_IN_API = [
  "queue counts (waiting, active, delayed, failed)",
  "dead letters",
  "throughput per worker over the last minute",
  "shards retried (live)",
] as const;

export interface ApiContext {
  readonly link: CoordinatorLink;
  readonly feeds: FeedRegistry;
  readonly runs: RunsPoller;
}

/** The JSON and event-stream API of the page: runs, one run live, its history, cancel, workers, health. */
export function registerApi(app: FastifyInstance, ctx: ApiContext): void {
  const { link, feeds, runs } = ctx;
  app.get("/api/runs", async (_req, reply) => runs.fetch().catch((e) => sendFailure(reply, e)));

  app.get("/api/runs/stream", (request, reply) => {
    const stream = openEventStream(request, reply);
    stream.onClose(runs.subscribe((view) => stream.send("runs", view)));
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id", async (request, reply) => {
    if (!RUN_ID.test(request.params.id))
      return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
    return link.status(request.params.id).catch((e) => sendFailure(reply, e));
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id/live", async (request, reply) => {
    const { id } = request.params;
    if (!RUN_ID.test(id)) return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
    let simulation: string;
    try {
      simulation = (await link.status(id)).simulation;
    } catch (e) {
      return sendFailure(reply, e);
    }
    const stream = openEventStream(request, reply);
    stream.onClose(feeds.get(id, simulation).subscribe((run) => stream.send("run", run)));
    return reply;
  });

  app.get<{ Params: { id: string }; Querystring: { point?: string } }>(
    "/api/runs/:id/history",
    async (request, reply) => {
      const point = Number(request.query.point ?? "0");
      const feed = feeds.find(request.params.id);
      if (feed === undefined || !Number.isSafeInteger(point) || point < 0)
        return reply.code(404).send({ error: { status: 404, message: "run not followed or no such point" } });
      return feed.history(point);
    },
  );

  app.post<{ Params: { id: string } }>("/api/runs/:id/cancel", async (request, reply) => {
    if (!RUN_ID.test(request.params.id))
      return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
    return link.cancel(request.params.id).catch((e) => sendFailure(reply, e));
  });

  app.get("/api/workers", async (_req, reply) => {
    try {
      const list = await link.list(1);
      const view: WorkersView = {
        workers: list.workers,
        coordinator: list.coordinator,
        missing: NOT_IN_API,
        at: new Date().toISOString(),
      };
      return view;
    } catch (e) {
      return sendFailure(reply, e);
    }
  });

  app.get("/api/health", async () => {
    const memory = process.memoryUsage();
    return {
      ok: true,
      followedRuns: feeds.size,
      retainedRows: feeds.retainedRows(),
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
    };
  });
}
