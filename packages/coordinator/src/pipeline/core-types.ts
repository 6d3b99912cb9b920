// The core types the pipeline is written against, re-exported so transports import them from one place.
export type { ShardSummary, ShardTask } from "@mcx/core";
