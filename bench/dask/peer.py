"""Dask peer of bench/dispatch.mjs, run in the same session so every ratio divides figures measured side by side.

Same shapes as mcx's dispatch benchmark: a LocalCluster of 2 worker processes with 1 thread each (mcx: 1 worker
with 2 pool threads), and
  1. near-empty tasks: N no-op tasks submitted with client.map and gathered, tasks/s from submit to last result;
  2. ~10 ms tasks: a pure-Python loop calibrated here to ~10 ms, efficiency = (tasks/s on the cluster) divided by
     (2 x tasks/s of the same function called serially in this process), as mcx divides by 2 x its main-thread rate.
Interleaved reps, medians. Prints one JSON line per figure. Needs python3-distributed (scripts/ensure-servers.sh
--bench installs Debian's).
Usage: python3 peer.py NOOP_TASKS WORK_TASKS REPS
"""

import json
import statistics
import sys
import time

from dask.distributed import Client, LocalCluster


def noop(i):
    return i


def work(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def calibrate(seconds):
    """Loop count of `work` that takes about `seconds` in this process, and seconds per call at that count."""
    n = 10_000
    while True:
        t0 = time.perf_counter()
        work(n)
        dt = time.perf_counter() - t0
        if dt > 0.05:
            break
        n *= 2
    n = max(1, int(n * seconds / dt))
    calls = 50
    t0 = time.perf_counter()
    for _ in range(calls):
        work(n)
    return n, (time.perf_counter() - t0) / calls


def timed(client, fn, args):
    t0 = time.perf_counter()
    futures = client.map(fn, args, pure=False)
    client.gather(futures)
    return time.perf_counter() - t0


def main():
    noop_tasks, work_tasks, reps = (int(a) for a in sys.argv[1:4])
    n, serial_seconds = calibrate(0.010)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            client.wait_for_workers(2)
            # Warm-up: imports, connections, the scheduler's first tasks.
            timed(client, noop, range(200))
            timed(client, work, [n] * 20)
            noop_rates, work_rates, serial_rates = [], [], []
            for _ in range(reps):
                noop_rates.append(noop_tasks / timed(client, noop, range(noop_tasks)))
                work_rates.append(work_tasks / timed(client, work, [n] * work_tasks))
                t0 = time.perf_counter()
                for _ in range(max(20, work_tasks // 10)):
                    work(n)
                serial_rates.append(max(20, work_tasks // 10) / (time.perf_counter() - t0))
    import distributed

    serial = statistics.median(serial_rates)
    print(
        json.dumps(
            {
                "peer": "dask",
                "version": distributed.__version__,
                "workers": 2,
                "threadsPerWorker": 1,
                "noopTasksPerSec": statistics.median(noop_rates),
                "noopSamples": noop_rates,
                "workTaskSeconds": 1 / serial,
                "workTasksPerSec": statistics.median(work_rates),
                "workSamples": work_rates,
                "efficiency": statistics.median(work_rates) / (2 * serial),
                "calibratedSeconds": serial_seconds,
                "reps": reps,
            }
        )
    )


if __name__ == "__main__":
    main()
