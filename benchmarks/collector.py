"""Benchmark: the collector's sustained submissions per second on loopback, and its memory.

Starts ``playbook collect`` as its own process on a copy of the example programme, sends
SUBMISSIONS valid pulse responses from CLIENTS concurrent clients, checks that exactly that
many rows were stored, and prints the rate and the server's resident memory (from /proc).

Run: .venv/bin/python benchmarks/collector.py [SUBMISSIONS] [CLIENTS]
"""

from __future__ import annotations

import concurrent.futures
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
ORIGIN = "http://127.0.0.1:8000"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of a process, in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit("the collector did not start")


def submit_all(url: str, submissions: int, clients: int) -> list[int]:
    per_client = submissions // clients

    def run(client: int) -> list[int]:
        with httpx.Client(headers={"Origin": ORIGIN}, timeout=30) as http:
            return [
                http.post(
                    url,
                    json={
                        "response_id": f"bench-{client}-{n}",
                        "survey": "session-pulse",
                        "cohort": "autumn-2026",
                        "role": "mentor",
                        "pair": "",
                        "answers": {"useful": 1 + n % 5, "felt-safe": "yes", "agenda": "regular-session"},
                    },
                ).status_code
                for n in range(per_client)
            ]

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        return [status for statuses in pool.map(run, range(clients)) for status in statuses]


def main() -> None:
    submissions = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    work = Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    shutil.copy2(REPO / "program.yaml", work / "program.yaml")
    shutil.copytree(REPO / "content", work / "content")
    database, port = work / "responses.sqlite", free_port()
    command = [sys.executable, "-m", "generator", "collect", "--project", str(work), "--port", str(port), "--db", str(database)]
    command += ["--origin", ORIGIN, "--rate-limit", "100000000"]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/health", time.monotonic() + 30)
        idle = memory_kb(server.pid)
        started = time.perf_counter()
        statuses = submit_all(f"http://127.0.0.1:{port}/api/responses", submissions, clients)
        seconds = time.perf_counter() - started
        loaded = memory_kb(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    shutil.rmtree(work, ignore_errors=True)
    sent = len(statuses)
    print(f"submissions: {sent} from {clients} concurrent clients on loopback; stored rows: {rows}; status 201: {statuses.count(201)}")
    print(f"time: {seconds:.2f} s; sustained rate: {sent / seconds:.0f} submissions/s")
    print(
        f"collector memory: {idle['VmRSS'] / 1024:.1f} MB idle, {loaded['VmRSS'] / 1024:.1f} MB after the run, peak {loaded['VmHWM'] / 1024:.1f} MB"
    )
    if rows != sent:
        raise SystemExit("stored rows differ from submissions")


if __name__ == "__main__":
    main()
