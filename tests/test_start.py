"""start.py, the README's two commands: idempotent installs, apt-get only where allowed, CI runs it."""

from __future__ import annotations

import shlex
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import start

ROOT = Path(__file__).resolve().parent.parent


def test_only_missing_or_different_pins_are_installed(tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    pytest_pin = f"pytest=={version('pytest')}"
    requirements.write_text(
        f"# comment\n{pytest_pin}\nrequests==0.0.1  # not this version\nno-such-package-xyz==1.0\n",
        encoding="utf-8",
    )
    assert start.missing_pins(sys.executable, requirements) == [
        "requests==0.0.1",
        "no-such-package-xyz==1.0",
    ]


def test_the_project_requirements_are_met_here() -> None:
    """What a second `python3 start.py ...` sees: nothing to install."""
    assert start.missing_pins(sys.executable) == []


def test_apt_get_only_as_root_or_with_passwordless_sudo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(start.shutil, "which", lambda name: f"/usr/bin/{name}" if name == "apt-get" else None)
    monkeypatch.setattr(start.os, "geteuid", lambda: 0)
    assert start.apt_prefix() == []
    monkeypatch.setattr(start.os, "geteuid", lambda: 1000)
    assert start.apt_prefix() is None  # no sudo on PATH


def test_an_installed_deb_is_not_installed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(start, "installed_deb", lambda package: True)

    def refuse(*args, **kwargs):
        raise AssertionError("apt-get must not run for an installed package")

    monkeypatch.setattr(start, "apt_prefix", refuse)
    monkeypatch.setattr(start.subprocess, "run", refuse)
    assert start.apt_install("chromium")


def test_without_chromium_and_root_the_browser_test_is_skipped_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(start, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setattr(start, "apt_install", lambda package: False)
    start.install_chromium()
    assert "SKIPPED" in capsys.readouterr().out
    assert "apt-get install -y chromium" in (ROOT / "tests" / "browser" / "test_browser.py").read_text(
        encoding="utf-8"
    )


def test_ci_runs_the_readme_test_command_exactly() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in quick.splitlines() if line.strip()]
    assert len(commands) == 2 and shlex.split(commands[0])[-1] == "run"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert [line for line in ci.splitlines() if line.startswith("python")] == [commands[1]]


def test_where_packages_went_into_venv_it_says_how_to_run_the_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(start, "interpreter", lambda: str(start.VENV / "bin" / "python"))
    for step in ("install_requirements", "install_map_outlines"):
        monkeypatch.setattr(start, step, lambda *args, **kwargs: None)
    start.setup(for_tests=False)
    out = capsys.readouterr().out
    assert ".venv/bin/python -m fetch --list" in out and "source .venv/bin/activate" in out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme and ".venv/bin/python -m fetch" in readme
    monkeypatch.setattr(start, "interpreter", lambda: sys.executable)  # no .venv: nothing to say
    start.setup(for_tests=False)
    assert ".venv" not in capsys.readouterr().out
