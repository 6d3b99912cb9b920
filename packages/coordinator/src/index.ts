// @mcx/coordinator: the coordinator service (API server, run supervisor, shard inbox, run reporter, result sink,
// failed-job sweeper, scheduler, leadership). `main.ts` runs it as a process; `mcx coordinator` starts it.
export { acquireLeadership, type Leadership, type LeadershipOptions } from "./leadership.ts";
export { type CoordinatorService, type StartCoordinatorOptions, startCoordinator } from "./service.ts";
