/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they see the DOM types.
import { setTimeout as sleep } from "node:timers/promises";
import { resolveSpec, runInline } from "@mcx/core";
import { MERGE_FIXTURES } from "@mcx/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { HISTORY_BUDGET } from "../../src/dashboard/run-feed.ts";
import { toResultJson } from "../../src/output/result-json.ts";
import { chartFacts, chartIsComplete, launchBrowser, OUT, skipBrowser, watchedPage } from "../helpers/browser.ts";
import { addPoisonShard, waitFor } from "./cluster.ts";
import { type DashboardCluster, startDashboardCluster } from "./dashboard-cluster.ts";

// `mcx dashboard` against real Redis, NATS, a coordinator and a worker (processes from the built JavaScript), in
// the system Chromium. Timings are measured and printed, never asserted.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const TOKEN = "dashboard-test-token-0123456789";

/** An adaptive run of 2 points × 40 shards of ≈ 0.1 s whose target is out of reach: it runs to its cap. */
function adaptiveSpec(name: string, seed: number) {
  return {
    name,
    simulation: "rendezvous",
    seed,
    blockTrials: 1000,
    shardTrials: 12_000,
    params: { nCpu: 256 },
    stop: { metrics: ["pause"], relHalfWidth: 0.0005, minTrials: 12_000, maxTrials: 480_000 },
    sweep: { grid: { rate: [500, 2000] } },
  };
}

const numbers = (text: string) => (text.match(/[\d,]+/g) ?? []).map((s) => Number(s.replace(/,/g, "")));

