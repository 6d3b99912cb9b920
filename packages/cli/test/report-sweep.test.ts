/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they see the DOM types.
import { writeFileSync } from "node:fs";
import type { ResultDocument } from "@mcx/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../src/report/context.ts";
import { renderReport } from "../src/report/render.ts";
import { chartFacts, chartIsComplete, launchBrowser, OUT, skipBrowser, watchedPage } from "./helpers/browser.ts";
import { embeddedResult, rendezvousResult } from "./report-fixtures.ts";

// The sweep charts' axes are the keys the spec sweeps: a 1-D sweep is one line per model across its points, a 2-D
// grid small multiples (a heat map when large), random and LHS sweeps scatter plots; the report opens with the answer.

let oneD: ResultDocument;
let grid: ResultDocument;
let lhs: ResultDocument;
let large: ResultDocument;
const BLOCKED = [0.01, 0.05, 0.2];

beforeAll(async () => {
  // reduced.kthreadBlockedProb and reduced.blockedAfterWakeProb default to reduced.blockedProb: they vary with it.
  oneD = await embeddedResult({
    name: "lp-1d",
    simulation: "livepatch",
    seed: 1,
    trials: 300,
    params: { nCpu: 4, nUser: 40, workload: "reduced" },
    sweep: { grid: { "reduced.blockedProb": BLOCKED } },
  });
  grid = await rendezvousResult({ seed: 6, trials: 2000, sweep: { grid: { nCpu: [2, 8, 32], rate: [500, 2000] } } });
  lhs = await rendezvousResult({
    seed: 3,
    trials: 1000,
    sweep: { lhs: { n: 20, space: { nCpu: { uniform: [2, 64], int: true }, rate: { loguniform: [200, 5000] } } } },
  });
  const rates = Array.from({ length: 20 }, (_, i) => 100 * (i + 1));
  large = await rendezvousResult({
    seed: 4,
    trials: 200,
    sweep: { grid: { nCpu: [2, 4, 6, 8, 10, 12, 14, 16, 18, 20], rate: rates } },
  });
}, 180_000);

/** Titles of the charts of the sweep section. */
function sweepTitles(html: string): string[] {
  const section = html.slice(
    html.indexOf('<section id="sweep"'),
    html.indexOf("</section>", html.indexOf('id="sweep"')),
  );
  return [...section.matchAll(/<title id="c\d+-t">([^<]*)<\/title>/g)].map((m) => m[1]!);
}

describe("the sweep section", () => {
  it("a 1-D sweep: one chart per key metric across the swept key, never across a parameter that follows it", () => {
    const html = renderReport(oneD);
    const key = createContext(oneD).key;
    expect(html).toContain('<section id="sweep" data-layout="line">');
    expect(sweepTitles(html)).toEqual(key.map((m) => `${m} across reduced.blockedProb`));
    expect(html).not.toMatch(/across reduced\.kthreadBlockedProb|kthreadBlockedProb = /);
    // Point headings name the swept key only.
    expect(html).toContain("Point 1 — reduced.blockedProb = 0.05");
    expect(html).toMatch(/Not swept, but varying with the swept keys[^<]*<code>reduced\.kthreadBlockedProb<\/code>/);
  });

  it("a document without `sweep` (written before it was recorded) infers the same swept key", () => {
    const { sweep: _none, ...older } = oneD;
    expect(sweepTitles(renderReport(older))).toEqual(sweepTitles(renderReport(oneD)));
  });

  it("a 2-D grid: small multiples, one panel per value of the other key, sharing the y axis", () => {
    const titles = sweepTitles(renderReport(grid));
    expect(titles).toEqual(["pause", "late"].flatMap((m) => [500, 2000].map((r) => `${m} across nCpu at rate = ${r}`)));
  });

  it("an LHS sweep: a scatter plot of each key metric against each swept key", () => {
    const html = renderReport(lhs);
    expect(html).toContain('data-layout="scatter"');
    expect(sweepTitles(html)).toEqual(
      ["pause", "late"].flatMap((m) => ["nCpu", "rate"].map((k) => `${m} against ${k} (Latin hypercube sample)`)),
    );
  });

  it("a 200-point grid: a heat map of the best model per metric, point sections without their own charts", () => {
    const html = renderReport(large);
    expect(html).toContain('data-layout="heatmap"');
    // `late` is reported by one model only: nothing to rank, so no heat map for it.
    expect(sweepTitles(html)).toEqual(["Best model on pause over rate × nCpu"]);
    expect(html.match(/<svg\b/g)).toHaveLength(1);
    expect(html.match(/<section id="point-\d+" class="point">/g)).toHaveLength(200);
    // The navigation links the points' list, not 200 links.
    expect(html).toContain('<a href="#point-0">Points (200)</a>');
    expect(html.length).toBeLessThan(2_000_000);
  });
});

