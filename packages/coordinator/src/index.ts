// @mcx/coordinator: the coordinator service (API server, run supervisor, shard inbox, run reporter, result sink,
// failed-job sweeper, scheduler, leadership). `runCoordinatorProcess` runs it as the life of a process (`main.ts`, and `mcx coordinator` in the CLI's process).
export { acquireLeadership, type Leadership, type LeadershipOptions } from "./leadership.ts";
export { runCoordinatorProcess } from "./process.ts";
export { type CoordinatorService, type StartCoordinatorOptions, startCoordinator } from "./service.ts";
