"""The layering is a checked contract: imports run one way (commands and the app, over the claim
checker and the fetchers, over the store, over the registry) and no package's modules import in a
circle. The contracts are import-linter's, written in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from fetch_helpers import ROOT

LINT = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]  # import-linter's command


def lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(LINT, cwd=folder, capture_output=True, text=True, timeout=120)


def test_the_project_keeps_its_import_contracts() -> None:
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_an_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    """The check can fail: the registry importing the store (a layer above it) is reported."""
    for package in ("registry", "store"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    with (tmp_path / "registry" / "groups.py").open("a", encoding="utf-8") as handle:
        handle.write("\nimport store.files  # noqa: E402, F401\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["store", "registry"]\n\n'
        '[[tool.importlinter.contracts]]\nname = "layers"\ntype = "layers"\nlayers = ["store", "registry"]\n',
        encoding="utf-8",
    )
    done = lint(tmp_path)
    assert done.returncode != 0
    assert "registry.groups -> store.files" in done.stdout
