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
    digest: "sha256:5f208597394a33ae45be86621057d49d4d90f01d5b86f0126f3e5231fb5e74e3",
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
    digest: "sha256:72322b2b88e853dafcc8e3a17229ed134380c4bdcf4a5a3618eead5dfbf19187",
    trials: [2700, 400],
  },
  /** runner/test/embedded: threads and shard sizes of `mcx run`. */
  embedded: {
    spec: { name: "emb", simulation: "rendezvous", seed: 9, trials: 4000, sweep: { grid: { nCpu: [4, 16, 64] } } },
    digest: "sha256:5fb4f7fa8f76731e1e7f557c20a63c550fb856ccd5d8bfd979a5541ae152ad95",
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
    digest: "sha256:924e4478b068576e44c73ab4e0039c8b20ac0ec41498e7c64959742765d6b834",
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
    digest: "sha256:688d76bed566a315a0af0b619cbdcaa688676bd0f230dc6e8f74452b9ab749d9",
    trials: [9250, 8250],
  },
  /** coordinator/test/distributed: kills, restarts and duplicates in the middle of a run. */
  distributedLong: {
    spec: longRendezvousSpec("long", 2024),
    digest: "sha256:9f3725500f994926c088910657d38eeefaf1d3547cd86d32f87d82bf7980ac86",
    trials: [480_000],
  },
  /** coordinator/test/failover: coordinators killed, stopped and usurped mid-run. */
  failoverLong: {
    spec: longRendezvousSpec("failover", 77),
    digest: "sha256:620d350415a83269cb895dcd854df1e54d18c419d8c6d652a3cfa1aba329966c",
    trials: [480_000],
  },
  /** coordinator/test/schedule: a schedule's baseline. */
  scheduleBaseline: {
    spec: scheduleBaseline,
    digest: "sha256:0ea168b4dac279bfab32d528dfb4b10ecf48d7a45de8778c298811e3706ca9f3",
    trials: [20_000],
  },
  /** coordinator/test/schedule: the scheduled runs (rate 1300, 23 % below the baseline's E[pause]). */
  scheduled: {
    spec: { ...scheduleBaseline, name: "rdv-nightly", params: { nCpu: 8, rate: 1300 } },
    digest: "sha256:68c46c52873be2af8f5e6c2d1be9e92305f84abe125c1051ff553f76164961cf",
    trials: [20_000],
  },
} as const satisfies Record<string, MergeFixture>;
