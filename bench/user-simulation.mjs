// What shipping a user simulation costs, and that the built-ins did not change: bundling examples/pi/pi.ts, its
// upload to a cluster's bundle store (first time, then the skip of a second submit), a worker's first fetch (fetch,
// SHA-256 check, write into its cache) and the first load of the bundle in a fresh pool thread (the SDK and zod,
// then the bundle), in ms, medians of REPS; and the digests of the README's built-in runs, recomputed.
// Needs the build (pnpm build) and redis-server + nats-server on PATH (scripts/ensure-servers.sh).
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { bundleSimulation } from "../packages/cli/dist/simulation/index.js";
import { connectClient } from "../packages/client/dist/index.js";
import { parseSpecText, resolveSpec } from "../packages/core/dist/index.js";
import { runEmbedded } from "../packages/runner/dist/index.js";
import { BundleCache } from "../packages/runner/dist/simulation/index.js";
import { createBundleFetcher } from "../packages/worker/dist/bundle-source.js";
import { median, startBenchCluster } from "./cluster.mjs";

// The worker's NATS client, as the worker resolves it (the repository root has no dependency on it).
const workerRequire = createRequire(new URL("../packages/worker/package.json", import.meta.url));
const { connect } = await import(workerRequire.resolve("@nats-io/transport-node"));

const REPS = Number(process.env.MCX_BENCH_REPS ?? 5);
const root = new URL("../", import.meta.url).pathname;
const ms = async (f) => {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
};

/** The first load of a bundle in a fresh thread, as a pool thread does it: [loader import, bundle import] in ms. */
function firstLoadInThread(file, hash) {
  const code = `
    import { parentPort, workerData } from "node:worker_threads";
    const t0 = performance.now();
    const { loadSimulationBundle } = await import(${JSON.stringify(new URL("../packages/runner/dist/simulation/index.js", import.meta.url).href)});
    const t1 = performance.now();
    await loadSimulationBundle(workerData.file, { expectedHash: workerData.hash });
    parentPort.postMessage([t1 - t0, performance.now() - t1]);`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
    workerData: { file, hash },
  });
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  }).finally(() => worker.terminate());
}

// Built-in digests: the README's worked example and anchors table, recomputed with this build.
const readme = readFileSync(`${root}README.md`, "utf8");
const builtIns = [
  ["examples/quickstart.yaml", /\$ (?:\.\/)?mcx run examples\/quickstart\.yaml\n.*\n.*digest (sha256:[0-9a-f]+)…/],
  ["examples/anchors.yaml", /seed 7; digest `(sha256:[0-9a-f]+)…`/],
];
let unchanged = 0;
for (const [file, pattern] of builtIns) {
  const expected = pattern.exec(readme)?.[1];
  const spec = resolveSpec(parseSpecText(readFileSync(`${root}${file}`, "utf8"), file));
  const doc = await runEmbedded(spec, { threads: 2 });
  const same = expected !== undefined && doc.digest.startsWith(expected);
  if (same) unchanged++;
  console.log(JSON.stringify({ bench: "built-in digest", file, readme: expected, now: doc.digest, same }));
}

const bundling = [];
let bundle;
for (let rep = 0; rep < REPS; rep++) {
  const r = await ms(() => bundleSimulation(`${root}examples/pi/pi.ts`));
  bundling.push(r.ms);
  bundle = r.value;
}

const cluster = await startBenchCluster({ threads: 1 });
const cacheDirs = [];
try {
  const { nats } = cluster;
  const client = await connectClient({ servers: [nats.url], user: nats.user, password: nats.password });
  const nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
  const code = Buffer.from(bundle.code, "utf8");
  const upload = await ms(() => client.uploadBundle(bundle.hash, code));
  if (!upload.value.uploaded) throw new Error("the first upload found the bundle there already");
  const skips = [];
  for (let rep = 0; rep < REPS; rep++) skips.push((await ms(() => client.uploadBundle(bundle.hash, code))).ms);
  const fetches = [];
  const loads = [];
  const fetcher = createBundleFetcher(nc);
  for (let rep = 0; rep < REPS; rep++) {
    const dir = join(tmpdir(), `mcx-bench-cache-${randomUUID()}`);
    cacheDirs.push(dir);
    const cache = await BundleCache.open(dir, { maxBytes: 64 * 1024 * 1024 });
    const fetched = await ms(() => cache.acquire(bundle.hash, fetcher));
    fetches.push(fetched.ms);
    loads.push(await firstLoadInThread(fetched.value.file, bundle.hash));
  }
  await client.close();
  await nc.close();
  console.log(
    JSON.stringify({
      bench: "user-simulation",
      bundle: bundle.hash,
      bundleBytes: code.byteLength,
      bundlingMs: Number(median(bundling).toFixed(1)),
      uploadFirstMs: Number(upload.ms.toFixed(1)),
      uploadSkippedMs: Number(median(skips).toFixed(1)),
      workerFetchVerifyCacheMs: Number(median(fetches).toFixed(1)),
      threadLoaderImportMs: Number(median(loads.map((l) => l[0])).toFixed(1)),
      threadBundleLoadMs: Number(median(loads.map((l) => l[1])).toFixed(1)),
      reps: REPS,
    }),
  );
} finally {
  await cluster.stop();
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
}
console.log(
  JSON.stringify({
    name: "built-in digests unchanged (README quickstart, anchors)",
    ratio: unchanged / builtIns.length,
    gate: 1,
  }),
);
