import { compareResults, McxError, McxErrorCode, type ResultDocument } from "@mcx/core";
import type { FastifyInstance, FastifyReply } from "fastify";
import { resultToCsv } from "../csv/result-csv.ts";
import { renderReport } from "../report/render.ts";
import type { CoordinatorLink } from "./coordinator-link.ts";
import { RUN_ID, sendFailure } from "./http-errors.ts";
import { COMPARE_BASELINE } from "./live-types.ts";
import { ResultCache } from "./result-cache.ts";

/** What a report is compared with: another run's result, or the baseline of the schedule that started the run. */
interface Other {
  readonly doc: ResultDocument;
  readonly name: string;
  /** How points pair up: a baseline pairs as the coordinator's verdict does (by index when both have as many). */
  readonly match?: "index" | "params";
}

/**
 * The baseline the run's schedule holds now, with its digest as the cache key (a schedule replaced with another
 * baseline gets a new key).
 * @throws McxError MCX_SCHEDULE_NOT_FOUND when no schedule started the run, or its schedule has no baseline
 */
async function baselineOf(
  link: CoordinatorLink,
  cache: ResultCache,
  runId: string,
  run: ResultDocument,
): Promise<Other> {
  const name = (await link.status(runId)).scheduledBy;
  if (name === undefined)
    throw new McxError(McxErrorCode.SCHEDULE_NOT_FOUND, `run ${runId} was not started by a schedule`);
  const digest = (await link.schedules()).find((s) => s.name === name)?.baselineDigest;
  if (digest === undefined) throw new McxError(McxErrorCode.SCHEDULE_NOT_FOUND, `schedule ${name} has no baseline`);
  const { doc } = await cache.get(`baseline/${name}/${digest}`, `the baseline of schedule ${name}`, () =>
    link.baselineText(name),
  );
  return {
    doc,
    name: `baseline of schedule ${name}`,
    match: doc.points.length === run.points.length ? "index" : "params",
  };
}

function download(reply: FastifyReply, name: string, type: string, body: string): FastifyReply {
  return reply.header("content-type", type).header("content-disposition", `attachment; filename="${name}"`).send(body);
}

/**
 * A finished run: its report (the renderer of `mcx report`, with a comparison against another run or the schedule's
 * baseline), and its result as JSON (the stored document) or CSV (as `mcx results --csv`).
 */
export function registerResults(app: FastifyInstance, link: CoordinatorLink, generator: string): void {
  const cache = new ResultCache();
  const result = (runId: string) => cache.get(runId, `the result of run ${runId}`, () => link.resultText(runId));
  app.get<{ Params: { id: string }; Querystring: { compare?: string } }>(
    "/api/runs/:id/report.html",
    async (request, reply) => {
      const { id } = request.params;
      // `compare=<run id>`: that run's result; `compare=baseline`: the baseline of the run's schedule.
      const compare = request.query.compare;
      if (!RUN_ID.test(id) || (compare !== undefined && !RUN_ID.test(compare)))
        return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
      try {
        const { doc } = await result(id);
        const other: Other | undefined =
          compare === undefined
            ? undefined
            : compare === COMPARE_BASELINE
              ? await baselineOf(link, cache, id, doc)
              : { doc: (await result(compare)).doc, name: `run ${compare}` };
        const html = renderReport(doc, {
          source: `run ${id}`,
          generator,
          ...(other === undefined
            ? {}
            : {
                compare: {
                  report: compareResults(doc, other.doc, other.match === undefined ? {} : { match: other.match }),
                  other: other.doc,
                  otherName: other.name,
                },
              }),
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
    return result(id).then(
      ({ text }) => download(reply, `${id}.json`, "application/json; charset=utf-8", text),
      (e) => sendFailure(reply, e),
    );
  });
  app.get<{ Params: { id: string } }>("/api/runs/:id/result.csv", async (request, reply) => {
    const { id } = request.params;
    if (!RUN_ID.test(id)) return reply.code(400).send({ error: { status: 400, message: "not a run id" } });
    return result(id).then(
      ({ doc }) => download(reply, `${id}.csv`, "text/csv; charset=utf-8", resultToCsv(doc)),
      (e) => sendFailure(reply, e),
    );
  });
}
