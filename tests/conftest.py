"""Shared fixtures: a copy of the project in a temporary folder, and real strict builds of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
SKIPPED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "site", "site-*", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "tests"
)


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def all_text(self) -> str:
        """Every text file of the built site, joined (HTML, JSON, XML, ...)."""
        parts = []
        for path in sorted(self.site.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".csv", ".js"):
                parts.append(path.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(parts)


def copy_project(target: Path) -> Path:
    """Copy the project's sources (not its virtualenv, git data, tests or built output) to `target`."""
    shutil.copytree(ROOT, target, ignore=SKIPPED)
    return target


def build(project: Path, *extra: str) -> Build:
    site = project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")  # Material's and mkdocs-redirects' notices
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project that a test may change and build."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One strict build of the project as it is, shared by the read-only tests."""
    result = build(copy_project(tmp_path_factory.mktemp("built") / "project"))
    assert result.returncode == 0, result.output
    return result
