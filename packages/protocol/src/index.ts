// @mcx/protocol: everything that crosses a process boundary, and nothing that runs. Wire schemas (API, shard
// messages, progress), stored records, the names of subjects, queues, buckets and the lease, connection and
// environment settings, and the one structured error codec.
export * from "./api.ts";
export * from "./connection.ts";
export * from "./connection-state.ts";
export * from "./cron.ts";
export * from "./env/coordinator-env.ts";
export * from "./env/service-env.ts";
export * from "./env/worker-env.ts";
export * from "./error-codec.ts";
export * from "./ids.ts";
export * from "./names.ts";
export * from "./progress.ts";
export * from "./records.ts";
export * from "./shard-messages.ts";
