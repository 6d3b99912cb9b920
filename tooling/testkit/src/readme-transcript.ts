import { readFileSync } from "node:fs";

// The README shows commands as console transcripts: a `$ ` line, then what it printed. Tests run the commands
// exactly as written and compare what they print with the transcript, where `…` stands for what varies (a line of
// its own: any lines; inside a line: any text).

/** One `$ ` command of a README section and the output shown under it. */
export interface TranscriptStep {
  readonly command: string;
  readonly output: readonly string[];
}

/** The console transcripts of the README section headed `## <heading>` (up to the next `## `). */
export function readmeTranscripts(readmeFile: string, heading: string): TranscriptStep[] {
  const text = readFileSync(readmeFile, "utf8");
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${readmeFile} has no section "## ${heading}"`);
  const end = text.indexOf("\n## ", start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const steps: { command: string; output: string[] }[] = [];
  for (const block of section.matchAll(/```console\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split("\n")) {
      if (line.startsWith("$ ")) steps.push({ command: line.slice(2), output: [] });
      else if (steps.length > 0 && line !== "") steps[steps.length - 1]!.output.push(line);
    }
  }
  return steps;
}

function lineMatches(expected: string, actual: string): boolean {
  const parts = expected.split("…").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`).test(actual);
}

/**
 * Whether `actual` (the output, blank lines dropped) is what the transcript shows: line by line, a `…` line
 * standing for any lines (none included), `…` in a line for any text.
 */
export function matchesTranscript(expected: readonly string[], actual: readonly string[]): boolean {
  const go = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e] === "…") {
      for (let k = a; k <= actual.length; k++) if (go(e + 1, k)) return true;
      return false;
    }
    return a < actual.length && lineMatches(expected[e]!, actual[a]!) && go(e + 1, a + 1);
  };
  return go(0, 0);
}
