// The workload every throughput benchmark runs: the livepatch kernel on the reduced workload with N = 1 000 user
// tasks (the speed figure), two models, so shards carry real kernel work.
export function livepatchBenchSpec(name, blockTrials) {
  return {
    name,
    simulation: "livepatch",
    seed: 1,
    blockTrials,
    params: { workload: "reduced", nUser: 1000, nKthread: 0, idleTasks: false },
    models: ["livepatch", "kgraft"],
  };
}
