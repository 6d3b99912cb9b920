// The typed NATS client of the coordinator API, used by the CLI (and the dashboard). Replies are validated with
// @mcx/protocol's schemas; errors come back as the coordinator's McxError through the one error codec.

import { McxError, McxErrorCode, type ResultDocument, ResultDocumentSchema } from "@mcx/core";
import {
  ApiVerb,
  ErrorReply,
  fromErrorData,
  isFinalStatus,
  ListReply,
  type ListRequest,
  ProgressMessage,
  progressSubject,
  ResultsReply,
  type RunRecord,
  RunReply,
  type ScheduleAddRequest,
  ScheduleListReply,
  type ScheduleRecord,
  ScheduleReply,
  SubmitReply,
  type SubmitRequest,
} from "@mcx/protocol";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { z } from "zod";
import type { ClientOptions } from "./options.ts";
import { type SendOptions, sendRequest } from "./send-request.ts";

/** Options of {@link McxClient.watch}. */
export interface WatchOptions {
  /** Stops the iteration. */
  readonly signal?: AbortSignal;
  /**
   * How often the run's status is polled when no progress arrives (covers a coordinator restart).
   * @defaultValue 5000
   */
  readonly pollMs?: number;
}

/** The coordinator API. Every method throws McxError (the coordinator's code, or MCX_CONNECTION / MCX_TIMEOUT). */
export interface McxClient {
  /**
   * Submits a spec (its text, as written); resolves with the run id once the coordinator accepted it. While no
   * coordinator listens yet (one just started, or a standby taking over) it waits for one, up to the timeout.
   */
  submit(request: SubmitRequest): Promise<SubmitReply>;
  status(runId: string): Promise<RunRecord>;
  list(request?: ListRequest): Promise<ListReply>;
  /** Cancels a run; resolves with its final record (status `cancelled` with what was merged, or unchanged). */
  cancel(runId: string): Promise<RunRecord>;
  /** The result document's JSON text (as stored; non-finite numbers as strings). */
  resultText(runId: string): Promise<string>;
  /** The result document, validated. */
  results(runId: string): Promise<ResultDocument>;
  /**
   * Progress of a run until it ends: first its current state, then every progress message; the last one has a
   * final status. Ends at once for a finished run.
   */
  watch(runId: string, options?: WatchOptions): AsyncIterable<ProgressMessage>;
  /** Creates a schedule (or replaces one, with `replace`); resolves with its record once its job scheduler exists. */
  scheduleAdd(request: ScheduleAddRequest): Promise<ScheduleRecord>;
  /** Every schedule, by name, with its next tick. */
  scheduleList(): Promise<ScheduleRecord[]>;
  /** Removes a schedule: no more ticks; its runs and their results stay. Resolves with the removed record. */
  scheduleRemove(name: string): Promise<ScheduleRecord>;
  close(): Promise<void>;
}

function fromRecord(run: RunRecord): ProgressMessage {
  return {
    runId: run.runId,
    status: run.status,
    trialsDone: run.trialsDone,
    trialsPlanned: run.trialsPlanned,
    shardsDone: run.shardsDone,
    shardsPlanned: run.shardsPlanned,
    duplicatesDropped: run.duplicatesDropped,
    rejected: run.rejected,
    // Since submission (queueing included); live messages count from when the coordinator took the run.
    elapsedSeconds:
      Math.max(
        0,
        ((run.finishedAt === undefined ? Date.now() : Date.parse(run.finishedAt)) - Date.parse(run.submittedAt)) / 1000,
      ) || 0,
    ...(run.digest === undefined ? {} : { digest: run.digest }),
    ...(run.error === undefined ? {} : { error: run.error }),
    ...(run.regression === undefined ? {} : { regression: run.regression }),
    at: new Date().toISOString(),
  };
}

/**
 * Connects to NATS and returns a client of the coordinator API.
 * @throws McxError MCX_CONNECTION when NATS cannot be reached or refuses the credentials
 * @example
 * const client = await connectClient(clientOptionsFromEnv(process.env));
 * const { runId } = await client.submit({ spec: text, fileName: "spec.yaml" });
 * for await (const p of client.watch(runId)) console.log(p.trialsDone, p.status);
 */
