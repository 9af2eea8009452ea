"""Benchmark: the generator's own time (load → write) against each engine's time,
for the example programme. Prints figures; it is not a test.

    .venv/bin/python benchmarks/build_example.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from generator.engine import ENGINES, run_engine
from generator.loading import build_epoch
from generator.pipeline import generate
from generator.project import Project

REPO = Path(__file__).resolve().parent.parent
PARTS = ("program.yaml", "mkdocs.yml", "content", "themes")


def copy_example(target: Path) -> Project:
    for name in PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return Project.at(target)


def measure(project: Project, engine: str, runs: int) -> tuple[list[float], list[float], int]:
    generator_times, engine_times, pages = [], [], 0
    for _ in range(runs):
        shutil.rmtree(project.build_dir, ignore_errors=True)  # a cold generator run each time
        started = time.perf_counter()
        _, rendered, _, _ = generate(project)
        generated = time.perf_counter()
        run_engine(engine, project, build_epoch(project))
        finished = time.perf_counter()
        generator_times.append(generated - started)
        engine_times.append(finished - generated)
        pages = sum(1 for name in rendered.files if name.endswith(".md"))
    return generator_times, engine_times, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = copy_example(Path(folder))
        print(f"Example programme, {args.runs} cold runs each, median seconds")
        print(f"{'engine':<10} {'pages':>6} {'generator':>10} {'engine':>10} {'generator share':>16}")
        for engine in ENGINES:
            generator_times, engine_times, pages = measure(project, engine, args.runs)
            gen, eng = statistics.median(generator_times), statistics.median(engine_times)
            print(f"{engine:<10} {pages:>6} {gen:>10.3f} {eng:>10.3f} {gen / (gen + eng):>15.1%}")


if __name__ == "__main__":
    main()
