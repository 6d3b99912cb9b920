import type { FastifyInstance } from "fastify";
import type { CoordinatorLink } from "./coordinator-link.ts";
import type { FeedRegistry } from "./feeds.ts";
import { RUN_ID, sendFailure } from "./http-errors.ts";
import type { RunDeadLetters, WorkersView } from "./live-types.ts";
import type { RunsPoller } from "./runs-poller.ts";
import { openEventStream } from "./sse.ts";

/** Dead letters shown on the workers page (the newest), and on a run's page. */
const DEAD_LETTERS_LISTED = { workers: 20, run: 50 } as const;

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
    // Queues and dead letters come from Redis through the coordinator: without them the workers still show.
    const problems: string[] = [];
    const partly = <T>(what: string, p: Promise<T>): Promise<T | null> =>
      p.catch((e: unknown) => {
        problems.push(`${what}: ${(e as Error).message}`);
        return null;
      });
    try {
      const [list, queues, deadLetters] = await Promise.all([
        link.list(1),
        partly("queue counts", link.queues()),
        partly("dead letters", link.deadLetters({ limit: DEAD_LETTERS_LISTED.workers })),
      ]);
      const view: WorkersView = {
        workers: list.workers,
        coordinator: list.coordinator,
        queues,
        deadLetters,
        problems,
        at: new Date().toISOString(),
      };
      return view;
    } catch (e) {
      return sendFailure(reply, e);
    }
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id/dead-letters", async (request, reply) => {
    const runId = request.params.id;
    if (!RUN_ID.test(runId)) return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
    try {
      const { matching, letters } = await link.deadLetters({ runId, limit: DEAD_LETTERS_LISTED.run });
      const view: RunDeadLetters = { matching, letters };
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
