// The dashboard's one link to the coordinator: every use of the client goes through this file, so moving to another
// client package is a change of the `@mcx/client` lines below and nothing else.
import {
  type ClientOptions,
  clientOptionsFromEnv,
  connectClient,
  type DeadLettersReply,
  type DeadLettersRequest,
  isFinalStatus,
  type ListReply,
  type McxClient,
  type ProgressMessage,
  type QueueCounts,
  type RunRecord,
  type ScheduleRecord,
} from "@mcx/client";

// The client's types as the rest of the dashboard (and, through live-types.ts, the page) sees them.
export type * from "@mcx/client";
export { isFinalStatus };

/** What the dashboard asks of the coordinator (the `cli` role of the NATS permissions is enough). */
export interface CoordinatorLink {
  list(limit: number): Promise<ListReply>;
  status(runId: string): Promise<RunRecord>;
  cancel(runId: string): Promise<RunRecord>;
  /** The result document's JSON text, as stored. */
  resultText(runId: string): Promise<string>;
  schedules(): Promise<ScheduleRecord[]>;
  /** A schedule's baseline result document's JSON text. */
  baselineText(schedule: string): Promise<string>;
  /** Job counts of the shard and schedule queues. */
  queues(): Promise<QueueCounts[]>;
  /** Dead letters: counts per run and a page of them. */
  deadLetters(request: DeadLettersRequest): Promise<DeadLettersReply>;
  /** The run's current state, then every progress message until it ends or `signal` aborts. */
  watch(runId: string, signal: AbortSignal): AsyncIterable<ProgressMessage>;
  close(): Promise<void>;
}

/** Connection options from `--nats` and the environment (MCX_NATS_URL, MCX_NATS_USER/PASSWORD or MCX_NATS_TOKEN). */
export function linkOptions(env: NodeJS.ProcessEnv, nats: string | undefined): ClientOptions {
  return clientOptionsFromEnv(env, { nats });
}

/**
 * Connects to NATS as a client of the coordinator API.
 * @throws McxError MCX_CONNECTION when NATS cannot be reached or refuses the credentials
 */
export async function connectCoordinator(options: ClientOptions): Promise<CoordinatorLink> {
  const client: McxClient = await connectClient(options);
  return {
    list: (limit) => client.list({ limit }),
    status: (runId) => client.status(runId),
    cancel: (runId) => client.cancel(runId),
    resultText: (runId) => client.resultText(runId),
    schedules: () => client.scheduleList(),
    baselineText: (schedule) => client.scheduleBaselineText(schedule),
    queues: async () => (await client.queues()).queues,
    deadLetters: (request) => client.deadLetters(request),
    // A coordinator failover is covered by the client: it polls the run's status when no progress arrives.
    watch: (runId, signal) => client.watch(runId, { signal, pollMs: 2_000 }),
    close: () => client.close(),
  };
}
