export { getFreePort } from "./free-port.ts";
export { longRendezvousSpec, MERGE_FIXTURES, type MergeFixture } from "./merge-fixtures.ts";
export type { NatsOptions, NatsUser } from "./nats-server.ts";
export { startNats } from "./nats-server.ts";
export type { ServerHandle } from "./process.ts";
export { spawnTracked, stopProcess, waitForExit, waitForOutput } from "./process.ts";
export type { RedisOptions } from "./redis-server.ts";
export { startRedis } from "./redis-server.ts";
