"""Every figure of issue 15 in one run, each next to its target.

Input: nothing (each benchmark builds its own temporary programme).
Output: printed lines from ``build_example.py`` (``playbook build`` / bare engine on the example),
``preview.py`` (saved edit → page in the browser, both engines, and the bare engine's own serve),
``progress.py`` (the big programme: generator part, the preview after a CSV edit in one cohort,
and ``playbook build`` / bare engine) and
``matching.py`` (2,000 × 2,000 end to end, and as a ratio to scipy's assignment alone), then a
summary of the lines that carry a target. Figures are medians; on a shared machine run it twice.

    .venv/bin/python benchmarks/run_all.py [--runs 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *arguments: str) -> list[str]:
    """Run one benchmark, echo its output, and return its lines."""
    print(f"\n$ benchmarks/{script} {' '.join(arguments)}", flush=True)
    result = subprocess.run([sys.executable, str(HERE / script), *arguments], capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    print("\n".join(lines), flush=True)
    if result.returncode != 0:
        print(f"(failed with exit {result.returncode})\n{result.stderr[-2000:]}", flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = str(args.runs)
    lines = run("build_example.py", "--runs", runs)
    lines += run("preview.py", "--runs", runs)
    lines += run("progress.py", "--runs", str(max(1, args.runs // 2)))
    lines += run("matching.py", "--runs", runs)
    print("\nSummary (figure → target):")
    for line in lines:
        if "target" in line or "scipy" in line or "bare" in line:
            print(f"  {line.strip()}")


if __name__ == "__main__":
    main()
