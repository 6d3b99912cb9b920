// The cluster the dashboard's integration tests run against: the coordinator tests' set-up (real redis-server and
// nats-server with infra/'s users, the services as processes from the built JavaScript). One import to move when
// those helpers move.
export { waitFor } from "../../../coordinator/test/helpers/cluster.ts";
export { addPoisonShard } from "../../../coordinator/test/helpers/poison.ts";
export { TestCluster, type TrackedProcess } from "../../../coordinator/test/helpers/test-cluster.ts";
