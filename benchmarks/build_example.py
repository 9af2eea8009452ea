"""Benchmark: ``playbook build`` on the example against the bare engine building the same staged pages.

Input: a temporary copy of the example programme (program.yaml, mkdocs.yml, content/, themes/).
Output: for each engine, the median wall time of ``playbook build`` run as a command (Python
start-up, imports, load → write, engine, swap of site/) and of the bare engine run as a command on
the staged config Playbook wrote (``python -m mkdocs build`` / ``python -m zensical build``), the
ratio next to its target (≤ 1.2 × the bare engine), and the generator's own part. The two are run
alternately so the machine's load falls on both alike. Prints figures; it is not a test.

    .venv/bin/python benchmarks/build_example.py [--runs 7] [--engine mkdocs]
"""

from __future__ import annotations

import argparse
import compileall
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.engine import ENGINES, engine_command, engine_environment
from generator.loading import build_epoch
from generator.project import Project

REPO = Path(__file__).resolve().parent.parent
PARTS = ("program.yaml", "mkdocs.yml", "content", "themes", "hr")
TARGET_RATIO = 1.2


def copy_example(target: Path) -> Project:
    for name in PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return Project.at(target)


def timed_command(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return seconds, result.stdout


def playbook_build(project: Project, engine: str) -> tuple[float, float]:
    """Wall seconds of ``playbook build``, and the generator's part it reports."""
    command = [sys.executable, "-m", "generator", "build", "--project", str(project.root), "--engine", engine]
    seconds, output = timed_command(command, project.root)
    found = re.search(r"generator ([0-9.]+) s", output)
    return seconds, float(found.group(1)) if found else float("nan")


def bare_engine(project: Project, engine: str) -> float:
    """Wall seconds of the engine alone on the staged pages."""
    return timed_command(engine_command(engine, project), project.build_dir, engine_environment(build_epoch(project)))[0]


def compile_sources() -> None:
    """Byte-compile Playbook's modules, as installing the wheel does (and as the engines' installed
    packages already are): with PYTHONDONTWRITEBYTECODE set, an editable checkout would otherwise
    compile every module on every run, which no installed user pays."""
    compileall.compile_dir(REPO / "generator", quiet=1)


def measure(project: Project, engine: str, runs: int) -> tuple[float, float, float]:
    compile_sources()
    playbook_build(project, engine)  # warm the disk cache and the staging folder
    ours, generator, bare = [], [], []
    for _ in range(runs):
        seconds, generated = playbook_build(project, engine)
        ours.append(seconds)
        generator.append(generated)
        bare.append(bare_engine(project, engine))
    return statistics.median(ours), statistics.median(generator), statistics.median(bare)


def report(project: Project, engines: list[str], runs: int) -> None:
    for engine in engines:
        ours, generator, bare = measure(project, engine, runs)
        verdict = "met" if ours <= TARGET_RATIO * bare else "NOT met"
        print(
            f"build example {engine:<8} playbook build {ours:.2f} s, bare engine {bare:.2f} s → "
            f"{ours / bare:.2f} × bare engine (target ≤ {TARGET_RATIO} ×: {verdict}); generator part {generator:.2f} s"
        )


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = copy_example(Path(folder))
        print(f"Example programme, median of {args.runs} runs (wall time of each command, Python start-up included)")
        report(project, args.engine or list(ENGINES), args.runs)


if __name__ == "__main__":
    main()
