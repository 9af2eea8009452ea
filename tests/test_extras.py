"""Optional parts: a missing extra stops a command with one short message, never a traceback.

Input: ``generator.extras`` and the ``playbook`` command line, with an extra's module made
unimportable (``sys.modules[name] = None``, Python's own way to block an import), in this
process or in a child process.
Output: assertions on the check, the message, the exit status and stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engine import engine_command
from generator.errors import PlaybookError
from generator.extras import EXTRAS, install_command, is_installed, missing_modules, require_extra
from generator.project import Project
from tests.conftest import REPO

MODULES = [(extra, module) for extra, modules in EXTRAS.items() for module in modules]
BLOCKED_RUN = "import sys; sys.modules[{module!r}] = None; from generator.cli import main; sys.exit(main())"


def test_the_extras_are_the_optional_parts() -> None:
    assert EXTRAS == {
        "match": ("scipy",),
        "collect": ("starlette", "uvicorn"),
        "postgres": ("psycopg",),
        "zensical": ("zensical",),
        "pdf": ("weasyprint",),
    }


def test_every_extra_is_installed_for_the_tests() -> None:
    for extra in EXTRAS:
        assert is_installed(extra), extra
        require_extra(extra, extra)


@pytest.mark.parametrize(("extra", "module"), MODULES)
def test_a_missing_module_names_its_extra(monkeypatch: pytest.MonkeyPatch, extra: str, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    assert missing_modules(extra) == (module,)
    with pytest.raises(PlaybookError) as raised:
        require_extra(extra, extra)
    message = str(raised.value)
    assert f"'playbook {extra}' needs the optional part [{extra}], which is not installed" in message
    assert f"Install it with: pip install 'playbook-mentoring[{extra}]'" in message
    assert module in message


def test_the_check_does_not_import_the_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "scipy", raising=False)
    require_extra("match", "match")
    assert "scipy" not in sys.modules


def test_an_unknown_extra_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown extra"):
        missing_modules("nope")


def test_install_command_is_quoted_for_the_shell() -> None:
    assert install_command("match") == "pip install 'playbook-mentoring[match]'"


def test_the_zensical_engine_is_checked_before_it_runs(monkeypatch: pytest.MonkeyPatch, small_project: Project) -> None:
    monkeypatch.setitem(sys.modules, "zensical", None)
    with pytest.raises(PlaybookError, match=r"'playbook serve --engine zensical' needs the optional part \[zensical\]"):
        engine_command("zensical", small_project, "serve", "127.0.0.1:8000")
    assert engine_command("mkdocs", small_project)[2] == "mkdocs"


@pytest.mark.parametrize(
    ("arguments", "named", "module", "extra"),
    [
        (["build", "--engine", "zensical"], "build --engine zensical", "zensical", "zensical"),
        (["match", "spring"], "match", "scipy", "match"),
        (["collect"], "collect", "uvicorn", "collect"),
        (["pdf"], "pdf", "weasyprint", "pdf"),
        (["certificates", "pilot"], "certificates", "weasyprint", "pdf"),
    ],
)
def test_a_command_without_its_extra_prints_how_to_install_it(
    small_project: Project, tmp_path: Path, arguments: list[str], named: str, module: str, extra: str
) -> None:
    """A real missing module: the child Python cannot import it at all."""
    command = [sys.executable, "-c", BLOCKED_RUN.format(module=module), *arguments, "--project", str(small_project.root)]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}  # the generator under test, whatever is installed
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"'playbook {named}' needs the optional part [{extra}], which is not installed" in result.stderr
    assert f"Install it with: pip install 'playbook-mentoring[{extra}]'" in result.stderr
    assert not (small_project.root / "site").exists()
