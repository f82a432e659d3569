"""``python -m fetch --check`` and ``--relist``: what the data folder holds beside its manifest, and
listing again the files the manifest lost."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from registry.catalogue import Registry
from store.folder import relist, unlisted, unlisted_notice
from store.integrity import check_folder
from store.manifest import DataFileError


def run_check(console: Console, data_dir: Path, registry: Registry) -> int:
    """Read only: every way the folder differs from its manifest, and the files it does not list."""
    problems = check_folder(data_dir, list(registry))
    try:
        extra = unlisted(data_dir)
    except (DataFileError, OSError):
        extra = []  # check_folder has said why the manifest cannot be read
    for problem in problems:
        console.print(f"[red]✗[/red] {escape(problem)}", soft_wrap=True)
    if extra:
        console.print(f"[yellow]{escape(unlisted_notice(data_dir))}[/yellow]", soft_wrap=True)
        for relpath in extra:
            console.print(f"  {escape(relpath)}", soft_wrap=True)
    if not problems and not extra:
        console.print(f"[green]✓[/green] {escape(str(data_dir))} holds what its manifest says.")
    return 1 if problems or extra else 0


def run_relist(console: Console, data_dir: Path, registry: Registry) -> int:
    """Under the lock: list the unlisted data files again from their content."""
    done = relist(data_dir, {series_id: registry.info(series_id) for series_id in registry})
    for line in done or ["nothing to re-list: the manifest lists every data file"]:
        console.print(escape(line), soft_wrap=True)
    return 0
