#!/usr/bin/env python3
"""Writes a rehearsal's summary.json from what rehearse.sh collected in its output directory.

    summarize.py OUT_DIR KEY=VALUE...

Reads OUT_DIR/report/index.html (Gatling's statistics table), OUT_DIR/samples.jsonl (sampler.py),
OUT_DIR/seed.log, OUT_DIR/gatling.log (the simulation's STORM/FULL line), OUT_DIR/check.log
(RehearsalCheck's CHECK line, full scenario) and OUT_DIR/ceiling.json (--ceiling), and the
run's parameters as KEY=VALUE arguments. Prints the summary too.
"""
import json
import os
import re
import sys

# Gatling 3.15 writes no stats.json: its figures are in the statistics table of index.html, one
# <tr> per request name with cells col-2..col-14: total, ok, ko, ko %, count/s, min, p50, p75,
# p95, p99, max, mean, std dev.
COLUMNS = {2: "total", 3: "ok", 4: "ko", 6: "per_s", 7: "min", 8: "p50", 9: "p75", 10: "p95",
           11: "p99", 12: "max", 13: "mean"}
STUDENT_REQUESTS = ["login", "login (queued)", "questionnaire", "draft", "submit", "submit (retry)"]


def gatling_table(html_file):
    html = open(html_file, encoding="utf-8").read()
    table = {}
    for row in html.split("<tr id=")[1:]:
        name = re.search(r'class="ellipsed-name">([^<]*)<', row)
        if not name:
            continue
        cells = {int(n): v for n, v in re.findall(r'class="value [a-z]+ col-(\d+)">([^<]*)</td>', row)}
        table[name.group(1)] = {k: float(cells[n]) if cells.get(n, "-") not in ("-", "") else 0.0
                                for n, k in COLUMNS.items()}
    return table


def key_values(line):
    return dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv) if line else {}


def last_line(path, prefix):
    if not os.path.exists(path):
        return ""
    found = ""
    for line in open(path, encoding="utf-8", errors="replace"):
        i = line.find(prefix)
        if i >= 0:
            found = line[i:].strip()
    return found


def samples_between(path, start_ms, end_ms):
    rows = [json.loads(l) for l in open(path)] if os.path.exists(path) else []
    inside = [r for r in rows if start_ms - 1000 <= r["t_ms"] <= end_ms + 1000]
    return rows, inside


