"""Lighthouse (mobile, version 12) on one page of every kind of the example site.

Input: a built site folder (default: the example, built into a temporary folder) and the
``lighthouse`` command (``npm install lighthouse@12``; ``CHROME_PATH=/usr/bin/chromium``).
Output: a Markdown table of the four category scores per page, printed and written to
benchmarks/lighthouse.md. The site is served on 127.0.0.1 with gzip compression, as a
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
PAGES = [
    "",
    "start/mentor/",
    "guidelines/expectations/",
    "training/path-mentor/",
    "training/mentor-foundations/",
    "agendas/kickoff/",
    "surveys/session-pulse/",
    "progress/",
    "progress/autumn-2026/",
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
    for name in ("program.yaml", "mkdocs.yml", "content", "themes"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, target / name)
    project = Project.at(target)
    build(project, "mkdocs")
    return project.site_dir


def scores(lighthouse: str, url: str) -> dict[str, int]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [lighthouse, url, "--output=json", "--quiet", "--chrome-flags=--headless=new --no-sandbox", "--form-factor=mobile"]
    report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout)
    return {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("--site", type=Path)
    args = parser.parse_args()
    base = serve(args.site or build_example())
    rows = ["| Page | Performance | Accessibility | Best practices | SEO |", "|---|---:|---:|---:|---:|"]
    for page in PAGES:
        found = scores(args.lighthouse, base + page)
        rows.append(f"| /{page} | " + " | ".join(str(found[name]) for name in CATEGORIES) + " |")
        print(rows[-1], flush=True)
    (REPO / "benchmarks" / "lighthouse.md").write_text(
        "# Lighthouse 12, mobile, gzip\n\nRun by `python benchmarks/lighthouse.py`.\n\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
