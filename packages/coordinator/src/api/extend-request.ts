// `extend` requests: continue a finished or cancelled run as a new run from its stored block store. The checks are
// the runner's (`prepareExtension`), the same as `mcx extend RESULT.json`; this unit fetches what they need.
import { McxError, McxErrorCode, type ResultDocument, ResultDocumentSchema, specToYaml } from "@mcx/core";
import { type ExtendReply, type ExtendRequest, isFinalStatus } from "@mcx/protocol";
import { type ExtensionRequest, prepareExtension, sizeRun } from "@mcx/runner";
import type { z } from "zod";
import { storedBlockStore } from "../store/stored-block-store.ts";
import type { ApiBackend } from "./backend.ts";
import { newRunId } from "./run-id.ts";
import { submitReply } from "./submit-spec.ts";

/** Seconds of the pilot that sizes the extension's shards (as `submit`'s). */
const PILOT_SECONDS = 0.1;

/** What a result holds, for the reply: "12000 trials, completed". */
function describe(doc: ResultDocument): string {
  return `${doc.points.reduce((n, p) => n + p.trials, 0)} trials, ${doc.status.replace(/_/g, " ")}`;
}

async function storedResult(backend: ApiBackend, runId: string): Promise<ResultDocument> {
  const run = await backend.getRecord(runId);
  if (!run) {
    throw new McxError(McxErrorCode.RUN_NOT_FOUND, `run ${runId} does not exist`, {
      hint: "list runs with `mcx status`",
    });
  }
  if (!isFinalStatus(run.status) || run.status === "failed") {
    throw new McxError(
      McxErrorCode.NOT_EXTENDABLE,
      `run ${runId} is ${run.status}: only a completed, target_not_met or cancelled run can be extended`,
      run.status === "running" ? { hint: `wait for it (mcx watch ${runId}) or cancel it first` } : undefined,
    );
  }
  const json = await backend.getResult(runId);
  const parsed = json === undefined ? undefined : ResultDocumentSchema.safeParse(JSON.parse(json));
  if (!parsed?.success)
    throw new McxError(McxErrorCode.INTERNAL, `the result document of run ${runId} is missing or invalid`);
  return parsed.data;
}

/**
 * Checks an extension of a stored run, plans only its new blocks and starts it as a new run that records what it
 * extends (so a restarted coordinator resumes it from the same base).
 * @throws McxError MCX_RUN_NOT_FOUND, MCX_NOT_EXTENDABLE, MCX_EXTEND_MISMATCH, SpecError (nothing is started)
 */
export async function extendRun(backend: ApiBackend, req: z.output<typeof ExtendRequest>): Promise<ExtendReply> {
  const doc = await storedResult(backend, req.runId);
  const bundle = doc.provenance?.simulation.bundle;
  if (bundle !== undefined) {
    // Extending needs the simulation's parameter schema, and the coordinator never loads user code.
    throw new McxError(
      McxErrorCode.NOT_EXTENDABLE,
      `run ${req.runId} is of a user simulation (bundle ${bundle}): the coordinator does not run user code to extend it`,
      {
        hint: `extend its result on a machine that ran or submitted it: mcx results ${req.runId} --json > r.json && mcx extend r.json …`,
      },
    );
  }
  const content = await storedBlockStore((id) => backend.getBlockStore(id), req.runId, doc);
  const request: ExtensionRequest =
    req.spec !== undefined
      ? { spec: req.spec }
      : {
          change: {
            ...(req.trials === undefined ? {} : { trials: req.trials }),
            ...(req.stop === undefined ? {} : { stop: req.stop }),
            ...(req.points === undefined ? {} : { points: req.points }),
          },
        };
  const extension = prepareExtension(doc, request, content === undefined ? {} : { content });
  const { plan } = sizeRun(extension.spec, {
    runId: newRunId(extension.spec.name),
    threads: Math.max(2, backend.threads()),
    pilotSeconds: PILOT_SECONDS,
    base: extension.base,
    ...(req.shardTrials === undefined ? {} : { shardTrials: req.shardTrials }),
  });
  const record = await backend.submit(plan, specToYaml(extension.spec.source), `${req.runId}.extended.yaml`, {
    extendsRun: req.runId,
  });
  return {
    ...submitReply(plan, record),
    from: describe(doc),
    spec: extension.spec.source as Record<string, unknown>,
  };
}