describe.skipIf(!enabled || skipBrowser("dashboard"))("mcx dashboard on a real cluster, in Chromium", () => {
  let cluster: DashboardCluster;
  let local: string;
  let guarded: string;
  let browser: Browser;
  let liveRun: string;

  beforeAll(async () => {
    cluster = await startDashboardCluster("dash");
    local = (await cluster.dashboard([])).url;
    ({ url: guarded } = await cluster.dashboard(["--host", "0.0.0.0"], { MCX_DASHBOARD_TOKEN: TOKEN }));
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });
  // A failure prints how the coordinator is and its last lines: a coordinator gone explains most of them.
  beforeEach(() => {
    onTestFailed(() => {
      const c = cluster.coordinators[0]!;
      const state = `exit ${c.child.exitCode}, signal ${c.child.signalCode}`;
      process.stderr.write(
        `the coordinator (${state}), last lines:\n${c.output().split("\n").slice(-30).join("\n")}\n`,
      );
    });
  });

  async function open(path: string, base = local): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const watched = await watchedPage(browser, { width: 1280, height: 900 }, (u) => u.startsWith(base));
    await watched.page.goto(`${base}/${path}`, { waitUntil: "load" });
    return watched;
  }

  const cardText = (page: Page, card: string) => page.$eval(`[data-card="${card}"] .v`, (e) => e.textContent ?? "");

  it("lists a submitted run", async () => {
    liveRun = cluster.submit(adaptiveSpec("dash-live", 7));
    const { page, problems, requests } = await open("#/");
    await page.waitForSelector(`#runs tr[data-run="${liveRun}"]`, { timeout: 20_000 });
    const row = await page.$eval(`#runs tr[data-run="${liveRun}"]`, (tr) => tr.textContent ?? "");
    expect(row).toContain("dash-live");
    expect(row).toMatch(/running|completed|target not met/);
    // On a phone the page does not scroll sideways: the wide table scrolls in its own box.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${OUT}dashboard-runs-phone.png`, fullPage: false });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it("a running run's page updates its progress and intervals; its numbers are those of mcx status", async () => {
    const { page, problems } = await open(`#/run/${liveRun}`);
    await page.waitForSelector('[data-status="running"] figure[data-chart="half-width"] svg.chart', {
      timeout: 30_000,
    });
    const first = {
      trials: await cardText(page, "trials"),
      caption: await page.$eval("figure[data-chart=estimate] figcaption", (e) => e.textContent),
    };
    const shot1 = await page.screenshot({ fullPage: false });
    const status1 = cluster.status(liveRun);
    // Both must move: the caption's rounded estimate can stay the same over one update of a few shards.
    await page.waitForFunction(
      ({ trials, caption }) =>
        document.querySelector('[data-card="trials"] .v')?.textContent !== trials &&
        document.querySelector("figure[data-chart=estimate] figcaption")?.textContent !== caption,
      first,
      { timeout: 30_000 },
    );
    const second = {
      trials: await cardText(page, "trials"),
      caption: await page.$eval("figure[data-chart=estimate] figcaption", (e) => e.textContent),
    };
    // Measured before the screenshots: a full-page screenshot lays the page out again at another size.
    const charts = await chartFacts(page, "figure[data-chart] svg.chart");
    const shot2 = await page.screenshot({ fullPage: false });
    await page.screenshot({ path: `${OUT}dashboard-live.png`, fullPage: true });
    expect(Buffer.compare(shot1, shot2)).not.toBe(0);
    expect(second.caption).not.toBe(first.caption);
    const [done1, planned1] = numbers(first.trials);
    const [done2, planned2] = numbers(second.trials);
    expect(done2!).toBeGreaterThan(done1!);
    // Planned trials are fixed; trials done grow: the page's first number is at most what mcx status said after it.
    expect(planned1).toBe(status1.trialsPlanned);
    expect(planned2).toBe(status1.trialsPlanned);
    expect(done1!).toBeLessThanOrEqual(status1.trialsDone);
    expect(charts.flatMap(chartIsComplete)).toEqual([]);
    const legend = await page.$eval("figure[data-chart=half-width] svg", (s) =>
      [...s.querySelectorAll(".legend-item text")].map((t) => t.textContent),
    );
    expect(legend).toEqual(
      expect.arrayContaining(["plain", "antithetic", "n^-1/2 reference", "target (±0.05 % rel.)"]),
    );
    // At the end the page shows exactly what mcx status shows.
    await page.waitForSelector('[data-status="target_not_met"], [data-status="completed"]', { timeout: 120_000 });
    const final = cluster.status(liveRun);
    expect(numbers(await cardText(page, "trials"))).toEqual([final.trialsDone, final.trialsPlanned]);
    expect(numbers(await cardText(page, "shards"))).toEqual([final.shardsDone, final.shardsPlanned]);
    expect(numbers(await cardText(page, "duplicates"))).toEqual([final.duplicatesDropped]);
    expect(numbers(await cardText(page, "rejected"))).toEqual([final.rejected]);
    expect(numbers(await cardText(page, "retried"))).toEqual([final.shardsRetried]);
    expect(await page.$eval("[data-digest]", (e) => e.textContent)).toBe(final.digest);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it("a finished run shows the report and its JSON and CSV downloads", async () => {
    const { page, problems } = await open(`#/run/${liveRun}`);
    const frame = await (await page.waitForSelector("iframe.report", { timeout: 30_000 })).contentFrame();
    await frame!.waitForSelector("#answer", { timeout: 30_000 });
    const report = await frame!.evaluate(() => ({
      sections: [...document.querySelectorAll("section[id]")].map((s) => s.id).slice(0, 4),
      charts: document.querySelectorAll("svg.chart").length,
      digest: document.querySelector("header code")?.textContent ?? "",
    }));
    expect(report.sections).toEqual(["answer", "summary", "sweep", "point-0"]);
    expect(report.charts).toBeGreaterThan(2);
    const status = cluster.status(liveRun);
    expect(status.digest!.startsWith(report.digest.replace("…", ""))).toBe(true);
    const json = await page.request.get(`${local}/api/runs/${liveRun}/result.json`);
    expect(json.headers()["content-disposition"]).toBe(`attachment; filename="${liveRun}.json"`);
    expect(((await json.json()) as { digest: string }).digest).toBe(status.digest);
    const csv = await page.request.get(`${local}/api/runs/${liveRun}/result.csv`);
    expect((await csv.text()).split("\n")[0]).toMatch(/^point,/);
    await page.screenshot({ path: `${OUT}dashboard-finished.png`, fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  let cancelled: string;
  it("cancel asks first; keeping the run changes nothing; confirming cancels it", async () => {
    const runId = cluster.submit(adaptiveSpec("dash-cancel", 8));
    const { page, problems } = await open(`#/run/${runId}`);
    await page.waitForSelector('[data-status="running"] button.danger', { timeout: 30_000 });
    // From the keyboard: focus the button, Enter opens the question, Escape keeps the run.
    await page.focus("button.danger");
    await page.keyboard.press("Enter");
    const dialog = await page.waitForSelector("dialog[open]");
    expect(await dialog.textContent()).toContain(`Cancel run ${runId}?`);
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog:not([open])", { state: "attached" });
    expect(cluster.status(runId).status).toBe("running");
    await page.click("button.danger");
    await page.click("dialog[open] button.danger");
    await waitFor(
      async () => (cluster.status(runId).status === "cancelled" ? true : undefined),
      "the run to be cancelled",
      60_000,
    );
    await page.waitForSelector('[data-status="cancelled"]', { timeout: 30_000 });
    cancelled = runId;
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("a finished run compares with another run (the report's comparison section)", async () => {
    const { page, problems } = await open(`#/run/${liveRun}`);
    await page.waitForSelector("iframe.report", { timeout: 30_000 });
    await page.waitForFunction(
      (id) => document.querySelector(`select[aria-label="compare with another run"] option[value="${id}"]`) !== null,
      cancelled,
      { timeout: 30_000 },
    );
    await page.selectOption('select[aria-label="compare with another run"]', cancelled);
    const frame = await (await page.waitForSelector(`iframe.report[src$="compare=${cancelled}"]`)).contentFrame();
    const compare = await (await frame!.waitForSelector("#compare", { timeout: 30_000 })).textContent();
    expect(compare).toContain(`b = run ${cancelled}`);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("bound beyond loopback: every request and stream without the token is refused, the token never reaches the page", async () => {
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", "/api/runs"],
      ["GET", "/api/runs/stream"],
      ["GET", `/api/runs/${liveRun}/live`],
      ["POST", `/api/runs/${liveRun}/cancel`],
      ["GET", `/api/runs/${liveRun}/result.json`],
    ]) {
      const r = await fetch(`${guarded}${path}`, { method });
      expect(r.status, `${method} ${path}`).toBe(401);
      await r.body?.cancel();
    }
    const api = await fetch(`${guarded}/api/runs`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { runs: { runId: string }[] }).runs.map((r) => r.runId)).toContain(liveRun);
    // A person signs in once; the browser holds a session cookie, never the token.
    const bodies: string[] = [];
    const { page, problems } = await open("", guarded);
    page.on(
      "response",
      (r) =>
        void r.text().then(
          (t) => bodies.push(t),
          () => undefined,
        ),
    );
    await page.fill("#token", TOKEN);
    await Promise.all([page.waitForURL(`${guarded}/`), page.click("button[type=submit]")]);
    await page.waitForSelector(`#runs tr[data-run="${liveRun}"]`, { timeout: 20_000 });
    // The first answer was the sign-in page with status 401, which Chromium reports on the console: not a problem.
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([["mcx_dashboard", true, "Strict"]]);
    expect(cookies[0]!.value).not.toContain(TOKEN);
    expect(await page.content()).not.toContain(TOKEN);
    expect(bodies.some((b) => b.includes(TOKEN))).toBe(false);
    await page.close();
  }, 60_000);

  it("a 200-point sweep: first render and update rate measured, the server's memory bounded", async () => {
    const rates = Array.from({ length: 20 }, (_, i) => 100 * (i + 1));
    const runId = cluster.submit({
      name: "dash-200",
      simulation: "rendezvous",
      seed: 9,
      trials: 8000,
      blockTrials: 500,
      shardTrials: 2000,
      sweep: { grid: { nCpu: [2, 4, 6, 8, 10, 12, 14, 16, 18, 20], rate: rates } },
    });
    const health = async () =>
      (await (await fetch(`${local}/api/health`)).json()) as {
        retainedRows: number;
        heapUsedBytes: number;
        rssBytes: number;
        followedRuns: number;
      };
    const before = await health();
    const { page, problems } = await open(`#/run/${runId}`);
    await page.waitForSelector("#points tbody tr:nth-child(200)", { timeout: 60_000 });
    const firstRender = await page.evaluate(() => performance.now());
    const seqs: { at: number; seq: number }[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 5_000) {
      const seq = Number(await page.$eval("article[data-seq]", (a) => a.getAttribute("data-seq")));
      if (seqs.at(-1)?.seq !== seq) seqs.push({ at: Date.now() - t0, seq });
      await sleep(50);
    }
    const after = await health();
    const updatesPerSecond = (seqs.length - 1) / 5;
    process.stdout.write(
      `dashboard 200 points: first render of the run page ${firstRender.toFixed(0)} ms after navigation; ${updatesPerSecond.toFixed(1)} updates/s seen; server heap ${(before.heapUsedBytes / 2 ** 20).toFixed(0)} → ${(after.heapUsedBytes / 2 ** 20).toFixed(0)} MiB, rss ${(after.rssBytes / 2 ** 20).toFixed(0)} MiB, ${after.retainedRows} history rows\n`,
    );
    // The feed sends at most 4 updates a second (250 ms apart); history stays within its budget (+1 row per slot).
    expect(updatesPerSecond).toBeLessThanOrEqual(5);
    expect(after.retainedRows).toBeLessThanOrEqual(HISTORY_BUDGET + 200 * 2);
    expect(after.heapUsedBytes).toBeLessThan(256 * 2 ** 20);
    await page.screenshot({ path: `${OUT}dashboard-200.png`, fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it("shows the workers with their throughput, the queues' counts and a poison shard's dead letter", async () => {
    const poisoned = "poison-dash-1";
    await addPoisonShard(cluster.redis.url, poisoned, 2);
    const { page, problems } = await open("#/workers");
    await page.waitForSelector(`#dead-letters tr[data-job="${poisoned}-2"]`, { timeout: 30_000 });
    const row = await page.$eval(`#dead-letters tr[data-job="${poisoned}-2"]`, (tr) => tr.textContent ?? "");
    expect(row).toContain(poisoned);
    expect(row).toContain("MCX_UNKNOWN_SIMULATION");
    // Two answers of BullMQ through the coordinator agree: the failed set's count, and the dead letters' total.
    const failedCell = '#queues tr[data-queue="mcx-shards"] td[data-count="failed"]';
    const shown = numbers(await page.$eval(failedCell, (e) => e.textContent ?? ""));
    const dead = Number(await page.$eval("[data-dead-letters]", (e) => e.getAttribute("data-dead-letters")));
    expect(dead).toBeGreaterThanOrEqual(1);
    expect(shown).toEqual([dead]);
    expect(await page.$eval(`li[data-run="${poisoned}"]`, (e) => e.textContent)).toBe(`${poisoned}: 1`);
    expect(
      await page.$$eval("#queues tr[data-queue]", (rows) => rows.map((r) => r.getAttribute("data-queue"))),
    ).toEqual(["mcx-shards", "mcx-schedules"]);
    // The worker ran every shard of this file's runs: its throughput cell says how many in its window.
    const throughput = await page.$eval("#workers tr[data-worker='dash-w1'] td[data-throughput]", (td) => ({
      shards: Number(td.getAttribute("data-throughput")),
      title: td.getAttribute("title") ?? "",
    }));
    expect(throughput.title).toMatch(new RegExp(`^${throughput.shards} shards in the last \\d+ s$`));
    await page.screenshot({ path: `${OUT}dashboard-workers.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("compares a scheduled run with its schedule's baseline", async () => {
    const { spec: baselineSpec } = MERGE_FIXTURES.scheduleBaseline;
    const { spec: scheduledSpec } = MERGE_FIXTURES.scheduled;
    const baselineFile = cluster.write("baseline.json", toResultJson(runInline(resolveSpec(baselineSpec))));
    const specFile = cluster.write("nightly.json", JSON.stringify(scheduledSpec));
    cluster.mcx(["schedule", "add", "dash-nightly", "--every", "2", specFile, "--baseline", baselineFile]);
    const runId = await waitFor(async () => {
      const listed = JSON.parse(cluster.mcx(["status", "--json"])) as {
        runs: { runId: string; scheduledBy?: string; status: string }[];
      };
      return listed.runs.find((r) => r.scheduledBy === "dash-nightly" && r.status !== "running")?.runId;
    }, "a finished run of the schedule");
    // No more ticks while the page is looked at (the same baseline stays).
    cluster.mcx([
      "schedule",
      "add",
      "dash-nightly",
      "--every",
      "86400",
      specFile,
      "--baseline",
      baselineFile,
      "--replace",
    ]);
    const { page, problems } = await open(`#/run/${runId}`);
    await page.waitForSelector("[data-regression]", { timeout: 30_000 });
    expect(await page.$eval("[data-regression]", (e) => e.textContent)).toMatch(
      /^REGRESSION against the baseline of schedule dash-nightly/,
    );
    await page.selectOption('select[aria-label="compare with another run"]', "baseline");
    const frame = await (await page.waitForSelector('iframe.report[src$="compare=baseline"]')).contentFrame();
    const compare = await (await frame!.waitForSelector("#compare", { timeout: 30_000 })).textContent();
    expect(compare).toContain("b = baseline of schedule dash-nightly");
    // The comparison pairs points as the coordinator's verdict did: the same significant differences (the rate moved
    // from 1000 to 1300, E[pause] ∝ 1/rate).
    const { regression } = cluster.status(runId) as { regression?: { significant: number } };
    expect(regression!.significant).toBeGreaterThan(0);
    expect(compare).toContain(`${regression!.significant} significant difference`);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
