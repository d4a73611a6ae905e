#!/usr/bin/env python3
"""Time `ska validate` on a synthetic tree of 600 units × 5 school years (3 000 unit-year files).

    .venv/bin/python scripts/benchmark_validate.py [--units 600] [--years 5] [--runs 3]

Prints the median of several runs without cache (every file parsed and checked)
and with a warm cache (only hashing). Target: at most 3 s without cache on a
2-core machine (validation runs in one process). Not a test: shared machines are
noisy, so this prints figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from ska.content.validate import validate
from synthetic import generate  # scripts/synthetic/, beside this script

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description="Mäter hur lång tid kontrollen av innehållet tar.")
    parser.add_argument("--units", type=int, default=600, help="antal enheter (standard 600)")
    parser.add_argument("--years", type=int, default=5, help="antal läsår (standard 5)")
    parser.add_argument("--runs", type=int, default=3, help="antal mätningar; medianen skrivs ut (standard 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        generate(project / "content", units=args.units, years=args.years, seed=1)
        shutil.copytree(REPO / "schemas", project / "schemas")
        files = list((project / "content" / "years").rglob("units/*.yaml"))
        size = sum(f.stat().st_size for f in files) / len(files)
        print(f"{len(files)} enhetsfiler för läsår, i snitt {size / 1000:.1f} kB")

        def timed(**kwargs) -> tuple[float, int]:
            started = time.perf_counter()
            report = validate(project, **kwargs)
            return time.perf_counter() - started, len(report.errors)

        results = [timed(use_cache=False) for _ in range(args.runs)]
        print(f"utan cache: median {statistics.median(t for t, _ in results):.2f} s "
              f"(alla: {', '.join(f'{t:.2f}' for t, _ in results)}; fel: {results[0][1]})")
        timed()  # fill the cache
        warm = [timed()[0] for _ in range(args.runs)]
        print(f"med varm cache: median {statistics.median(warm):.2f} s")


if __name__ == "__main__":
    main()
