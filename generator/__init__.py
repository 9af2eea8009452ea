"""Playbook: turn one YAML programme definition into the website of a mentoring programme.

The public API is ``generator.build(project_dir, engine="mkdocs")`` and
``generator.check(project_dir)`` (see ``generator.api``); both are imported on first use so
that importing one module of the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["BuildReport", "CheckResult", "__version__", "build", "check"]

if TYPE_CHECKING:
    from generator.api import CheckResult, build, check
    from generator.pipeline import BuildReport


def __getattr__(name: str) -> Any:
    if name in ("build", "check", "CheckResult"):
        from generator import api

        return getattr(api, name)
    if name == "BuildReport":
        from generator.pipeline import BuildReport

        return BuildReport
    raise AttributeError(f"module 'generator' has no attribute '{name}'")
