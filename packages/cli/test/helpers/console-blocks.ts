// The shell sessions a Markdown file shows (```console blocks): each `$ ` line is a command, the lines after it
// until the next `$ ` are what it printed. Used by the README-commands test to run every command as written.

/** One line of a Markdown file, with its 1-based number. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** A command of a console block and the output the document shows for it. */
export interface ShownCommand {
  readonly line: number;
  /** The command as written after `$ ` (continuation lines ending in `\` joined with newlines). */
  readonly command: string;
  readonly output: readonly NumberedLine[];
}

export interface ConsoleBlock {
  /** Line of the opening fence. */
  readonly line: number;
  readonly commands: readonly ShownCommand[];
}

/** Every ```console block of `markdown`, in order. */
export function consoleBlocks(markdown: string): ConsoleBlock[] {
  const lines = markdown.split("\n");
  const blocks: ConsoleBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== "```console") continue;
    const commands: { line: number; command: string; output: NumberedLine[] }[] = [];
    const open = i + 1;
    for (i++; i < lines.length && lines[i]!.trim() !== "```"; i++) {
      const text = lines[i]!;
      if (text.startsWith("$ ")) {
        let command = text.slice(2);
        const line = i + 1;
        while (command.endsWith("\\") && i + 1 < lines.length) command = `${command}\n${lines[++i]}`;
        commands.push({ line, command, output: [] });
      } else if (commands.length > 0) {
        commands.at(-1)!.output.push({ line: i + 1, text });
      }
    }
    if (commands.length > 0) blocks.push({ line: open, commands });
  }
  return blocks;
}

// What a document's sample output cannot promise: times, dates, pids, ports, run ids. A line with one of these is
// checked only for the digests it shows; every other line must appear as written.
const VOLATILE = [
  /\bin \d+(\.\d+)? (s|ms)\b/, // how long it took ("completed in 2.21 s"; "0.069 s" in a table is a statistic)
  /\b\d{4}-\d\d-\d\d\b/, // dates
  /\bpid \d+/,
  /\b127\.0\.0\.1:\d+/, // local ports (the test picks free ones)
  /\b[a-z][a-z0-9-]*-[a-z0-9]{8}-[a-z0-9]{4}\b/, // run ids: <name>-<time>-<random>
];
const TABLE_LINE = /^[┌│├└]/;
const DIGEST = /sha256:[0-9a-f]{6,64}/g;

/** What the output of a command must contain for the document to be right. */
export interface OutputCheck {
  /** Lines that must appear in the output in this order (other lines may come between them). */
  readonly lines: readonly NumberedLine[];
  /** Digests (or their shown prefixes) that must appear in the output. */
  readonly digests: readonly { readonly line: number; readonly digest: string }[];
  /** The document shows an `error[…]` line: the command must fail. */
  readonly fails: boolean;
}

/**
 * The checks of one command's shown output. `…` alone marks left-out output. A box-drawn table is checked as a whole
 * or not at all: one volatile row (a date, a run id) changes its column widths.
 */
export function outputCheck(output: readonly NumberedLine[]): OutputCheck {
  const shown = output.filter((l) => l.text.trim() !== "…" && l.text.trim() !== "");
  const volatile = new Set(shown.filter((l) => VOLATILE.some((v) => v.test(l.text))));
  // Spread volatility over each table's rows.
  for (let i = 0; i < shown.length; ) {
    if (!TABLE_LINE.test(shown[i]!.text)) {
      i++;
      continue;
    }
    let j = i;
    while (j < shown.length && TABLE_LINE.test(shown[j]!.text)) j++;
    const table = shown.slice(i, j);
    if (table.some((l) => volatile.has(l))) for (const l of table) volatile.add(l);
    i = j;
  }
  return {
    lines: shown.filter((l) => !volatile.has(l)),
    digests: [...volatile].flatMap((l) => [...l.text.matchAll(DIGEST)].map((m) => ({ line: l.line, digest: m[0] }))),
    fails: shown.some((l) => l.text.startsWith("error[")),
  };
}

/**
 * The first line of `check.lines` that is not in `actual` (in order), or of `check.digests` that is not in it; a
 * message naming the document line, or `undefined` when everything is there.
 */
export function missingOutput(check: OutputCheck, actual: string, file = "README.md"): string | undefined {
  const got = actual.split("\n").map((l) => l.trimEnd());
  let at = 0;
  for (const want of check.lines) {
    const found = got.indexOf(want.text.trimEnd(), at);
    if (found < 0) return `${file}:${want.line}: the output lacks the line ${JSON.stringify(want.text)}`;
    at = found + 1;
  }
  for (const d of check.digests) {
    if (!actual.includes(d.digest)) return `${file}:${d.line}: the output lacks the digest ${d.digest}`;
  }
  return undefined;
}
