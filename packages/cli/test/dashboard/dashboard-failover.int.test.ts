/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they see the DOM types.
import { MERGE_FIXTURES, stopProcess, waitForOutput } from "@mcx/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, OUT, skipBrowser, watchedPage } from "../helpers/browser.ts";
import { type DashboardCluster, startDashboardCluster } from "./dashboard-cluster.ts";

// The page keeps working after a coordinator failover: an active and a standby coordinator, the active one SIGKILLed
// while the page follows a run; the standby takes the lease, resumes the run from the stream, and the page's live
// view carries on to the end, with the golden digest and the numbers of `mcx status`. Then a worker is SIGKILLed
// mid-shard: its shards are run again, and the page counts them as retried.
const enabled = process.env["MCX_INTEGRATION"] === "1";
// A merge fixture: 40 shards of ≈ 0.1 s, whose digest is checked against closed forms (tooling/testkit).
const { spec, digest } = MERGE_FIXTURES.failoverLong;

const numbers = (text: string) => (text.match(/[\d,]+/g) ?? []).map((s) => Number(s.replace(/,/g, "")));

describe.skipIf(!enabled || skipBrowser("dashboard failover"))("the dashboard across a coordinator failover", () => {
  let cluster: DashboardCluster;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    cluster = await startDashboardCluster("dashfo", { coordinators: 2 });
    url = (await cluster.dashboard([])).url;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it("follows a live run through the active coordinator's SIGKILL and a worker's to the end", async () => {
    const [active, standby] = cluster.coordinators as [
      (typeof cluster.coordinators)[number],
      (typeof cluster.coordinators)[number],
    ];
    const runId = cluster.submit({ ...spec, name: "dash-failover" });
    const { page, problems } = await watchedPage(browser, { width: 1280, height: 900 }, (u) => u.startsWith(url));
    await page.goto(`${url}/#/run/${runId}`, { waitUntil: "load" });
    const seq = async () => Number(await page.$eval("article[data-seq]", (a) => a.getAttribute("data-seq")));
    const trials = async () => numbers(await page.$eval('[data-card="trials"] .v', (e) => e.textContent ?? ""))[0]!;
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-card="shards"] .v')?.textContent?.split("/")[0]?.replace(/,/g, "")) >= 4,
      undefined,
      { timeout: 60_000 },
    );
    const before = { seq: await seq(), trials: await trials() };
    expect(cluster.status(runId).status).toBe("running");

    active.child.kill("SIGKILL");
    await stopProcess(active.child);
    await waitForOutput(standby, /coordinator ready/);
    // The page moves on with what the new coordinator publishes: more updates, more trials.
    await page.waitForFunction(
      (t) =>
        Number(document.querySelector('[data-card="trials"] .v')?.textContent?.split("/")[0]?.replace(/,/g, "")) > t,
      before.trials,
      { timeout: 60_000 },
    );
    expect(await seq()).toBeGreaterThan(before.seq);
    await page.screenshot({ path: `${OUT}dashboard-failover.png`, fullPage: false });

    // A worker lost mid-shard: a second one runs its locked shards again once their lock expires.
    const [victimId, victim] = [...cluster.workers][0]!;
    victim.child.kill("SIGKILL");
    await stopProcess(victim.child);
    await cluster.startWorker(`${victimId}-b`);

    await page.waitForSelector('[data-status="completed"]', { timeout: 180_000 });
    const final = cluster.status(runId);
    expect(final.digest).toBe(digest);
    expect(await page.$eval("[data-digest]", (e) => e.textContent)).toBe(digest);
    expect(numbers(await page.$eval('[data-card="trials"] .v', (e) => e.textContent ?? ""))).toEqual([
      final.trialsDone,
      final.trialsPlanned,
    ]);
    expect(numbers(await page.$eval('[data-card="shards"] .v', (e) => e.textContent ?? ""))).toEqual([
      final.shardsDone,
      final.shardsPlanned,
    ]);
    expect(final.shardsRetried).toBeGreaterThanOrEqual(1);
    expect(numbers(await page.$eval('[data-card="retried"] .v', (e) => e.textContent ?? ""))).toEqual([
      final.shardsRetried,
    ]);
    // The record says a coordinator resumed it, and the workers view names the new coordinator.
    expect((final as { resumed?: number }).resumed).toBe(1);
    await page.goto(`${url}/#/workers`);
    const leaseId = /"id":"([^"]+)"[^\n]*coordinator lease acquired/.exec(standby.output())?.[1];
    expect(leaseId).toBeDefined();
    await page.waitForFunction((id) => document.body.textContent?.includes(id) === true, leaseId, { timeout: 20_000 });
    process.stdout.write(
      `dashboard failover: ${before.seq} updates before the SIGKILL, ${final.shardsRetried} shards retried after the worker's\n`,
    );
    // Requests made while no coordinator answered failed (503) and were retried: the page reports no script error.
    expect(problems.filter((p) => !/status of 50[23]/.test(p))).toEqual([]);
    await page.close();
  }, 300_000);
});
