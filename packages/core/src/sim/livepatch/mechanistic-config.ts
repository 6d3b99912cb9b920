import { MECHANISTIC as B, CLASS, CLASS_COUNT } from "./constants.ts";
import { patchExposure } from "./exposure.ts";
import { cappedLogNormalMean, normalCdf } from "./lognormal.ts";
import type { LivepatchParams } from "./params.ts";
import { PRESETS } from "./presets.ts";

/**
 * Per-class constants of the mechanistic workload (§2.3), resolved once per kernel from the parameters: the
 * exposures (preset, per-class overrides, combined over the patch's functions), the sleep distributions and the
 * stationary weights of the user cycle's phases (U_RUN, first K_RUN, sleep, second K_RUN) that the t = 0 draw uses.
 */
export class MechanisticConfig {
  /** Per class: exposure of a sleep, sleep probability per syscall, LogNormal μ, σ, cap, mean U_RUN. */
  readonly pSleep = new Float64Array(CLASS_COUNT);
  readonly sleepProb = new Float64Array(CLASS_COUNT);
  readonly mu = new Float64Array(CLASS_COUNT);
  readonly sigma = new Float64Array(CLASS_COUNT);
  readonly cap = new Float64Array(CLASS_COUNT);
  readonly userMean = new Float64Array(CLASS_COUNT);
  /** Stationary weights of U_RUN, K_RUN₁ and the sleep, and of the cap's atom among sleeps in progress. */
  readonly wU = new Float64Array(CLASS_COUNT);
  readonly wK1 = new Float64Array(CLASS_COUNT);
  readonly wS = new Float64Array(CLASS_COUNT);
  readonly capAtom = new Float64Array(CLASS_COUNT);
  /** Mean length of a user cycle (U_RUN + K_RUN + sleep + K_RUN). */
  readonly cycleMean = new Float64Array(CLASS_COUNT);
  /** Kthread classes: mean sleep. */
  readonly kthreadSleep = new Float64Array(CLASS_COUNT);
  /** Exposure of a running kernel episode (syscall K_RUN, kthread K_RUN, CPU-bound kthread at a check). */
  declare readonly pRun: number;
  declare readonly parkedDaemon: boolean;
  declare readonly idleOn: number;
  declare readonly idleOff: number;
  declare readonly dstateShare: number;

  constructor(p: LivepatchParams) {
    const m = p.mechanistic;
    const preset = PRESETS[m.preset];
    const fns = p.patch.functions;
    const x = m.exposure;
    const sleepExp = (v: number | undefined, def: number) => patchExposure(v ?? def, fns, true);
    this.pRun = patchExposure(x.running ?? preset.pRun, fns, false);
    this.parkedDaemon = preset.parked;
    this.idleOn = m.idlePeriod;
    this.idleOff = m.busyPeriod;
    this.dstateShare = m.dstateShare;
    const inf = Number.POSITIVE_INFINITY;
    const server = sleepExp(x.server, preset.pSleepServer);
    const daemon = sleepExp(x.daemon, preset.pSleepDaemon);
    this.setUser(CLASS.server, server, B.SLEEP_PROB, B.SERVER_SLEEP_MEDIAN, B.SERVER_SLEEP_SIGMA, inf);
    this.setUser(CLASS.daemon, daemon, B.SLEEP_PROB, B.DAEMON_SLEEP_MEDIAN, B.DAEMON_SLEEP_SIGMA, B.DAEMON_SLEEP_CAP);
    this.setUser(CLASS.dstate, sleepExp(x.dstate, preset.pSleepDstate), 1, m.dstateMedian, m.dstateSigma, inf);
    this.setUser(CLASS.parked, 1, 1, B.PARKED_SLEEP, 0, inf);
    // cpuBound: U_RUN until the next syscall (rate 10/s), K_RUN, exit; no sleep.
    this.userMean[CLASS.cpuBound] = 1 / B.CPU_BOUND_SYSCALL_RATE;
    this.wU[CLASS.cpuBound] = 1 / B.CPU_BOUND_SYSCALL_RATE;
    this.wK1[CLASS.cpuBound] = B.SYSCALL_RUN_MEAN;
    const kthread = sleepExp(x.kthread, preset.pSleepK);
    this.pSleep[CLASS.kthreadSleepy] = kthread;
    this.pSleep[CLASS.kthreadWorker] = kthread;
    // The parked kthread's loop sleeps inside the patched function: every sleep is exposed.
    this.pSleep[CLASS.kthreadParked] = 1;
    this.kthreadSleep[CLASS.kthreadSleepy] = B.KTHREAD_SLEEPY_SLEEP_MEAN;
    this.kthreadSleep[CLASS.kthreadWorker] = B.KTHREAD_WORKER_SLEEP_MEAN;
    this.kthreadSleep[CLASS.kthreadParked] = m.parkedKthreadPeriod;
  }

