#!/usr/bin/env python3
"""Runs one measured command of the performance report on a machine as quiet as it gets, and
records how quiet it was (standard library only, Linux).

usage: measure.py RECORD.jsonl LABEL [--quiet-below 0.5] [--max-wait 120] [--idle-window 3]
                  [--timeout S] -- COMMAND [ARG...]

Before the command it waits, polling once a second, until either the 1-minute load average is
below --quiet-below, or the whole machine has used less than 0.1 of a core over the last
--idle-window seconds (the report is idle while it waits, so nothing else is running: what keeps
the 1-minute average up is then the slowly fading echo of the report's own previous run, which
takes a minute or two to decay); it gives up after --max-wait seconds and runs anyway.

Then it runs the command (its output passes through), and appends one JSON line to RECORD.jsonl:
the label, the wait (seconds, why it ended), the load averages (1, 5, 15 min) before and after,
the wall time, the CPU the command used (cores, on average: its user + system time over the wall
time, children included), and the CPU every other process used meanwhile (the machine's busy
time from /proc/stat, steal included, minus the command's), which is the load the run competed
with. 'doubtful' is true when the wait gave up on a busy machine or other processes used more
than --quiet-below cores during the run. Exits with the command's status (124 after --timeout).
"""
import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")
IDLE_CORES = 0.1


def busy_seconds():
    """CPU seconds the whole machine has been busy since boot (all cores; steal counts as busy)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    steal = fields[7] if len(fields) > 7 else 0
    return (user + nice + system + irq + softirq + steal) / HZ


def own_seconds():
    """CPU seconds used by this process and its finished children (and theirs)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def load():
    return [round(x, 2) for x in os.getloadavg()]


def wait_for_quiet(quiet_below, max_wait, window):
    """Seconds waited and why the wait ended: 'load', 'idle' or 'timeout'."""
    start = time.monotonic()
    samples = [(start, busy_seconds())]
    while True:
        if os.getloadavg()[0] < quiet_below:
            return time.monotonic() - start, "load"
        now = time.monotonic()
        old = [s for s in samples if now - s[0] >= window]
        if old:
            t0, b0 = old[-1]
            if (busy_seconds() - b0) / (now - t0) < IDLE_CORES:
                return now - start, "idle"
            samples = [s for s in samples if s[0] >= t0]
        if now - start >= max_wait:
            return now - start, "timeout"
        time.sleep(1.0)
        samples.append((time.monotonic(), busy_seconds()))


def run(cmd, timeout):
    """The command's exit status; on timeout its whole process group is killed and 124 returned."""
    p = subprocess.Popen(cmd, start_new_session=True)
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        return 124
    except KeyboardInterrupt:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        raise


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("record")
    ap.add_argument("label")
    ap.add_argument("--quiet-below", type=float, default=0.5)
    ap.add_argument("--max-wait", type=float, default=120)
    ap.add_argument("--idle-window", type=float, default=3)
    ap.add_argument("--timeout", type=float, default=None)
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        ap.error("give the command after --")
    cut = argv.index("--")
    a = ap.parse_args(argv[:cut])
    cmd = argv[cut + 1:]

    waited, why = wait_for_quiet(a.quiet_below, a.max_wait, a.idle_window)
    before = load()
    busy0, own0, t0 = busy_seconds(), own_seconds(), time.monotonic()
    rc = run(cmd, a.timeout)
    wall = time.monotonic() - t0
    busy, own = busy_seconds() - busy0, own_seconds() - own0
    after = load()
    others = max(0.0, (busy - own) / wall) if wall > 0 else 0.0
    record = {
        "label": a.label, "command": " ".join(cmd), "exit": rc, "seconds": round(wall, 2),
        "waited_s": round(waited, 1), "wait_ended": why, "load_before": before, "load_after": after,
        "own_cores": round(own / wall, 2) if wall > 0 else 0.0, "others_cores": round(others, 2),
        "quiet_below": a.quiet_below,
        "doubtful": why == "timeout" or others > a.quiet_below,
    }
    with open(a.record, "a") as f:
        f.write(json.dumps(record) + "\n")
    if waited >= 1 or record["doubtful"]:
        print("measure: %s: waited %.0f s (%s), load %.2f before; others used %.2f cores during the run%s"
              % (a.label, waited, why, before[0], others, " (doubtful)" if record["doubtful"] else ""),
              file=sys.stderr)
    sys.exit(rc)


if __name__ == "__main__":
    main()
