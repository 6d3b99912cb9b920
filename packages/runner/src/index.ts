// @mcx/runner: runs a planned run through a shard queue and a summary source (`driveRun`), in this process
// (`runEmbedded`: the embedded queue and the shard pool) or for the coordinator (its BullMQ and JetStream
// transports); the one piscina shard pool of `mcx run` and the worker; the one place runs are sized.
export { type AuditedShard, type AuditOptions, type AuditReport, auditResult } from "./audit/audit-result.ts";
export { type Channel, createChannel } from "./drive/channel.ts";
export { DEFAULT_WINDOW, driveRun } from "./drive/drive-run.ts";
export { ShardFailedError } from "./drive/shard-failed-error.ts";
export type {
  DriveProgress,
  DriveRunOptions,
  ShardEvent,
  ShardFailedEvent,
  ShardJob,
  ShardQueue,
  ShardSummaryEvent,
  SummarySource,
} from "./drive/types.ts";
export { createEmbeddedTransport, type EmbeddedTransport } from "./embedded/embedded-queue.ts";
export { type EmbeddedOptions, runEmbedded } from "./embedded/run-embedded.ts";
export { decodeBlockStore, encodeBlockStore, MAX_BLOCK_STORE_BYTES } from "./extend/block-store-codec.ts";
export {
  type BundledSimulation,
  type Extension,
  type ExtensionRequest,
  prepareExtension,
} from "./extend/prepare-extension.ts";
export {
  createShardPool,
  runEncodedShard,
  type ShardPool,
  type ShardPoolOptions,
  shardTaskFile,
  TASKS_PER_THREAD,
  threadExecArgv,
} from "./pool/pool.ts";
export type { EncodedOutcome, TaskOutcome } from "./pool/task-outcome.ts";
export { type BuildInfo, buildInfo, mcxVersion } from "./provenance/build-info.ts";
export { type ProvenanceInputs, provenanceOf } from "./provenance/provenance-of.ts";
export { measureSecondsPerTrial, type PilotOptions } from "./sizing/pilot.ts";
export { type RunSize, type SizeRunOptions, sizeRun } from "./sizing/size-run.ts";
