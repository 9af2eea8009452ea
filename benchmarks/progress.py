"""Benchmark: load, aggregate and render the progress pages of a big programme
(40 cohorts, 2,000 pairs, 50,000 sessions, 100,000 survey responses), next to the
engine's time for the same pages. Prints figures; it is not a test. Target: the
generator's part under 2 seconds on one core.

    .venv/bin/python benchmarks/progress.py [--runs 3] [--engine mkdocs]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.make_big_programme import make
from generator.aggregate import aggregate
from generator.engine import run_engine
from generator.loading import as_of_date, build_epoch, load_programme
from generator.pipeline import render_project
from generator.project import Project
from generator.write import stage


def timed(action, *args):
    started = time.perf_counter()
    result = action(*args)
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", default="mkdocs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Project.at(Path(folder) / "big")
        _, made = timed(make, project.root)
        print(f"generated the big programme in {made:.1f} s (not part of the figures)")
        figures: dict[str, list[float]] = {"load": [], "aggregate": [], "render": [], "write": [], "generator total": []}
        for _ in range(args.runs):
            loaded, load_time = timed(load_programme, project)
            epoch = build_epoch(project)
            _, aggregate_time = timed(aggregate, loaded.program, loaded.data, as_of_date(loaded.program, epoch))
            rendered, render_time = timed(render_project, loaded, epoch)  # aggregates again, then renders
            _, write_time = timed(stage, project, rendered.files, rendered.config)
            figures["load"].append(load_time)
            figures["aggregate"].append(aggregate_time)
            figures["render"].append(render_time - aggregate_time)
            figures["write"].append(write_time)
            figures["generator total"].append(load_time + render_time + write_time)
        data = loaded.data["progress"]
        pairs = sum(len(item.pairs) for item in data.values())
        sessions = sum(len(item.sessions) for item in data.values())
        responses = sum(len(item.responses) for item in data.values())
        print(f"{len(data)} cohorts, {pairs} pairs, {sessions} sessions, {responses} survey responses, {len(rendered.files)} staged files")
        for name, values in figures.items():
            print(f"{name:>16}: median {statistics.median(values):.2f} s, best {min(values):.2f} s over {args.runs} runs")
        _, engine_time = timed(run_engine, args.engine, project, epoch)
        print(f"{'engine ' + args.engine:>16}: {engine_time:.2f} s for the same pages (one run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
