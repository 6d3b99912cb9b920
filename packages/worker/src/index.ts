// Connection parsing lives in core, shared with the coordinator; re-exported as part of the worker's surface.
export type { NatsConnectionOptions, RedisConnectionOptions } from "@mcx/core";
export { toNatsConnection, toRedisConnection } from "@mcx/core";
export type { ConsumerStats, ShardConsumer, ShardConsumerOptions } from "./consumer.ts";
export { createShardConsumer } from "./consumer.ts";
export type { WorkerConfig } from "./env.ts";
export { parseWorkerEnv, WorkerEnv } from "./env.ts";
export { createShardPool, shardTaskFile, TASKS_PER_THREAD, threadExecArgv } from "./pool.ts";
export type { PublishAck, PublisherOptions, SummaryPublisher } from "./publisher.ts";
export { createSummaryPublisher } from "./publisher.ts";
export type { StartWorkerOptions, WorkerService } from "./service.ts";
export { startWorker } from "./service.ts";
export type { TaskOutcome } from "./task-outcome.ts";
