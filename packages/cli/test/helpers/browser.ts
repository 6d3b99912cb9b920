/// <reference lib="dom" />
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

// The system Chromium driven by playwright-core (no browser download), shared by the report and dashboard tests.

export const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Screenshots and the rendered pages, for a person to look at (gitignored; made here, as a fresh clone has none). */
export const OUT = fileURLToPath(new URL("../../../../test-output/", import.meta.url));
mkdirSync(OUT, { recursive: true });

/** Chromium from Debian; installed here when missing and this process may (root + apt), else the test is skipped. */
function chromiumAvailable(): { ok: true } | { ok: false; reason: string } {
  if (existsSync(CHROMIUM)) return { ok: true };
  if (process.getuid?.() !== 0)
    return { ok: false, reason: `${CHROMIUM} is missing and installing it needs root (apt-get install -y chromium)` };
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update"], { stdio: "ignore", env, timeout: 300_000 });
  const r = spawnSync("apt-get", ["install", "-y", "chromium"], { stdio: "ignore", env, timeout: 600_000 });
  return existsSync(CHROMIUM)
    ? { ok: true }
    : { ok: false, reason: `${CHROMIUM} is missing and apt-get install -y chromium failed (status ${r.status})` };
}

let checked: ReturnType<typeof chromiumAvailable> | undefined;

/**
 * Whether the browser tests are skipped. `npm test` installs chromium and sets MCX_REQUIRE_BROWSER=1: there a missing
 * browser fails the test instead of skipping it. Elsewhere (a developer machine without apt) the browser test is
 * skipped with the reason printed.
 */
export function skipBrowser(what: string): boolean {
  checked ??= chromiumAvailable();
  const required = process.env["MCX_REQUIRE_BROWSER"] === "1";
  if (!checked.ok && !required) process.stderr.write(`${what} browser test skipped: ${checked.reason}\n`);
  return !checked.ok && !required;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page that records console errors and warnings, page errors, and every request it made outside `allowed`. */
export async function watchedPage(
  browser: Browser,
  viewport: { width: number; height: number },
  allowed: (url: string) => boolean,
): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    requests.push(url);
    return route.abort();
  });
  return { page, problems, requests };
}

/** What the chart tests check of each `svg.chart` of a page: size, axes, axis labels, legend items, title. */
export interface ChartFacts {
  readonly width: number;
  readonly height: number;
  readonly xAxis: number;
  readonly yAxis: number;
  readonly xTicks: number;
  readonly labels: string[];
  readonly legend: number;
  readonly title: string;
}

/** The facts of every chart matching `selector` (visible parts only: a zero-width box does not count). */
export function chartFacts(page: Page, selector = "svg.chart"): Promise<ChartFacts[]> {
  return page.$$eval(selector, (list) =>
    list.map((svg) => {
      const box = svg.getBoundingClientRect();
      const visible = (sel: string) =>
        [...svg.querySelectorAll(sel)].filter((e) => (e as SVGGraphicsElement).getBBox().width > 0).length;
      return {
        width: box.width,
        height: box.height,
        xAxis: visible(".x-axis"),
        yAxis: visible(".y-axis"),
        xTicks: visible(".x-axis text"),
        labels: [...svg.querySelectorAll(".axis-label")].map((e) => e.textContent ?? ""),
        legend: visible(".legend .legend-item"),
        title: svg.querySelector("title")?.textContent ?? "",
      };
    }),
  );
}

/** Checks one chart's facts: laid out, two visible axes with ticks, two non-empty axis labels and a legend. */
export function chartIsComplete(c: ChartFacts): string[] {
  const problems: string[] = [];
  if (c.width <= 200 || c.height <= 150) problems.push(`${c.title}: ${c.width}×${c.height}`);
  if (c.xAxis !== 1 || c.yAxis !== 1) problems.push(`${c.title}: axes ${c.xAxis}/${c.yAxis}`);
  if (c.xTicks === 0) problems.push(`${c.title}: no x tick labels`);
  if (c.labels.filter((l) => l.trim() !== "").length !== 2) problems.push(`${c.title}: labels ${c.labels}`);
  if (c.legend === 0) problems.push(`${c.title}: no legend`);
  return problems;
}
