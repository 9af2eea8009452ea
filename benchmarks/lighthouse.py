"""Lighthouse (mobile, version 12) on one page of every kind of the example site.

Input: a built site folder (default: the example, built into a temporary folder) and the
``lighthouse`` command (``npm install lighthouse@12``; ``CHROME_PATH=/usr/bin/chromium``).
Output: a Markdown table of the four category scores per page, printed with the audits that
cost points, and written to benchmarks/lighthouse-table.md (benchmarks/lighthouse.md quotes it
with the conditions of the run). The site is served on 127.0.0.1 with gzip compression, as a
production web server would.

    python benchmarks/lighthouse.py [--lighthouse PATH] [--site DIR]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = [  # one page of every kind
    "",
    "start/mentor/",
    "guidelines/",
    "guidelines/expectations/",
    "training/",
    "training/path-mentor/",
    "training/mentor-foundations/",
    "agendas/kickoff/",
    "surveys/",
    "surveys/session-pulse/",
    "log/",
    "progress/",
    "progress/autumn-2026/",
    "progress/goals/useful-sessions/",
    "outcomes/",
    "stories/",
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSIBLE or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def build_example() -> Path:
    from generator.pipeline import build
    from generator.project import Project

    target = Path(tempfile.mkdtemp()) / "example"
    target.mkdir()
    for name in ("program.yaml", "mkdocs.yml", "content", "themes", "hr"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, target / name)
    project = Project.at(target)
    build(project, "mkdocs")
    return project.site_dir


def audit(lighthouse: str, url: str) -> tuple[dict[str, int], list[str]]:
    """The four category scores of ``url`` and the audits that cost points (with their scores)."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [lighthouse, url, "--output=json", "--quiet", "--chrome-flags=--headless=new --no-sandbox", "--form-factor=mobile"]
    report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout)
    categories = report["categories"]
    found = {name: round(100 * (categories[name]["score"] or 0)) for name in CATEGORIES}
    weighted = {ref["id"] for name in CATEGORIES for ref in categories[name]["auditRefs"] if ref["weight"] > 0}
    audits = report["audits"]
    losing = sorted(
        f"{key} ({audits[key]['score']:.2f}: {audits[key].get('displayValue', '')})"
        for key in weighted
        if audits[key].get("score") is not None and audits[key]["score"] < 0.9
    )
    losing.append(
        f"benchmarkIndex {report['environment']['benchmarkIndex']:.0f} (CPU speed seen by Lighthouse; lower when the machine is busy)"
    )
    return found, losing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lighthouse", default=str(REPO / "node_modules" / ".bin" / "lighthouse"))
    parser.add_argument("--site", type=Path)
    parser.add_argument("--page", action="append", help="only this page (repeatable); the results are then only printed")
    args = parser.parse_args()
    base = serve(args.site or build_example())
    rows = ["| Page | Performance | Accessibility | Best practices | SEO |", "|---|---:|---:|---:|---:|"]
    for page in args.page or PAGES:
        found, losing = audit(args.lighthouse, base + page)
        rows.append(f"| /{page} | " + " | ".join(str(found[name]) for name in CATEGORIES) + " |")
        print(rows[-1], *(f"    {item}" for item in losing), sep="\n", flush=True)
    if not args.page:
        table = "\n".join(rows)
        (REPO / "benchmarks" / "lighthouse-table.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
