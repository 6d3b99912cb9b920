// Runs a spec of a user simulation in a worker thread of plain Node (no vitest transforms): loads the bundle from
// the store as a pool thread will, runs the spec with the given shard size and posts the digest back.
import { parentPort, workerData } from "node:worker_threads";
import { resolveSpec, runInline } from "@mcx/core";
import { loadSimulationBundle } from "@mcx/runner/simulation";

const { file, hash, raw, shardTrials } = workerData;
const { simulation } = await loadSimulationBundle(file, { expectedHash: hash });
const doc = runInline(resolveSpec(raw, { simulation }), { simulation, shardTrials });
parentPort.postMessage({ digest: doc.digest });
