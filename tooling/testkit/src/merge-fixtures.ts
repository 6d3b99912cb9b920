// The specs whose merged results the tests of every mode compare against, each with its golden digest. A digest
// here was taken from `runInline` once, and `packages/core/test/engine/merge-fixtures.test.ts` checks that run's
// statistics against the rendezvous simulation's closed forms (5σ) — so a merge bug in any mode fails against a
// fixed value instead of passing by agreeing with the same code run another way. A digest changes only when a
// statistic does: then the closed-form test says whether the new numbers are right, and the README digests change
// too.

/** One fixture: the spec as a user writes it, and the digest of its result. */
export interface MergeFixture {
  readonly spec: Readonly<Record<string, unknown>>;
  readonly digest: string;
  /** Trials merged per point (adaptive runs stop at a checkpoint). */
  readonly trials: readonly number[];
}

/** A rendezvous run of 40 shards of ≈ 0.1 s of compute on one thread: long enough to kill a process in its middle. */
export function longRendezvousSpec(name: string, seed: number): Record<string, unknown> {
  return {
    name,
    simulation: "rendezvous",
    seed,
    trials: 480_000,
    blockTrials: 1000,
    shardTrials: 12_000,
    params: { nCpu: 256 },
  };
}

const scheduleBaseline = {
  name: "rdv-baseline",
  simulation: "rendezvous",
  seed: 7,
  trials: 20_000,
  blockTrials: 1000,
  shardTrials: 5000,
  params: { nCpu: 8, rate: 1000 },
};

export const MERGE_FIXTURES = {
  /** runner/test/drive: a fixed-trial sweep merged from reordered and duplicated deliveries. */
  driveFixed: {
    spec: {
      name: "drive",
      simulation: "rendezvous",
      seed: 5,
      trials: 3000,
      blockTrials: 100,
      sweep: { grid: { nCpu: [3, 30] } },
    },
    digest: "sha256:b0e2953d9c344f3baea4a6c09dd44223387e10558539ca5fec9951ecaf64179b",
    trials: [3000, 3000],
  },
  /** runner/test/drive: an adaptive sweep that stops at a checkpoint. */
  driveAdaptive: {
    spec: {
      name: "drive-adaptive",
      simulation: "rendezvous",
      seed: 5,
      blockTrials: 100,
      stop: { metrics: ["pause"], relHalfWidth: 0.03, minTrials: 200, maxTrials: 200_000 },
      sweep: { grid: { nCpu: [2, 64] } },
    },
    digest: "sha256:c589e854f80fe815096afda0fdf3dda8083a6d05937c2941e0811add9bf80b86",
    trials: [2700, 400],
  },
  /** runner/test/embedded: threads and shard sizes of `mcx run`. */
  embedded: {
    spec: { name: "emb", simulation: "rendezvous", seed: 9, trials: 4000, sweep: { grid: { nCpu: [4, 16, 64] } } },
    digest: "sha256:47c2430e963971bdf751b422539cef6516ad5747259c8860f09d60e373520841",
    trials: [4000, 4000, 4000],
  },
  /** coordinator/test/distributed: the same digest through BullMQ and JetStream, whatever the shard size. */
  distributedFixed: {
    spec: {
      name: "same-digest",
      simulation: "rendezvous",
      seed: 11,
      trials: 30_000,
      blockTrials: 250,
      params: { nCpu: 16 },
      sweep: { grid: { rate: [500, 2000] } },
    },
    digest: "sha256:921e2b7c17b1bb908e9e530f0b9532ede91a143be4b1e70a1551ddf3256e52d6",
    trials: [30_000, 30_000],
  },
  /** coordinator/test/distributed: adaptive stopping on a cluster. */
  distributedAdaptive: {
    spec: {
      name: "adaptive",
      simulation: "rendezvous",
      seed: 5,
      blockTrials: 250,
      params: { nCpu: 8 },
      stop: { metrics: ["pause"], relHalfWidth: 0.01, minTrials: 1000, maxTrials: 400_000 },
      sweep: { grid: { rate: [100, 1000] } },
    },
    digest: "sha256:8a30141d08fd623aa1ef2ad7d89dd1ba82969fad598ea12293f0200ffc414557",
    trials: [9250, 8250],
  },
  /** coordinator/test/distributed: kills, restarts and duplicates in the middle of a run. */
  distributedLong: {
    spec: longRendezvousSpec("long", 2024),
    digest: "sha256:b6f4e73305e192ab4e5b007415ed891129933fc0b3a5947bb1beb8f34bdae408",
    trials: [480_000],
  },
  /** coordinator/test/failover: coordinators killed, stopped and usurped mid-run. */
  failoverLong: {
    spec: longRendezvousSpec("failover", 77),
    digest: "sha256:2ae9c8d7a561820325f171408ec4d39c2138a276804acc82b2981e6965c8c604",
    trials: [480_000],
  },
  /** coordinator/test/schedule: a schedule's baseline. */
  scheduleBaseline: {
    spec: scheduleBaseline,
    digest: "sha256:4408a5f98d32bef279c0a784f9d73a766c937d2c93056937f76cad32b27aff31",
    trials: [20_000],
  },
  /** coordinator/test/schedule: the scheduled runs (rate 1300, 23 % below the baseline's E[pause]). */
  scheduled: {
    spec: { ...scheduleBaseline, name: "rdv-nightly", params: { nCpu: 8, rate: 1300 } },
    digest: "sha256:f07eff1ce332a4051dd0d9134620488044ab614a45b184df73535c8fd9c18342",
    trials: [20_000],
  },
} as const satisfies Record<string, MergeFixture>;
