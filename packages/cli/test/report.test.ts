/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// page.evaluate callbacks run in the browser: they see the DOM types.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { compareResults, type ResultDocument, resolveSpec } from "@mcx/core";
import { runEmbedded } from "@mcx/runner";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toResultJson } from "../src/output/result-json.ts";
import { quantileKnots, renderReport } from "../src/report/render.ts";
import { chartFacts, chartIsComplete, launchBrowser, OUT, skipBrowser, watchedPage } from "./helpers/browser.ts";
import { assertBuilt, createWorkDir, mcx } from "./helpers/cli.ts";
import { rendezvousResult } from "./report-fixtures.ts";

const sweepSpec = {
  name: "rdv-sweep",
  simulation: "rendezvous",
  seed: 6,
  trials: 4000,
  thresholds: { pause: [0.002, 0.005] },
  sweep: { grid: { nCpu: [2, 8, 32], rate: [500, 2000] } },
};
let single: ResultDocument;
let sweep: ResultDocument;
let sweepB: ResultDocument;
beforeAll(async () => {
  const thresholds = { pause: [0.002, 0.005] };
  single = await rendezvousResult({ name: "rdv-single", seed: 5, trials: 8000, params: { nCpu: 8 }, thresholds });
  sweep = await rendezvousResult(sweepSpec);
  sweepB = await rendezvousResult({
    name: "rdv-sweep",
    seed: 7,
    trials: 4000,
    thresholds,
    sweep: { grid: { nCpu: [2, 8, 32], rate: [500, 2100] } },
  });
}, 120_000);

function svgs(html: string): string[] {
  return html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

describe("renderReport", () => {
  it("is one self-contained page: no scripts, no external resources", () => {
    const html = renderReport(sweep, {
      compare: { report: compareResults(sweep, sweepB, { match: "index" }), other: sweepB, otherName: "b.json" },
    });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // The only absolute URL is the SVG namespace name, which is never fetched.
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]));
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it("gives every chart two axes, two axis labels, a legend and a text alternative", () => {
    const html = renderReport(sweep);
    const charts = svgs(html);
    expect(charts.length).toBeGreaterThan(10);
    for (const svg of charts) {
      expect(svg).toMatch(/<g class="axis x-axis">/);
      expect(svg).toMatch(/<g class="axis y-axis">/);
      expect(svg.match(/class="axis-label [xy]-label"/g)).toHaveLength(2);
      expect(svg).toMatch(/<g class="legend"[^>]*><g class="legend-item">/);
      expect(svg).toMatch(/role="img" aria-labelledby="(c\d+)-t \1-d"/);
    }
  });

  it("shows each key metric per model with its interval and unit", () => {
    const html = renderReport(single);
    const pause = single.points[0]!.models["plain"]!.metrics["pause"]!;
    if (pause.kind !== "continuous") throw new Error("pause is continuous");
    // E[pause] = H_8 / 1000 s ≈ 2.72 ms: shown in ms with its interval.
    expect(pause.mean).toBeCloseTo(0.002718, 4);
    expect(html).toMatch(/<td>2\.7\d+ \[2\.\d+, 2\.\d+\] ms<\/td>/);
    expect(html).toMatch(/<td>\d+\.\d+ % \[\d+\.\d+, \d+\.\d+\]<\/td>/);
    expect(html).toContain("Distributions");
    expect(html).toContain("Convergence");
    expect(html).toContain("Tail risk of pause");
  });

  it("gives every quantile, VaR and CVaR its interval, the FOM and q-values in the detail tables (issue 12)", () => {
    const html = renderReport(single);
    const pause = single.points[0]!.models["plain"]!.metrics["pause"]!;
    if (pause.kind !== "continuous") throw new Error("pause is continuous");
    // p50 ≈ 2.5 ms with its order-statistic interval, in the "All statistics" table.
    expect(html).toMatch(/<th scope="col">FOM<\/th>/);
    expect(html).toMatch(/<td>2\.\d+ \[2\.\d+, 2\.\d+\] ms<\/td><td>\d\.\d+ \[\d\.\d+, \d\.\d+\] ms<\/td>/);
    expect(html).toContain("distribution-free order-statistic intervals");
    expect(html).toMatch(/<th scope="col">q \(BH\)<\/th>/);
    expect(html).toMatch(/<td>plain − antithetic<\/td>/);
  });

  it("plots each key metric of a 2-D grid as small multiples: across one swept key, a panel per value of the other", () => {
    const html = renderReport(sweep);
    expect(html).toContain('<section id="sweep" data-layout="facets">');
    for (const rate of [500, 2000]) {
      expect(html).toMatch(new RegExp(`<title id="c\\d+-t">pause across nCpu at rate = ${rate}</title>`));
      expect(html).toMatch(new RegExp(`<title id="c\\d+-t">late across nCpu at rate = ${rate}</title>`));
    }
  });

  it("adds the comparison table with --compare", () => {
    const report = compareResults(sweep, sweepB, { match: "index" });
    const html = renderReport(sweep, { compare: { report, other: sweepB, otherName: "b.json" } });
    expect(html).toContain('<section id="compare">');
    expect(report.significant.length).toBeGreaterThan(0);
    expect(html.match(/<tr class="sig">/g)).toHaveLength(report.significant.length);
    expect(html).toContain("the runs are not aligned and are treated as independent");
  });

  it("reads CDF knots from every reported quantile, by name", () => {
    const m = single.points[0]!.models["plain"]!.metrics["pause"]!;
    if (m.kind !== "continuous") throw new Error("pause is continuous");
    expect(quantileKnots(m)).toEqual(
      [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99].map((p) => [
        m.quantiles[`p${String(Math.round(p * 100)).padStart(2, "0")}`],
        p,
      ]),
    );
    expect(quantileKnots({ ...m, quantiles: { p999: 3, p01: 1, median: 2 } })).toEqual([
      [1, 0.01],
      [3, 0.999],
    ]);
  });

  it("is deterministic: the same statistics, run again with other threads and shards, give the same bytes", async () => {
    // A second run of the same spec (2 threads, other shard sizes): another document object, the same statistics.
    const again = await runEmbedded(resolveSpec({ ...sweepSpec }), { threads: 2, shardTrials: 500, runId: "test" });
    expect(again).not.toBe(sweep);
    // Wall time is not a statistic: the run block and the figures of merit (variance × seconds) come from the first,
    // and so do where and how it ran (provenance: threads; the shard ledger).
    const ran = {
      run: sweep.run,
      fom: sweep.fom,
      provenance: sweep.provenance,
      shardFingerprints: sweep.shardFingerprints,
    };
    expect(renderReport({ ...again, ...ran })).toBe(renderReport(sweep));
  });

  it("ends with the provenance: build, node, simulation, hosts, ledger, block store and the resolved spec", () => {
    const html = renderReport(single);
    const section = html.slice(html.indexOf('<section id="provenance">'));
    expect(section).toContain(`<dd>${process.version}</dd>`);
    expect(section).toContain("<dd>rendezvous (built in)</dd>");
    expect(section).toMatch(/<dt>hosts<\/dt><dd>\S+ \(1 thread\)<\/dd>/);
    expect(section).toContain("<dd>8 (check them with mcx audit)</dd>");
    expect(section).toMatch(/<dt>block store<\/dt><dd>1 point, \d+ KiB \(\d+ KiB stored\) in this document<\/dd>/);
    expect(section).toContain("&quot;name&quot;: &quot;rdv-single&quot;");
  });
});