  private setUser(c: number, pSleep: number, sleepProb: number, median: number, sigma: number, cap: number): void {
    this.pSleep[c] = pSleep;
    this.sleepProb[c] = sleepProb;
    this.mu[c] = Math.log(median);
    this.sigma[c] = sigma;
    this.cap[c] = cap;
    const meanSleep = sleepProb > 0 ? cappedLogNormalMean(Math.log(median), sigma, cap) : 0;
    this.userMean[c] = B.USER_RUN_MEAN;
    this.wU[c] = B.USER_RUN_MEAN;
    this.wK1[c] = B.SYSCALL_RUN_MEAN;
    this.wS[c] = sleepProb * meanSleep;
    this.cycleMean[c] = B.USER_RUN_MEAN + B.SYSCALL_RUN_MEAN + sleepProb * (meanSleep + B.SYSCALL_RUN_MEAN);
    // Stationary weight of the cap's atom among sleeps in progress: cap·P(L > cap) / E[min(L, cap)].
    this.capAtom[c] =
      cap < Number.POSITIVE_INFINITY && meanSleep > 0
        ? (cap * (1 - normalCdf((Math.log(cap) - Math.log(median)) / sigma))) / meanSleep
        : 0;
  }
}

/**
 * Workload classes by index, in task-list (PID) order [I]: boot-time daemons first (the parked one, like
 * irqbalance, leading), then dstate, server and cpuBound users; kthreads CPU-bound, parked, worker, sleepy.
 */
export function assignClasses(p: LivepatchParams, nTasks: number, parkedDaemon: boolean): Uint8Array {
  const { nUser, nKthread } = p;
  const { cpuBoundKthreads: cpuBound, parkedKthreads: parkedK, dstateShare } = p.mechanistic;
  const cls = new Uint8Array(nTasks);
  const nCpuBound = Math.round(nUser * B.SHARE_CPU_BOUND);
  const nDstate = Math.round(nUser * dstateShare);
  let nServer = Math.round(nUser * B.SHARE_SERVER);
  if (nCpuBound + nDstate + nServer > nUser) nServer = Math.max(0, nUser - nCpuBound - nDstate);
  const nDaemon = Math.max(0, nUser - nCpuBound - nDstate - nServer);
  let i = 0;
  for (let k = 0; k < nDaemon; k++) cls[i++] = CLASS.daemon;
  for (let k = 0; k < nDstate && i < nUser; k++) cls[i++] = CLASS.dstate;
  for (let k = 0; k < nServer && i < nUser; k++) cls[i++] = CLASS.server;
  while (i < nUser) cls[i++] = CLASS.cpuBound;
  // [I] The parked daemon is the first daemon (the first user when there is no daemon).
  if (parkedDaemon && nUser > 0) cls[0] = CLASS.parked;
  const special = cpuBound + parkedK;
  const nWorker = Math.round((nKthread - special) * B.SHARE_KTHREAD_WORKER);
  for (let k = 0; k < nKthread; k++) {
    cls[nUser + k] =
      k < cpuBound
        ? CLASS.kthreadCpuBound
        : k < special
          ? CLASS.kthreadParked
          : k < special + nWorker
            ? CLASS.kthreadWorker
            : CLASS.kthreadSleepy;
  }
  for (let j = nUser + nKthread; j < nTasks; j++) cls[j] = CLASS.idle;
  return cls;
}