def main():
    out_dir = sys.argv[1]
    p = dict(a.split("=", 1) for a in sys.argv[2:])
    students = int(p["students"])
    scenario = p["scenario"]
    table = gatling_table(os.path.join(out_dir, "report", "index.html"))
    none = {k: 0.0 for k in COLUMNS.values()}
    by_name = {n: table.get(n, none) for n in STUDENT_REQUESTS if n in table}
    staff = {n: v for n, v in table.items() if n.startswith("staff ")}
    run_line = last_line(os.path.join(out_dir, "gatling.log"), "STORM " if scenario == "login" else "FULL ")
    run = key_values(run_line)
    start_ms = int(run.get("measured_started_ms", 0))
    end_ms = int(run.get("measured_ended_ms", 0))
    duration = max(0.0, (end_ms - start_ms) / 1000.0)

    everything, inside = samples_between(os.path.join(out_dir, "samples.jsonl"), start_ms, end_ms)
    first, last = (inside[0], inside[-1]) if len(inside) >= 2 else (None, None)
    hz = int(p.get("hz", 100))
    cpu = {}
    if first and last:
        machine = last["machine_ticks"] - first["machine_ticks"]
        gateway = last["gateway_ticks"] - first["gateway_ticks"]
        gen_rows = [r for r in inside if r.get("generator_ticks") is not None]
        generator = (gen_rows[-1]["generator_ticks"] - gen_rows[0]["generator_ticks"]) if len(gen_rows) >= 2 else None
        idle = last["machine_idle_ticks"] - first["machine_idle_ticks"]
        cpu = {
            "window_s": round((last["t_ms"] - first["t_ms"]) / 1000.0, 1),
            "gateway_cpu_s": round(gateway / hz, 1),
            "generator_cpu_s": round(generator / hz, 1) if generator is not None else None,
            "machine_busy_share": round(1 - idle / machine, 3) if machine else None,
            "cores": os.cpu_count(),
        }
        gateway_share = gateway / machine if machine else None
        generator_share = generator / machine if (machine and generator is not None) else None
    else:
        gateway, gateway_share, generator_share = None, None, None
    # In progress: drafts the nodes hold minus the submitted markers that replace them (one per
    # stored result), i.e. students with a draft saved and no result yet.
    in_progress = [r["drafts_held"] - r["rows_inserted"] for r in everything if r["missing"] == 0]
    heap = [r["heap_used"] for r in everything if r["missing"] == 0]

    seed = key_values(last_line(os.path.join(out_dir, "seed.log"), "REHEARSAL "))
    check = key_values(last_line(os.path.join(out_dir, "check.log"), "CHECK "))
    ceiling = json.load(open(os.path.join(out_dir, "ceiling.json"))) if os.path.exists(
        os.path.join(out_dir, "ceiling.json")) else None

    def live(name):
        path = os.path.join(out_dir, name)
        return json.load(open(path)) if os.path.exists(path) and os.path.getsize(path) else None

    before, held = live("heap-before.json"), live("heap-hold.json")
    bytes_per_draft = (round((held["heap_used"] - before["heap_used"]) / held["drafts_held"])
                       if before and held and held["drafts_held"] else None)

    failed = int(sum(v["ko"] for v in by_name.values()))
    queued = int(table.get("login (queued)", none)["total"])
    requests = int(sum(v["total"] for v in by_name.values()))
    logins_ok = int(table.get("questionnaire", none)["ok"])
    login_phase = int(run.get("login_phase_ms", end_ms - start_ms)) / 1000.0
    worst = lambda k: int(max((v[k] for v in by_name.values()), default=0))
    summary = {
        "students": students,
        "scenario": scenario,
        "mode": p.get("mode") if scenario == "full" else None,
        "nodes": int(p["nodes"]),
        "rate_per_s": float(p["rate"]),
        "duration_s": round(duration, 1),
        "requests": requests,
        "failed": failed,
        "queued": queued,
        "p50_ms": worst("p50"),
        "p95_ms": worst("p95"),
        "p99_ms": worst("p99"),
        "max_ms": worst("max"),
        "percentiles_of": "the worst of the student request kinds (see requests_by_name)",
        "logins_per_s": round(logins_ok / login_phase, 1) if login_phase > 0 else None,
        "peak_in_progress": int(max(in_progress, default=0)),
        "client_peak_in_progress": int(run["client_peak_in_progress"]) if "client_peak_in_progress" in run else None,
        "results_in_db": int(check["results_in_db"]) if check else None,
        "duplicates": int(check["duplicates"]) if check else None,
        "tier_mismatches": int(check["tier_mismatches"]) if check else None,
        "tiers_in_db": {k: int(check[k]) for k in ("routine", "key", "close", "crisis")} if check else None,
        "gateway_peak_heap_mb": round(max(heap, default=0) / 2**20),
        "gateway_live_heap_mb": {"before": round(before["heap_used"] / 2**20) if before else None,
                                 "all_held": round(held["heap_used"] / 2**20) if held else None,
                                 "drafts_held": int(held["drafts_held"]) if held else None},
        "bytes_per_in_progress_student": bytes_per_draft,
        "gateway_cpu_us_per_student": round(gateway / hz * 1e6 / students) if gateway is not None else None,
        "gateway_cpu_share": round(gateway_share, 3) if gateway_share is not None else None,
        "generator_cpu_share": round(generator_share, 3) if generator_share is not None else None,
        "ceiling_ratio": ceiling.get("ceiling_ratio") if ceiling else None,
        "ceiling": ceiling,
        "cpu": cpu,
        "requests_by_name": {n: {k: (int(v[k]) if k != "per_s" else v[k]) for k in
                                 ("total", "ok", "ko", "p50", "p95", "p99", "max")}
                             for n, v in by_name.items()},
        "staff": {n: {k: int(v[k]) for k in ("total", "ok", "ko", "p50", "p95", "p99", "max")}
                  for n, v in staff.items()} or None,
        "warm_up_requests": int(sum(v["total"] for n, v in table.items() if n.startswith("warm-up "))),
        "seeding": {"roster_students": int(seed["seeded"]), "window_id": int(seed["window"]),
                    "roster_ms": int(seed["roster_ms"]), "total_ms": int(seed["total_ms"])} if seed else None,
        "jvm": {"gateway": p.get("gateway_opts"), "gatling": p.get("gatling_heap")},
        "assertions_passed": p.get("gatling_rc") == "0",
        "check_passed": (check.get("passed") == "true") if check else None,
        "wall_s": int(p.get("wall_s", 0)),
        "date": p.get("date"),
    }
    if scenario == "login":
        for k in ("results_in_db", "duplicates", "tier_mismatches", "tiers_in_db", "check_passed",
                  "client_peak_in_progress", "mode"):
            summary.pop(k)
    # The verdict: Gatling's assertions (no failed request, p99 bounds), and for a full run the
    # PostgreSQL check and, all first, every student mid-questionnaire at once.
    reasons = []
    if not summary["assertions_passed"]:
        reasons.append("a Gatling assertion failed (see gatling.log)")
    if scenario == "full" and not summary["check_passed"]:
        reasons.append("the PostgreSQL check failed (see check.log)")
    if scenario == "full" and p.get("mode") == "all-first" and summary["peak_in_progress"] < students:
        reasons.append(f"only {summary['peak_in_progress']} of {students} in progress at the peak")
    summary["passed"] = not reasons
    summary["failures"] = reasons
    json.dump(summary, open(os.path.join(out_dir, "summary.json"), "w"), indent=2)
    print(json.dumps(summary, indent=2))
    sys.exit(0 if not reasons else 1)


if __name__ == "__main__":
    main()
