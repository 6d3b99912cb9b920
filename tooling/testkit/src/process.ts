import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A started server: where it listens, how to authenticate, and how to stop it. */
export interface ServerHandle {
  /** Connection URL with credentials, e.g. `redis://mcx:pw@127.0.0.1:41237` or `nats://127.0.0.1:41238`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly user: string;
  readonly password: string;
  /** Temporary directory holding config and data; removed by `stop()`. */
  readonly dir: string;
  /** What the server printed so far (its tail). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; removes the temporary directory. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL, as a crash: resolves once it has exited; the directory (config, data) stays for a restart. */
  kill(): Promise<void>;
}

/**
 * Where a server runs and listens. By default on 127.0.0.1 of this process' network namespace; a fault test puts it
 * in a namespace of its own (`ip netns exec`), listening on every address there, and probes it over a link.
 */
export interface Placement {
  /** Network namespace to run in (`ip netns exec <netns> …`). */
  readonly netns?: string;
  /** Address to listen on. @defaultValue `"127.0.0.1"` */
  readonly bind?: string;
  /** Address this process reaches it at (the readiness probe, the URL). @defaultValue `"127.0.0.1"` */
  readonly probeHost?: string;
}

/** The command line that runs `command args` at `placement`. */
export function placedCommand(
  placement: Placement,
  command: string,
  args: readonly string[],
): [string, readonly string[]] {
  return placement.netns === undefined ? [command, args] : ["ip", ["netns", "exec", placement.netns, command, ...args]];
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// A crashed or interrupted test run must not leave servers behind: kill what is still running on exit.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

/** Spawns a process that is killed when this process exits; stdout and stderr are kept in `output()`. */
export function spawnTracked(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): { child: ChildProcess; output: () => string } {
  installExitHook();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  live.add(child);
  child.once("exit", () => live.delete(child));
  let out = "";
  const keep = (chunk: Buffer) => {
    out += chunk.toString("utf8");
    // Keep the tail only: a chatty process must not grow the test runner's memory without bound.
    if (out.length > 1_000_000) out = out.slice(-500_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => out };
}

/** Resolves once the process has exited (immediately if it already has). */
export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = waitForExit(child);
  child.kill("SIGTERM");
  const timer = sleep(graceMs).then(() => "timeout" as const);
  if ((await Promise.race([exited, timer])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

export function createStop(child: ChildProcess, dir: string): Pick<ServerHandle, "stop" | "kill"> {
  let stopping: Promise<void> | undefined;
  return {
    stop(graceMs?: number) {
      stopping ??= stopProcess(child, graceMs).finally(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
    async kill() {
      const exited = waitForExit(child);
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * Polls `probe` every 50 ms until it returns true; fails with the process output when the process exits first or
 * `timeoutMs` passes.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${output()}`,
      );
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${output()}`);
    await sleep(50);
  }
}

/** Opens a TCP connection, writes `send`, and resolves with what arrives until `done(received)` or 1 s passes. */
export function tcpExchange(
  host: string,
  port: number,
  send: string,
  done: (received: string) => boolean,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(received);
    }, 1_000);
    socket.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.once("connect", () => socket.write(send));
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
      if (done(received)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
  });
}

/**
 * Resolves once `output()` matches `pattern` (checked every 50 ms); fails with the output when the process exits
 * first or `timeoutMs` passes.
 * @example await waitForOutput(worker, /worker ready/)
 */
export async function waitForOutput(
  proc: { readonly child: ChildProcess; readonly output: () => string },
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<void> {
  await waitUntil(
    `output ${pattern}`,
    () => Promise.resolve(pattern.test(proc.output())),
    proc.child,
    proc.output,
    timeoutMs,
  );
}
