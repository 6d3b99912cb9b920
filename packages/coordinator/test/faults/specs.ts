// Specs of the fault suite: rendezvous (closed forms, cheap) with shards of ≈ 0.1 s on one thread, many enough that a
// fault lands in the middle of the run.

/** `shards` shards of 12 000 trials of 256 CPUs each. */
export function faultSpec(name: string, seed: number, shards: number) {
  return {
    name,
    simulation: "rendezvous",
    seed,
    trials: 12_000 * shards,
    blockTrials: 1000,
    shardTrials: 12_000,
    params: { nCpu: 256 },
  };
}
