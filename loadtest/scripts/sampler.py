#!/usr/bin/env python3
"""Samples a rehearsal once a second until SIGTERM, one JSON object per line.

    sampler.py OUT.jsonl --nodes 18300,18301 --pids 123,456 [--generator-pattern io.gatling]
    sampler.py --once --nodes 18300,18301      # one scrape of the nodes' sums, printed

Each line: epoch ms, the machine's CPU jiffies (all cores, total and idle), the gateway processes'
user+system jiffies summed, the load generator's (the youngest process whose command line holds the
pattern, i.e. Gatling's forked JVM), and from every node's /metrics (scraped locally): heap used
and committed, drafts held, result rows inserted, requests in flight. A node that does not answer
in time is left out of that sample's sums and counted in "missing".
"""
import json
import os
import re
import signal
import sys
import time
import urllib.request

METRICS = {
    "heap_used": re.compile(r'^jvm_memory_used_bytes\{area="heap"[^}]*\} (\S+)', re.M),
    "heap_committed": re.compile(r'^jvm_memory_committed_bytes\{area="heap"[^}]*\} (\S+)', re.M),
    "drafts_held": re.compile(r"^huxin_drafts_held (\S+)", re.M),
    "rows_inserted": re.compile(r"^huxin_writer_rows_inserted_total (\S+)", re.M),
    "in_flight": re.compile(r"^huxin_requests_in_flight (\S+)", re.M),
}


def proc_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)
    except (OSError, IndexError, ValueError):
        return None


def machine_ticks():
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    return sum(cpu), cpu[3] + cpu[4]  # total, idle + iowait


def generator_pid(pattern):
    best = None
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if pattern in cmd and "sampler.py" not in cmd and "org.codehaus.plexus" not in cmd:
            pid = int(name)
            best = pid if best is None or pid > best else best
    return best


def scrape(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=0.8) as r:
            text = r.read().decode()
    except OSError:
        return None
    out = {}
    for key, pattern in METRICS.items():
        out[key] = sum(float(v) for v in pattern.findall(text))
    return out


def main():
    args = sys.argv[1:]
    if args and args[0] == "--once":
        opts = dict(zip(args[1::2], args[2::2]))
        sums = {key: 0.0 for key in METRICS}
        for port in [p for p in opts.get("--nodes", "").split(",") if p]:
            for key, value in (scrape(port) or {}).items():
                sums[key] += value
        print(json.dumps(sums))
        return
    out_file = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    ports = [p for p in opts.get("--nodes", "").split(",") if p]
    pids = [int(p) for p in opts.get("--pids", "").split(",") if p]
    pattern = opts.get("--generator-pattern", "io.gatling.app.Gatling")
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
    generator = None
    with open(out_file, "a", buffering=1) as out:
        while running[0]:
            started = time.time()
            if generator is None or proc_ticks(generator) is None:
                generator = generator_pid(pattern)
            total, idle = machine_ticks()
            sample = {
                "t_ms": int(started * 1000),
                "machine_ticks": total,
                "machine_idle_ticks": idle,
                "gateway_ticks": sum(proc_ticks(p) or 0 for p in pids),
                "generator_pid": generator,
                "generator_ticks": proc_ticks(generator) if generator else None,
                "missing": 0,
            }
            for key in METRICS:
                sample[key] = 0.0
            for port in ports:
                got = scrape(port)
                if got is None:
                    sample["missing"] += 1
                    continue
                for key, value in got.items():
                    sample[key] += value
            out.write(json.dumps(sample) + "\n")
            time.sleep(max(0.05, 1.0 - (time.time() - started)))


if __name__ == "__main__":
    main()
