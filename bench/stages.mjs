// Per-shard cost by stage (issue 14, item 2), at the summary sizes of bench/dispatch.mjs: a near-empty shard (one
// rendezvous trial) and a ~10 ms shard of the bench workload (livepatch reduced N = 1000, two models). Each stage is
// timed alone over many real summaries, median of reps:
//   encode        JSON.stringify on the pool thread (what a worker publishes to JetStream)
//   encodeBinary  encodeSummaries on the pool thread (the embedded path's reply)
//   handOff       the main thread's CPU for one piscina task per shard (`encoded`: the task object cloned out,
//                 the summary's binary bytes transferred in with its fingerprint, promise, the garbage collection
//                 they cause), over pipelined tasks: how a worker's pool runs shards
//   handOffPacked the main thread's CPU per shard through the embedded queue as `mcx run` uses it (packed tasks of
//                 several shards, the point's template, one transferred binary reply, decodeSummaries, the events)
//   decode        JSON.parse of the summary text (the coordinator's path for a summary published as JSON)
//   decodeBinary  decodeSummaries of one summary's buffer (inside handOffPacked; shown alone for comparison)
//   decodeWire    decodeSummaryBytes of one summary's bytes at an odd offset, as in a network buffer (copied, then
//                 decoded): the coordinator's path for a worker's binary summary
//   validate      RunMerger.validate (schema and plan checks)
//   fingerprint   summaryFingerprint (the duplicate check; the pool thread computes it beside the summary, embedded
//                 and on a worker; the coordinator only for a JSON summary without its fingerprint header)
//   merge         RunMerger.apply given the fingerprint (moments, sketches, checkpoints)
// Queue and bus calls (BullMQ, JetStream) are charged per shard in bench/dispatch.mjs from the servers' own CPU.
// Budget: ≤ 100 µs of main thread per merged shard embedded (dispatch.mjs measures the whole).
import {
  decodeSummaries,
  decodeSummaryBytes,
  encodeSummaries,
  planRun,
  RunMerger,
  resolveSpec,
  runInline,
  runShard,
  summaryBytes,
  summaryFingerprint,
} from "../packages/core/dist/index.js";
import { createEmbeddedTransport, createShardPool, TASKS_PER_THREAD } from "../packages/runner/dist/index.js";
import { median } from "./cluster.mjs";
import { cpuSecondsOf, mainThreadCpuSeconds } from "./proc-cpu.mjs";
import { livepatchBenchSpec } from "./specs.mjs";

const REPS = Number(process.env.MCX_BENCH_REPS ?? 5);

/**
 * µs of CPU per item of `fn` over `n` items: CPU, not wall (the machine may be busy), from getrusage, which is exact
 * (the pool is idle meanwhile, so it is this thread's). The per-thread schedstat that the hand-off needs is only
 * updated at scheduler ticks, too coarse for a loop of a few milliseconds.
 */
function usPer(n, fn) {
  const c0 = process.cpuUsage();
  fn();
  const used = process.cpuUsage(c0);
  return (used.user + used.system) / n;
}

/** A plan of `shards` one-block shards of `raw`, and the summary of each (run here, once). */
function summariesOf(raw, shards) {
  const spec = resolveSpec(raw);
  const plan = planRun("stages", spec, spec.blockTrials);
  const summaries = Array.from({ length: shards }, (_, s) => runShard(plan.shardTask(s)));
  return { spec, plan, summaries };
}

/**
 * Main-thread µs per shard of running `tasks` through the embedded queue with the driver's window of shards
 * outstanding (`run-embedded.ts`), events consumed as the driver would; the driver's own work is the other stages.
 */
async function packedHandOff(pool, tasks) {
  const capacity = pool.options.maxThreads * TASKS_PER_THREAD;
  const window = Math.max(8, capacity * 4);
  const { queue, summaries } = createEmbeddedTransport(pool, capacity);
  const c0 = mainThreadCpuSeconds();
  let next = 0;
  const enqueue = (n) => {
    const jobs = tasks.slice(next, next + n).map((task) => ({ shard: task.shard, task }));
    next += jobs.length;
    return queue.enqueue(jobs);
  };
  await enqueue(window);
  let received = 0;
  for await (const event of summaries) {
    if (event.type !== "summary") throw new Error(`shard ${event.shard} failed: ${event.error.message}`);
    if (++received === tasks.length) break;
    await enqueue(1);
  }
  const us = ((mainThreadCpuSeconds() - c0) * 1e6) / tasks.length;
  await queue.close();
  await summaries.close();
  return us;
}

