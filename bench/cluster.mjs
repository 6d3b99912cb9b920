// Shared by the benchmarks that run the cluster: local redis-server and nats-server (testkit), a coordinator process
// and one worker process with `threads` pool threads, and helpers that time a spec end to end in each mode.
// Needs the build (pnpm build) and redis-server + nats-server on PATH (scripts/ensure-servers.sh).
import { connectClient } from "../packages/client/dist/index.js";
import { resolveSpec } from "../packages/core/dist/index.js";
import { runEmbedded } from "../packages/runner/dist/index.js";
import { spawnTracked, startNats, startRedis, stopProcess, waitForOutput } from "../tooling/testkit/dist/index.js";

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Times `raw` in every mode of `modes` (name → function returning `{ seconds, doc }`), `reps` times, in the modes'
 * order on even reps and reversed on odd ones so that drift of the machine hits all alike. Every run must give the
 * same digest. Returns `work / seconds` per run by mode (`samples`), their medians and the digest.
 */
export async function interleavedRates(label, modes, raw, work, reps) {
  const names = Object.keys(modes);
  const samples = Object.fromEntries(names.map((m) => [m, []]));
  let digest;
  for (let rep = 0; rep < reps; rep++) {
    for (const mode of rep % 2 === 0 ? names : [...names].reverse()) {
      const { seconds, doc } = await modes[mode](raw);
      digest ??= doc.digest;
      if (doc.digest !== digest) throw new Error(`${label}: ${mode} digest ${doc.digest} ≠ ${digest}`);
      samples[mode].push(work / seconds);
    }
  }
  const medians = Object.fromEntries(names.map((m) => [m, median(samples[m])]));
  return { samples, medians, digest };
}

/**
 * The steady rate of every mode of `modes`, measured differentially: each rep runs `small` then `large` (specs of
 * `smallWork` and `largeWork` units) in every mode, interleaved as {@link interleavedRates} does, and
 * rate = (largeWork − smallWork) / (T_large − T_small), so what a run pays once (a pool's start-up, its threads'
 * compiling, the submit and the result) cancels out. Returns the steady medians, the end-to-end medians of the large
 * runs (`largeWork / T_large`), each mode's fixed seconds per run (T_large − largeWork / steady rate) and the digest
 * of the large runs. Digests of each size must agree across modes.
 */
export async function interleavedSteadyRates(label, modes, { small, large, smallWork, largeWork }, reps) {
  const names = Object.keys(modes);
  const steady = Object.fromEntries(names.map((m) => [m, []]));
  const endToEnd = Object.fromEntries(names.map((m) => [m, []]));
  const fixed = Object.fromEntries(names.map((m) => [m, []]));
  const digests = { small: undefined, large: undefined };
  const timed = async (mode, size, raw) => {
    const { seconds, doc } = await modes[mode](raw);
    digests[size] ??= doc.digest;
    if (doc.digest !== digests[size])
      throw new Error(`${label}: ${mode} ${size} digest ${doc.digest} ≠ ${digests[size]}`);
    return seconds;
  };
  for (let rep = 0; rep < reps; rep++) {
    for (const mode of rep % 2 === 0 ? names : [...names].reverse()) {
      const ts = await timed(mode, "small", small);
      const tl = await timed(mode, "large", large);
      const rate = (largeWork - smallWork) / (tl - ts);
      steady[mode].push(rate);
      endToEnd[mode].push(largeWork / tl);
      fixed[mode].push(tl - largeWork / rate);
    }
  }
  const medians = (by) => Object.fromEntries(names.map((m) => [m, median(by[m])]));
  return {
    samples: steady,
    medians: medians(steady),
    endToEnd: medians(endToEnd),
    fixedSeconds: medians(fixed),
    digest: digests.large,
  };
}

/** Seconds and result document of `raw` run embedded with `threads` pool threads, pool start-up included. */
export async function timeEmbedded(raw, threads) {
  const start = performance.now();
  const doc = await runEmbedded(resolveSpec(raw), { threads });
  return { seconds: (performance.now() - start) / 1000, doc };
}

/**
 * Starts the servers, the coordinator and `workers` worker processes of `threads` pool threads each.
 * `timeDistributed(raw, pollMs)` submits a spec and times it from submit to the end of the run (observed every
 * `pollMs`); `pids` names every process (for CPU accounting); `stop()` tears everything down; `nats` is the
 * server (URL and credentials, which every role shares here). `via(ports)`, when given, puts something (delay
 * proxies) between every client and the servers: it returns the ports to use instead.
 */
export async function startBenchCluster({ threads, workers: workerCount = 1, via }) {
  const [redis, nats] = await Promise.all([startRedis(), startNats()]);
  const ports = via
    ? await via({ redisPort: redis.port, natsPort: nats.port })
    : { redisPort: redis.port, natsPort: nats.port };
  const redisUrl = `redis://${encodeURIComponent(redis.user)}:${encodeURIComponent(redis.password)}@127.0.0.1:${ports.redisPort}`;
  const natsUrl = `nats://127.0.0.1:${ports.natsPort}`;
  const env = {
    ...process.env,
    MCX_REDIS_URL: redisUrl,
    MCX_NATS_URL: natsUrl,
    MCX_NATS_USER: nats.user,
    MCX_NATS_PASSWORD: nats.password,
    MCX_LOG_LEVEL: "info",
  };
  const root = new URL("../", import.meta.url).pathname;
  const coordinator = spawnTracked(process.execPath, [`${root}packages/coordinator/dist/main.js`], { env });
  const workers = Array.from({ length: workerCount }, (_, i) =>
    spawnTracked(process.execPath, [`${root}packages/worker/dist/main.js`], {
      env: { ...env, MCX_WORKER_THREADS: String(threads), MCX_WORKER_ID: `bench-${i}` },
    }),
  );
  let client;
  const stop = async () => {
    await client?.close();
    await Promise.all(workers.map((w) => stopProcess(w.child)));
    await stopProcess(coordinator.child);
    await Promise.all([redis.stop(), nats.stop()]);
  };
  try {
    await waitForOutput(coordinator, /coordinator ready/);
    for (const worker of workers) await waitForOutput(worker, /worker ready/);
    client = await connectClient({ servers: [natsUrl], user: nats.user, password: nats.password });
  } catch (e) {
    await stop();
    throw e;
  }
  const timeDistributed = async (raw, pollMs = 250) => {
    const start = performance.now();
    const { runId } = await client.submit({ spec: JSON.stringify(raw), fileName: "bench.json" });
    let last;
    for await (const p of client.watch(runId, { pollMs })) {
      last = p;
      if (p.status !== "running") break;
    }
    const seconds = (performance.now() - start) / 1000;
    if (last?.status !== "completed") throw new Error(`run ${runId} ended ${last?.status}`);
    return { seconds, doc: await client.results(runId) };
  };
  const pids = {
    redis: redis.pid,
    nats: nats.pid,
    coordinator: coordinator.child.pid,
    ...Object.fromEntries(workers.map((w, i) => [`worker${i}`, w.child.pid])),
  };
  return { timeDistributed, stop, pids, nats };
}
