"""``playbook serve``: a live preview on 127.0.0.1 that rebuilds when program.yaml changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable

import pytest

from generator.project import Project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_preview_rebuilds_on_change(engine: str, small_project: Project) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "generator", "serve", "--project", str(small_project.root), "--port", str(port), "--engine", engine]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: "A tiny programme used by the tests." in fetch(url), 60), "preview never came up"
        text = small_project.program_file.read_text(encoding="utf-8")
        small_project.program_file.write_text(
            text.replace("A tiny programme used by the tests.", "Freshly edited summary."), encoding="utf-8"
        )
        assert wait_for(lambda: "Freshly edited summary." in fetch(url), 60), "preview did not rebuild"
        broken = small_project.program_file.read_text(encoding="utf-8").replace("audience: [mentor]", "audience: [mentr]")
        small_project.program_file.write_text(broken, encoding="utf-8")
        time.sleep(2)
        assert "Freshly edited summary." in fetch(url), "a mistake must not take the preview down"
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "unknown role id 'mentr'" in output