async function stageCosts(label, raw, shards, pool) {
  const { plan, summaries } = summariesOf(raw, shards);
  const texts = summaries.map((s) => JSON.stringify(s));
  const objects = texts.map((t) => JSON.parse(t));
  const buffers = summaries.map((s) => encodeSummaries([s]));
  const wire = buffers.map((b) => {
    const bytes = summaryBytes(b);
    const at = new Uint8Array(bytes.byteLength + 1).subarray(1);
    at.set(bytes);
    return at;
  });
  const rows = {
    encode: [],
    encodeBinary: [],
    handOff: [],
    handOffPacked: [],
    decode: [],
    decodeBinary: [],
    decodeWire: [],
    validate: [],
    fingerprint: [],
    merge: [],
  };
  for (let rep = 0; rep < REPS; rep++) {
    rows.encode.push(
      usPer(shards, () => {
        for (const s of summaries) JSON.stringify(s);
      }),
    );
    rows.encodeBinary.push(
      usPer(shards, () => {
        for (const s of summaries) encodeSummaries([s]);
      }),
    );
    rows.decode.push(
      usPer(shards, () => {
        for (const t of texts) JSON.parse(t);
      }),
    );
    rows.decodeBinary.push(
      usPer(shards, () => {
        for (const b of buffers) decodeSummaries(b);
      }),
    );
    rows.decodeWire.push(
      usPer(shards, () => {
        for (const b of wire) decodeSummaryBytes(b);
      }),
    );
    const merger = new RunMerger(plan);
    rows.validate.push(
      usPer(shards, () => {
        for (const o of objects) merger.validate(o);
      }),
    );
    rows.fingerprint.push(
      usPer(shards, () => {
        for (const o of objects) summaryFingerprint(o);
      }),
    );
    // Merge alone: the fingerprints given, as the embedded pool's threads give them.
    const fingerprints = objects.map((o) => summaryFingerprint(o));
    rows.merge.push(
      usPer(shards, () => {
        objects.forEach((o, i) => {
          merger.apply(o, fingerprints[i]);
        });
      }),
    );
    // Hand-off: the same tasks through the pool, TASKS_PER_THREAD per thread in flight; only the main thread's
    // busy time counts (the shard itself runs on a pool thread).
    const tasks = Array.from({ length: shards }, (_, s) => plan.shardTask(s));
    const c0 = mainThreadCpuSeconds();
    let next = 0;
    const lane = async () => {
      while (next < tasks.length) await pool.run(tasks[next++], { name: "encoded" });
    };
    await Promise.all(Array.from({ length: pool.options.maxThreads * TASKS_PER_THREAD }, lane));
    rows.handOff.push(((mainThreadCpuSeconds() - c0) * 1e6) / shards);
    rows.handOffPacked.push(await packedHandOff(pool, tasks));
  }
  const us = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)]));
  // Embedded, the fingerprint is computed on the pool thread, not here; the packed hand-off includes its decode.
  const mainThread = us.handOffPacked + us.validate + us.merge;
  console.log(
    JSON.stringify({
      bench: "stages",
      shard: label,
      summaryBytes: median(texts.map((t) => t.length)),
      binaryBytes: median(buffers.map((b) => b.byteLength)),
      usPerShard: us,
      mainThreadUsPerShard: mainThread,
      // The coordinator's own share of a distributed shard (its JetStream and BullMQ calls aside): a JSON summary
      // without a fingerprint (older workers), and a worker's binary summary with its fingerprint.
      coordinatorUsPerShardJson: us.decode + us.validate + us.fingerprint + us.merge,
      coordinatorUsPerShardBinary: us.decodeWire + us.validate + us.merge,
      reps: REPS,
    }),
  );
  return mainThread;
}

const pool = createShardPool(2);
try {
  // Size the livepatch shard at ~10 ms (one untimed run first for the JIT), one block per shard.
  runInline(resolveSpec({ ...livepatchBenchSpec("stages-pilot", 20), trials: 20 }));
  const perTrial =
    cpuSecondsOf(() => runInline(resolveSpec({ ...livepatchBenchSpec("stages-pilot", 40), trials: 40 }))) / 40;
  const block = Math.max(1, Math.round(0.01 / perTrial));
  const tiny = { name: "stages-tiny", simulation: "rendezvous", seed: 1, blockTrials: 1, params: { nCpu: 1 } };
  await stageCosts("near-empty (1 rendezvous trial)", { ...tiny, trials: 2000 }, 2000, pool);
  const tenMs = await stageCosts(
    `~10 ms (${block} livepatch trials, 2 models)`,
    { ...livepatchBenchSpec("stages", block), trials: block * 200 },
    200,
    pool,
  );
  console.log(
    JSON.stringify({
      name: "µs of main thread per 10 ms shard, sum of the stages (embedded)",
      ratio: tenMs,
      target: 100,
      gate: 100,
      lowerIsBetter: true,
    }),
  );
} finally {
  await pool.destroy();
}
