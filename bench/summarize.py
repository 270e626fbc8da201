#!/usr/bin/env python3
"""Summarises a bench/results/RUN folder written by bench/compare-ort.sh (one `ondeck bench --json` file per
measurement, named BACKEND-tTHREADS-MODEL-rROUND.json): per backend, threads and model, the medians of each round
and the ratio of medians (ours / ONNX Runtime), then the median over rounds; plus the 2-thread speed-up.

  bench/summarize.py RUN                  print the summary
  bench/summarize.py RUN --readme README.md   also rewrite the table between the perf-table markers
  bench/summarize.py --readme README.md   the same with the newest folder under bench/results/
"""
import glob
import json
import os
import re
import statistics
import sys

START, END = "<!-- perf-table:start -->", "<!-- perf-table:end -->"
NAME = re.compile(r"(?P<backend>.+)-t(?P<threads>\d+)-(?P<model>.+)-r(?P<round>\d+)\.json$")


def load(folder):
    groups = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        m = NAME.match(os.path.basename(path))
        if not m:
            continue
        with open(path) as f:
            data = json.load(f)
        key = (m["backend"], int(m["threads"]), m["model"])
        groups.setdefault(key, []).append(data)
    return groups


def row(runs):
    ours = statistics.median(r["median_ms"] for r in runs)
    ort = statistics.median(r["ort_median_ms"] for r in runs) if all("ort_median_ms" in r for r in runs) else None
    ratio = statistics.median(r["ratio"] for r in runs) if ort is not None else None
    return ours, ort, ratio


def machine(folder, groups):
    any_run = next(iter(groups.values()))[0]["machine"]
    species = re.search(r"(\d+-bit vectors)", any_run.get("cpu_backend", ""))
    return "%s, %s cores, %s%s" % (any_run["cpu"], any_run["cores"], any_run["jdk"].replace("OpenJDK 64-Bit Server VM ", "JDK "),
                                   ", " + species.group(1) if species else "")


def summary(folder, groups):
    lines = []
    info = os.path.join(folder, "machine.txt")
    if os.path.exists(info):
        lines += open(info).read().rstrip().splitlines()
    lines.append("%-13s %2s %-26s %-30s %-30s %-22s %s" % ("backend", "t", "model", "ours median ms per round",
                                                           "ORT median ms per round", "ratio per round", "ratio (median)"))
    for (backend, threads, model), runs in sorted(groups.items()):
        ours, ort, ratio = row(runs)
        fmt = lambda xs: " ".join("%.2f" % x for x in xs)
        lines.append("%-13s %2d %-26s %-30s %-30s %-22s %s" % (
            backend, threads, model, fmt(r["median_ms"] for r in runs),
            fmt(r.get("ort_median_ms", float("nan")) for r in runs), fmt(r.get("ratio", float("nan")) for r in runs),
            "%.2f" % ratio if ratio is not None else "-"))
    one, two = groups.get(("cpu", 1, "resnet18")), groups.get(("cpu", 2, "resnet18"))
    if one and two:
        lines.append("resnet18 cpu speed-up 2 threads over 1: %.2fx (median of round medians %.2f / %.2f ms)" % (
            row(one)[0] / row(two)[0], row(one)[0], row(two)[0]))
    return "\n".join(lines)


def table(folder, groups):
    out = ["| model | backend | threads | ours (ms) | ONNX Runtime (ms) | ratio | peak activations (MiB) |",
           "|---|---|---|---|---|---|---|"]
    order = {"cpu": 0, "cpu-portable": 1}
    for (backend, threads, model), runs in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1], kv[0][2])):
        ours, ort, ratio = row(runs)
        out.append("| %s | `%s` | %d | %.1f | %s | %s | %.1f |" % (
            model, backend, threads, ours, "%.1f" % ort if ort else "-", "%.2f" % ratio if ratio else "-",
            runs[0]["peak_activation_bytes"] / 1048576.0))
    runs_by_backend = sorted({"`%s` %d + %d" % (k[0], g[0]["warmup"], g[0]["runs"]) for k, g in groups.items()})
    loads = [float(r["machine"]["load_average"].split()[0]) for g in groups.values() for r in g]
    out.append("")
    out.append("Medians over %d rounds of each round's median (warm-up + timed runs: %s; alternating with ONNX Runtime in "
               "the same JVM, a fresh JVM per measurement); ratio = median of the rounds' ratios of medians. Machine: %s; "
               "1-minute load average %.1f to %.1f during the runs. Results: `%s`." % (
                   len(next(iter(groups.values()))), ", ".join(runs_by_backend), machine(folder, groups), min(loads), max(loads),
                   os.path.relpath(folder)))
    one, two = groups.get(("cpu", 1, "resnet18")), groups.get(("cpu", 2, "resnet18"))
    if one and two:
        out.append("resnet18 on `cpu`, 2 threads over 1: %.2fx." % (row(one)[0] / row(two)[0]))
    return "\n".join(out)


def main(args):
    readme = None
    if "--readme" in args:
        i = args.index("--readme")
        readme = args[i + 1]
        del args[i:i + 2]
    folder = args[0] if args else max(glob.glob("bench/results/*/"), key=os.path.getmtime)
    groups = load(folder)
    if not groups:
        sys.exit("summarize.py: no BACKEND-tT-MODEL-rR.json files in " + folder)
    print(summary(folder, groups))
    if readme:
        text = open(readme).read()
        if START not in text or END not in text:
            sys.exit("summarize.py: %s has no %s ... %s markers" % (readme, START, END))
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        open(readme, "w").write(head + START + "\n" + table(folder, groups) + "\n" + END + tail)
        print("rewrote the table in " + readme)


if __name__ == "__main__":
    main(sys.argv[1:])
