import { compareResults, type ResultDocument } from "@mcx/core";
import type { FastifyInstance, FastifyReply } from "fastify";
import { resultToCsv } from "../csv/result-csv.ts";
import { parseResultText } from "../report/load-result.ts";
import { renderReport } from "../report/render.ts";
import type { CoordinatorLink } from "./coordinator-link.ts";
import { RUN_ID, sendFailure } from "./http-errors.ts";

/** Finished results kept in memory (each can be megabytes; a finished result never changes). */
const CACHED_RESULTS = 4;

/** A small most-recently-used cache of parsed result documents, by run id. */
class ResultCache {
  private readonly docs = new Map<string, { text: string; doc: ResultDocument }>();
  private readonly link: CoordinatorLink;

  constructor(link: CoordinatorLink) {
    this.link = link;
  }

  async get(runId: string): Promise<{ text: string; doc: ResultDocument }> {
    const hit = this.docs.get(runId);
    if (hit !== undefined) {
      this.docs.delete(runId);
      this.docs.set(runId, hit);
      return hit;
    }
    const text = await this.link.resultText(runId);
    const entry = { text, doc: parseResultText(text, `the result of run ${runId}`) };
    // The coordinator stores a result once, when the run ends: it never changes after.
    this.docs.set(runId, entry);
    while (this.docs.size > CACHED_RESULTS) this.docs.delete(this.docs.keys().next().value!);
    return entry;
  }
}

function download(reply: FastifyReply, name: string, type: string, body: string): FastifyReply {
  return reply.header("content-type", type).header("content-disposition", `attachment; filename="${name}"`).send(body);
}

/**
 * A finished run: its report (the renderer of `mcx report`, with a comparison against another run), and its result
 * as JSON (the stored document) or CSV (as `mcx results --csv`).
 */
export function registerResults(app: FastifyInstance, link: CoordinatorLink, generator: string): void {
  const cache = new ResultCache(link);
  app.get<{ Params: { id: string }; Querystring: { compare?: string } }>(
    "/api/runs/:id/report.html",
    async (request, reply) => {
      const { id } = request.params;
      const other = request.query.compare;
      if (!RUN_ID.test(id) || (other !== undefined && !RUN_ID.test(other)))
        return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
      try {
        const { doc } = await cache.get(id);
        const b = other === undefined ? undefined : (await cache.get(other)).doc;
        const html = renderReport(doc, {
          source: `run ${id}`,
          generator,
          ...(b === undefined
            ? {}
            : { compare: { report: compareResults(doc, b), other: b, otherName: `run ${other}` } }),
        });
        return reply.header("content-type", "text/html; charset=utf-8").send(html);
      } catch (e) {
        return sendFailure(reply, e);
      }
    },
  );
  app.get<{ Params: { id: string } }>("/api/runs/:id/result.json", async (request, reply) => {
    const { id } = request.params;
    if (!RUN_ID.test(id)) return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
    return cache.get(id).then(
      ({ text }) => download(reply, `${id}.json`, "application/json; charset=utf-8", text),
      (e) => sendFailure(reply, e),
    );
  });
  app.get<{ Params: { id: string } }>("/api/runs/:id/result.csv", async (request, reply) => {
    const { id } = request.params;
    if (!RUN_ID.test(id)) return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
    return cache.get(id).then(
      ({ doc }) => download(reply, `${id}.csv`, "text/csv; charset=utf-8", resultToCsv(doc)),
      (e) => sendFailure(reply, e),
    );
  });
}
