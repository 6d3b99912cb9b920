export { createDelayProxy, type DelayProxy, type DelayProxyOptions } from "./delay-proxy.ts";
export { getFreePort } from "./free-port.ts";
export type { NatsHandle, NatsOptions, NatsUser } from "./nats-server.ts";
export { restartNats, startNats } from "./nats-server.ts";
export { createNetnsLab, type NetnsLab, netnsUnavailable, TEST_HOST } from "./netns.ts";
export type { Placement, ServerHandle } from "./process.ts";
export { spawnTracked, stopProcess, waitForExit, waitForOutput } from "./process.ts";
export type { RedisOptions } from "./redis-server.ts";
export { restartRedis, startRedis } from "./redis-server.ts";
