"""The table of bench/http.sh: medians over its runs, and each figure as a ratio of the
static ceiling (1) and of the Wagtail anchor (2).

    python bench/http_summary.py /tmp/xeber-http            # markdown table
    python bench/http_summary.py /tmp/xeber-http --median-rps 4
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from pathlib import Path

TARGETS = {
    "1": "(1) nginx, static copy of our article",
    "2": "(2) Wagtail article, uncached (anchor kit)",
    "3": "(3) article via nginx microcache → app",
    "4": "(4) article, app alone, page-cache hit",
    "5": "(5) article, app alone, page cache off",
    "6a": "(6a) front page, page-cache hit",
    "6b": "(6b) front page, page cache off",
    "7": "(7) search, app",
}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(text: str) -> dict:
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", text, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def runs(base: Path) -> list[dict[str, dict]]:
    found = []
    for run in sorted(base.glob("run*")):
        figures = {path.stem: parse_wrk(path.read_text()) for path in run.glob("*.txt")}
        wagtail = json.loads((run / "wagtail.json").read_text())["wrk"]["b"]
        figures["2"] = {
            "rps": wagtail["rps"],
            "p50": wagtail["p50_ms"],
            "p99": wagtail["p99_ms"],
            "errors": wagtail["non_2xx_3xx"],
        }
        found.append(figures)
    return found


def median(all_runs: list[dict], key: str, field: str) -> float:
    return statistics.median(run[key][field] for run in all_runs)


def parse_hey(text: str) -> dict:
    p99 = re.search(r"99%+ in ([\d.]+) secs", text)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    codes = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", text))
    return {"rps": float(rps.group(1)), "p99": float(p99.group(1)) * 1000, "codes": codes}


def table(base: Path) -> str:
    all_runs = runs(base)
    queries = json.loads((base / "queries.json").read_text())
    static, wagtail = median(all_runs, "1", "rps"), median(all_runs, "2", "rps")
    lines = [
        f"{len(all_runs)} runs; medians, each run's req/s in brackets.",
        "",
        "| target | req/s | p50 ms | p99 ms | queries | vs (1) | vs (2) | non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, label in TARGETS.items():
        rps = median(all_runs, key, "rps")
        each = " · ".join(f"{run[key]['rps']:,.0f}" for run in all_runs)
        errors = sum(run[key]["errors"] for run in all_runs)
        lines.append(
            f"| {label} | {rps:,.0f} [{each}] | {median(all_runs, key, 'p50'):.2f} "
            f"| {median(all_runs, key, 'p99'):.2f} | {queries.get(key, '—')} "
            f"| {rps / static:.4f} | {rps / wagtail:.2f}x | {errors} |"
        )
    lines.append("")
    for key in ("4", "5"):
        path = base / f"half-{key}.txt"
        if path.exists():
            half = parse_hey(path.read_text())
            lines.append(
                f"- ({key}) at half its throughput ({half['rps']:,.0f} req/s, fixed rate): "
                f"p99 {half['p99']:.1f} ms, responses by status {half['codes']}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base", type=Path)
    parser.add_argument("--median-rps", metavar="TARGET")
    options = parser.parse_args()
    if options.median_rps:
        print(round(median(runs(options.base), options.median_rps, "rps")))
    else:
        print(table(options.base))


if __name__ == "__main__":
    main()
