// @mcx/worker: a BullMQ consumer of shard jobs feeding the runner's shard pool, publishing summaries and dead
// letters to JetStream, with heartbeats and a graceful shutdown.
export type { ConsumerStats, ShardConsumer, ShardConsumerOptions } from "./consumer.ts";
export { createShardConsumer } from "./consumer.ts";
export { runWorkerProcess } from "./process.ts";
export type { PublishAck, PublisherOptions, SummaryPublisher } from "./publisher.ts";
export { createSummaryPublisher } from "./publisher.ts";
export type { StartWorkerOptions, WorkerService } from "./service.ts";
export { startWorker } from "./service.ts";
