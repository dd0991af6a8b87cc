"""The code passes the project's lint (ruff, rules in pyproject.toml) and type checks (mypy on hooks/ and scripts/)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff() -> None:
    result = run("ruff", "check", "--no-cache", "hooks", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = run("mypy", "--no-incremental", "hooks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