describe("the answer", () => {
  it("opens the report: per point, the best model on each key metric with its margin over the runner-up", () => {
    const html = renderReport(oneD);
    expect(html.indexOf('<section id="answer">')).toBeLessThan(html.indexOf('<section id="summary">'));
    // Immediate declares completion at t = 0 on every trial (livepatch-models.md): lowest tDone at every point.
    expect(html).toMatch(
      /<li><b>tDone<\/b> \(lower is better\): <span class="swatch s0"><\/span>immediate at 3 of 3 points \(clearly at 3\)\.<\/li>/,
    );
    const rows = html.slice(html.indexOf('<section id="answer">'), html.indexOf('<section id="summary">'));
    expect(rows.match(/<tr><th scope="row"><a href="#point-\d">/g)).toHaveLength(3);
  });

  it("a single point: one row per metric with the runner-up and the paired difference", async () => {
    const single = await rendezvousResult({ seed: 5, trials: 4000, params: { nCpu: 8 } });
    const html = renderReport(single);
    // Both models estimate E[pause]: whichever is lower, the other is the runner-up, with the paired interval.
    const row = html.match(/<tr(?: class="tie")?><th scope="row">pause<\/th>(.*?)<\/tr>/)?.[1] ?? "";
    expect(row).toContain("plain");
    expect(row).toContain("antithetic");
    expect(row).toMatch(/<td>paired<\/td>/);
  });
});

describe.skipIf(skipBrowser("report sweep"))("the sweep charts in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(name: string, doc: ResultDocument): Promise<{ page: Page; problems: string[] }> {
    const file = `${OUT}report-${name}.html`;
    writeFileSync(file, renderReport(doc, { source: `${name}.json` }));
    const { page, problems, requests } = await watchedPage(browser, { width: 1280, height: 900 }, (u) =>
      u.startsWith("file:"),
    );
    await page.goto(`file://${file}`, { waitUntil: "load" });
    expect(requests).toEqual([]);
    return { page, problems };
  }

  it("1-D: one chart per key metric, x axis = the swept key, a line per model", async () => {
    const { page, problems } = await open("sweep-1d", oneD);
    const charts = await chartFacts(page, "#sweep svg.chart");
    const key = createContext(oneD).key;
    expect(charts).toHaveLength(key.length);
    expect(charts.flatMap(chartIsComplete)).toEqual([]);
    expect(new Set(charts.map((c) => c.labels[0]))).toEqual(new Set(["reduced.blockedProb (log scale)"]));
    const ticks = await page.$$eval("#sweep svg.chart .x-axis text", (t) => [...new Set(t.map((e) => e.textContent))]);
    for (const b of BLOCKED) expect(ticks).toContain(String(b));
    // tDone: every model that reports it has a line through the 3 points.
    const tDone = await page.$eval("#sweep svg.chart", (svg) => ({
      lines: svg.querySelectorAll('.plot path[stroke-dasharray]:not([stroke-dasharray="3 2"])').length,
      legend: svg.querySelectorAll(".legend-item").length,
    }));
    expect(tDone.lines).toBe(tDone.legend);
    await page.screenshot({ path: `${OUT}report-sweep-1d.png`, fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("2-D grid: a visible panel per rate, the same y ticks in every panel of a metric", async () => {
    const { page, problems } = await open("sweep-grid", grid);
    const charts = await chartFacts(page, "#sweep svg.chart");
    expect(charts).toHaveLength(4);
    expect(charts.flatMap(chartIsComplete)).toEqual([]);
    expect(charts.map((c) => c.labels)).toEqual([
      ["nCpu", "mean pause (ms)"],
      ["nCpu", "mean pause (ms)"],
      ["nCpu", "p late (%)"],
      ["nCpu", "p late (%)"],
    ]);
    const panels = await page.$$eval("#sweep figure.facets", (figs) =>
      figs.map((f) => ({
        titles: [...f.querySelectorAll(".panel-title")].map((t) => t.textContent),
        yTicks: [...f.querySelectorAll("svg.chart")].map((s) =>
          [...s.querySelectorAll(".y-axis text")].map((t) => t.textContent).join(" "),
        ),
      })),
    );
    expect(panels.map((p) => p.titles)).toEqual([
      ["rate = 500", "rate = 2000"],
      ["rate = 500", "rate = 2000"],
    ]);
    for (const p of panels) expect(new Set(p.yTicks).size).toBe(1);
    await (await page.$("#sweep"))!.screenshot({ path: `${OUT}report-sweep-grid.png` });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("LHS: scatter plots against each swept key, one marker per point and model", async () => {
    const { page, problems } = await open("sweep-lhs", lhs);
    const charts = await chartFacts(page, "#sweep svg.chart");
    expect(charts).toHaveLength(4);
    expect(charts.flatMap(chartIsComplete)).toEqual([]);
    expect(charts.map((c) => c.labels[0])).toEqual([
      "nCpu (log scale)",
      "rate (log scale)",
      "nCpu (log scale)",
      "rate (log scale)",
    ]);
    const markers = await page.$$eval("#sweep svg.chart", (list) =>
      list.map((s) => s.querySelectorAll(".plot > * > title").length),
    );
    // pause: plain and antithetic at 20 points; late: plain only.
    expect(markers).toEqual([40, 40, 20, 20]);
    await (await page.$("#sweep"))!.screenshot({ path: `${OUT}report-sweep-lhs.png` });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("200 points: the answer table scrolls in its own box and the page stays one screen wide", async () => {
    const { page, problems } = await open("sweep-200", large);
    const facts = await page.evaluate(() => {
      const box = document.querySelector(".table-wrap.answer") as HTMLElement;
      return {
        rows: box.querySelectorAll("tbody tr").length,
        scrolls: box.scrollHeight > box.clientHeight,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      };
    });
    expect(facts).toEqual({ rows: 200, scrolls: true, overflow: 0 });
    const heat = await chartFacts(page, "#sweep svg.chart");
    expect(heat.flatMap(chartIsComplete)).toEqual([]);
    expect(heat[0]!.labels).toEqual(["rate", "nCpu"]);
    await page.screenshot({ path: `${OUT}report-sweep-200.png`, fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
