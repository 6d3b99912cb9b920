import { freezableMask } from "./freezable.ts";
import type { LivepatchParams } from "./params.ts";
import type { StreamPool } from "./streams.ts";

/**
 * What both workloads (reduced, mechanistic) know of the tasks before any draw: their numbering (users
 * [0, nUser), kthreads [nUser, nThreads) with the CPU-bound ones first, then one idle task per CPU when
 * `idleTasks`), which kthreads are freezable and which have a kGraft safe point (`freezableMask`), and the sticky
 * unreliable-stack probability. Each workload's `cpuBoundKthreads` comes from its own parameter block.
 */
export class WorkloadTasks {
  declare readonly nUser: number;
  declare readonly nKthread: number;
  declare readonly nThreads: number;
  declare readonly nTasks: number;
  declare readonly cpuBoundKthreads: number;
  /** Set by `signalUser` (see `Workload.lastRestart`). */
  lastRestart = false;

  declare protected readonly streams: StreamPool;
  /** End of the CPU-bound kthreads: tasks [nUser, cpuBoundEnd). */
  declare protected readonly cpuBoundEnd: number;
  declare protected readonly freezable: Uint8Array;
  declare protected readonly safepoint: Uint8Array;
  /** P(unreliable stack) of a kernel episode, sticky mode only (0 otherwise: nothing is drawn). */
  declare protected readonly unrel: number;

  constructor(p: LivepatchParams, streams: StreamPool, cpuBoundKthreads: number) {
    this.streams = streams;
    this.nUser = p.nUser;
    this.nKthread = p.nKthread;
    this.nThreads = p.nUser + p.nKthread;
    this.nTasks = this.nThreads + (p.idleTasks ? p.nCpu : 0);
    this.cpuBoundKthreads = cpuBoundKthreads;
    this.cpuBoundEnd = this.nUser + cpuBoundKthreads;
    this.freezable = freezableMask(this.nTasks, this.nUser, this.nKthread, 1 - p.freezableKthreadShare);
    this.safepoint = freezableMask(this.nTasks, this.nUser, this.nKthread, p.kgraft.nonFreezableShare);
    this.unrel = p.livepatch.unreliableMode === "sticky" ? p.livepatch.unreliableProb : 0;
  }

  isFreezable(i: number): boolean {
    return this.freezable[i] === 1;
  }

  hasSafepoint(i: number): boolean {
    return this.safepoint[i] === 1;
  }
}
