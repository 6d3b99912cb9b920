import type { spawnTracked } from "@mcx/testkit";
import { stopProcess } from "@mcx/testkit";

// A service process under a restart policy, as compose's `restart: unless-stopped` or a Kubernetes Deployment keeps
// it: when it exits (crash, SIGKILL, exit 1 on a lost lease) it is started again a second later, until stopped.

type Proc = ReturnType<typeof spawnTracked>;

const RESTART_DELAY_MS = 1_000;

export interface Supervised {
  readonly name: string;
  /** The process now running (or the last one, while it waits to be restarted). */
  current(): Proc;
  /** Everything every incarnation printed, in order. */
  output(): string;
  /** How many times it was started again. */
  restarts(): number;
  /** Whether a process is running now. */
  alive(): boolean;
  /** SIGKILLs the running process; resolves once it has exited. The policy restarts it unless `restart` is false. */
  kill(options?: { readonly restart?: boolean }): Promise<void>;
  /** Stops it for good (SIGTERM, then SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export function supervise(name: string, start: () => Proc): Supervised {
  let proc = start();
  const outputs: (() => string)[] = [proc.output];
  let restarts = 0;
  let stopped = false;
  const exited = (p: Proc) => p.child.exitCode !== null || p.child.signalCode !== null;
  const watch = (p: Proc): void => {
    p.child.once("exit", () => {
      if (stopped) return;
      setTimeout(() => {
        if (stopped) return;
        proc = start();
        outputs.push(proc.output);
        restarts++;
        watch(proc);
      }, RESTART_DELAY_MS).unref();
    });
  };
  watch(proc);
  return {
    name,
    current: () => proc,
    output: () => outputs.map((o) => o()).join(""),
    restarts: () => restarts,
    alive: () => !exited(proc),
    async kill({ restart = true } = {}) {
      if (!restart) stopped = true;
      const p = proc;
      if (exited(p)) return;
      const gone = new Promise((resolve) => p.child.once("exit", resolve));
      p.child.kill("SIGKILL");
      await gone;
    },
    async stop(graceMs = 10_000) {
      stopped = true;
      await stopProcess(proc.child, graceMs);
    },
  };
}
