#!/usr/bin/env python3
"""Where a gateway spent its CPU during a rehearsal, from a JFR recording (JFR=1 rehearse.sh).

    jfr-top.py loadtest/target/rehearsal/latest/gateway-0.jfr [--top 25]

Prints the hottest methods by self samples (the top frame of each jdk.ExecutionSample) and by
total samples (anywhere on the stack, once per sample), and the hottest org.huxin frames.
"""
import collections
import re
import subprocess
import sys


def samples(jfr_file):
    text = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", jfr_file],
                          check=True, capture_output=True, text=True).stdout
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$./<>]+\.[\w$<>]+)\(", event, re.M)
        if frames:
            yield frames


def main():
    jfr_file = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 25
    own, total, huxin = collections.Counter(), collections.Counter(), collections.Counter()
    count = 0
    for frames in samples(jfr_file):
        count += 1
        own[frames[0]] += 1
        for f in set(frames):
            total[f] += 1
        first_huxin = next((f for f in frames if f.startswith("org.huxin.")), None)
        if first_huxin:
            huxin[first_huxin] += 1
    print(f"{count} execution samples in {jfr_file}")
    for title, counter in (("self", own), ("total", total), ("innermost org.huxin frame", huxin)):
        print(f"\n-- by {title} --")
        for name, n in counter.most_common(top):
            print(f"{100.0 * n / max(count, 1):6.1f}%  {name}")


if __name__ == "__main__":
    main()