export async function connectClient(options: ClientOptions = {}): Promise<McxClient> {
  const servers = options.servers && options.servers.length > 0 ? [...options.servers] : ["nats://127.0.0.1:4222"];
  const timeout = options.timeoutMs ?? 30_000;
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers,
      name: "mcx-cli",
      ...(options.token !== undefined
        ? { token: options.token }
        : {
            ...(options.user === undefined ? {} : { user: options.user }),
            ...(options.password === undefined ? {} : { pass: options.password }),
          }),
    });
  } catch (e) {
    throw new McxError(
      McxErrorCode.CONNECTION,
      `cannot connect to NATS at ${servers.join(",")}: ${(e as Error).message}`,
      {
        cause: e,
        hint: "check MCX_NATS_URL (or --nats) and MCX_NATS_USER/MCX_NATS_PASSWORD or MCX_NATS_TOKEN",
      },
    );
  }

  /** One API request, its reply validated with `schema`; `patient`: see {@link SendOptions}. */
  const request = async <T extends z.ZodType>(
    verb: ApiVerb,
    body: unknown,
    schema: T,
    patient = false,
  ): Promise<z.infer<T>> => {
    const raw = await sendRequest(nc, verb, body, { timeoutMs: timeout, patient });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new McxError(McxErrorCode.MESSAGE_INVALID, `the coordinator's ${verb} reply is not JSON`, { cause: e });
    }
    const failed = ErrorReply.safeParse(json);
    if (failed.success) throw fromErrorData(failed.data.error);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new McxError(
        McxErrorCode.MESSAGE_INVALID,
        `the coordinator's ${verb} reply is malformed: ${parsed.error.issues[0]?.message}`,
      );
    }
    return parsed.data;
  };

  const client: McxClient = {
    submit: (req) => request(ApiVerb.submit, req, SubmitReply, true),
    status: async (runId) => (await request(ApiVerb.status, { runId }, RunReply)).run,
    list: (req = {}) => request(ApiVerb.list, req, ListReply),
    cancel: async (runId) => (await request(ApiVerb.cancel, { runId }, RunReply)).run,
    async resultText(runId) {
      let text = "";
      for (;;) {
        const part = await request(ApiVerb.results, { runId, offset: text.length }, ResultsReply);
        text += part.chunk;
        if (part.done || part.chunk.length === 0) return text;
      }
    },
    async results(runId) {
      const text = await client.resultText(runId);
      const parsed = ResultDocumentSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        throw new McxError(
          McxErrorCode.RESULT_INVALID,
          `the result of run ${runId} is not a valid mcx-result/1 document`,
        );
      }
      return parsed.data;
    },
    watch(runId, watchOptions = {}) {
      const pollMs = watchOptions.pollMs ?? 5_000;
      return {
        async *[Symbol.asyncIterator]() {
          // Subscribe before reading the status, so the final message cannot slip between the two.
          const sub = nc.subscribe(progressSubject(runId));
          const messages = sub[Symbol.asyncIterator]();
          const stop = new Promise<"stop">((resolve) => {
            if (watchOptions.signal?.aborted) resolve("stop");
            watchOptions.signal?.addEventListener("abort", () => resolve("stop"), { once: true });
          });
          try {
            const first = fromRecord(await client.status(runId));
            yield first;
            if (isFinalStatus(first.status)) return;
            let pending = messages.next();
            for (;;) {
              let timer: ReturnType<typeof setTimeout> | undefined;
              const tick = new Promise<"tick">((resolve) => {
                timer = setTimeout(() => resolve("tick"), pollMs);
              });
              const next = await Promise.race([pending, tick, stop]);
              clearTimeout(timer);
              if (next === "stop") return;
              if (next === "tick") {
                // The coordinator may be restarting: a failed poll is retried at the next tick.
                const run = await client.status(runId).catch(() => undefined);
                if (run && isFinalStatus(run.status)) {
                  yield fromRecord(run);
                  return;
                }
                continue;
              }
              if (next.done) return;
              pending = messages.next();
              let body: unknown;
              try {
                body = next.value.json();
              } catch {
                continue;
              }
              const parsed = ProgressMessage.safeParse(body);
              if (!parsed.success) continue;
              yield parsed.data;
              if (isFinalStatus(parsed.data.status)) return;
            }
          } finally {
            sub.unsubscribe();
          }
        },
      };
    },
    scheduleAdd: async (req) => (await request(ApiVerb.scheduleAdd, req, ScheduleReply)).schedule,
    scheduleList: async () => (await request(ApiVerb.scheduleList, {}, ScheduleListReply)).schedules,
    scheduleRemove: async (name) => (await request(ApiVerb.scheduleRemove, { name }, ScheduleReply)).schedule,
    async close() {
      await nc.drain().catch(() => nc.close());
    },
  };
  return client;
}
