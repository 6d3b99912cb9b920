import { readdirSync, readFileSync } from "node:fs";

// What /proc says about processes (Linux): used to prove that a service leaves nothing behind.

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly pgrp: number;
}

function stats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // gone between the listing and the read
    }
    // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses, so count fields from the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out.push({ pid: Number(name), ppid: Number(fields[1]), pgrp: Number(fields[2]) });
  }
  return out;
}

/** Live (or zombie) processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  return stats()
    .filter((s) => s.ppid === pid)
    .map((s) => s.pid);
}

/** Live (or zombie) processes in the process group `pgid`, the group leader included. */
export function processGroup(pgid: number): number[] {
  return stats()
    .filter((s) => s.pgrp === pgid)
    .map((s) => s.pid);
}
