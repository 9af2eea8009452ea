"""The shape the architecture promises: the core names no feature, features never drive the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

GENERATOR = REPO / "generator"
FEATURE_PACKAGES = sorted(path.name for path in GENERATOR.iterdir() if path.is_dir() and (path / "feature.py").is_file())


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, at any depth (lazy imports inside functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def names_a_feature(modules: set[str]) -> bool:
    return any(module == f"generator.{name}" or module.startswith(f"generator.{name}.") for module in modules for name in FEATURE_PACKAGES)


def test_there_are_features() -> None:
    assert FEATURE_PACKAGES == ["labels", "matching", "outcomes", "printing", "progress", "recognition", "surveys"]


def test_only_the_registry_imports_feature_packages() -> None:
    importers = sorted(path.name for path in GENERATOR.glob("*.py") if names_a_feature(imported_modules(path)))
    assert importers == ["registry.py"]


def test_no_feature_imports_the_pipeline_or_the_registry() -> None:
    offenders = [
        path.relative_to(REPO).as_posix()
        for name in FEATURE_PACKAGES
        for path in sorted((GENERATOR / name).glob("*.py"))
        if imported_modules(path) & {"generator.pipeline", "generator.registry", "generator.api", "generator.cli"}
    ]
    assert offenders == []


def test_every_feature_is_registered() -> None:
    from generator.registry import FEATURES

    assert sorted(feature.name for feature in FEATURES) == FEATURE_PACKAGES