describe("mcx report", () => {
  let work: ReturnType<typeof createWorkDir>;
  beforeAll(() => {
    assertBuilt();
    work = createWorkDir();
    work.write("result.json", toResultJson(single));
    work.write("other.json", toResultJson(sweep));
  });
  afterAll(() => work.cleanup());

  it("writes RESULT.html beside the result by default and says where", () => {
    const r = mcx(["report", "result.json"], { cwd: work.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.text).toMatch(/^wrote result\.html \(\d+ KiB\)\n$/);
    const html = readFileSync(`${work.dir}/result.html`, "utf8");
    expect(html).toBe(
      renderReport(single, { source: "result.json", generator: html.match(/<footer><p>(mcx [^ ]+)/)![1]! }),
    );
  });

  it("-o - writes the page to stdout; --compare adds the comparison", () => {
    const r = mcx(["report", "result.json", "-o", "-", "--compare", "result.json"], { cwd: work.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.text.startsWith("<!doctype html>")).toBe(true);
    expect(r.text).toContain("Identical: the digests match");
  });

  it("a bad result file: one error line MCX_RESULT_INVALID, exit 2, nothing written", () => {
    work.write("bad.json", JSON.stringify({ format: "mcx-result/1" }));
    const r = mcx(["report", "bad.json", "-o", "bad.html"], { cwd: work.dir });
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toMatch(
      /^error\[MCX_RESULT_INVALID\]: bad\.json is not a valid mcx-result\/1 document: .+ \(bad\.json\)$/,
    );
    expect(existsSync(`${work.dir}/bad.html`)).toBe(false);
  });
});

describe.skipIf(skipBrowser("report"))("the report in headless Chromium", () => {
  let browser: Browser;
  let file: string;
  beforeAll(async () => {
    file = `${OUT}report.html`;
    const report = compareResults(sweep, sweepB, { match: "index" });
    writeFileSync(
      file,
      renderReport(sweep, { source: "sweep.json", compare: { report, other: sweepB, otherName: "b.json" } }),
    );
    writeFileSync(`${OUT}report-single.html`, renderReport(single, { source: "single.json" }));
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, viewport: { width: number; height: number }) {
    const watched = await watchedPage(browser, viewport, (url) => url.startsWith("file:"));
    await watched.page.goto(`file://${path}`, { waitUntil: "load" });
    // Unfold every section, so every chart is laid out and measurable.
    await watched.page.evaluate(() => {
      for (const d of document.querySelectorAll("details")) d.open = true;
    });
    return watched;
  }

  it("renders with no console errors or requests, every SVG with axes, labels and a legend; screenshots", async () => {
    for (const [name, path] of [
      ["report", file],
      ["report-single", `${OUT}report-single.html`],
    ] as const) {
      const { page, problems, requests } = await open(path, { width: 1280, height: 900 });
      const charts = await chartFacts(page);
      expect(charts.length, name).toBeGreaterThan(3);
      expect(charts.flatMap(chartIsComplete), name).toEqual([]);
      await page.screenshot({ path: `${OUT}${name}-desktop.png`, fullPage: true });
      expect(problems, name).toEqual([]);
      expect(requests, name).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it("fits a phone: no sideways scrolling of the page (wide tables scroll in their own box)", async () => {
    const { page, problems } = await open(file, { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const narrowest = await page.$$eval("svg.chart", (list) =>
      Math.min(...list.map((s) => s.getBoundingClientRect().width)),
    );
    expect(narrowest).toBeGreaterThan(300);
    await page.screenshot({ path: `${OUT}report-phone.png`, fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
