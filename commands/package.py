"""``python -m fetch package``: rewrite data/datapackage.json from the manifest and series/, and validate it.

The store writes the descriptor on every save; this is the one command to regenerate it after data/ or
series/ changed by other means (a merge, an edited series file), and to check a folder with
Frictionless' own validator (every file's sha256, size and rows against its Table Schema).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from registry.catalogue import Registry
from store.files import DEFAULT_DATA_DIR
from store.lock import DataLockedError, data_lock
from store.manifest import DataFileError, manifest_path, read_manifest
from store.package import package_path, package_problems, validate_package
from store.recovery import recover


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="the data folder (default: data/)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing: exit 1 if the descriptor is not the one the store would write, or is invalid",
    )


def run_package(args: argparse.Namespace, registry: Registry) -> int:
    console = Console(soft_wrap=True, highlight=False)
    path = package_path(args.data_dir)
    try:
        if not manifest_path(args.data_dir).exists():
            console.print(
                f"No {manifest_path(args.data_dir)}: nothing to describe.", style="red", markup=False
            )
            return 1
        manifest = read_manifest(args.data_dir)  # a damaged manifest is said as such, never described
        if args.check:
            problems = package_problems(args.data_dir, manifest)
        else:
            with data_lock(args.data_dir):
                recovery = recover(args.data_dir)  # finishes an interrupted save, then writes the descriptor
            problems = []
            done = "rewrote" if recovery.described else "unchanged:"
            console.print(f"{done} {path}", markup=False)
            if recovery.completed or recovery.removed:
                console.print(f"{args.data_dir}: {recovery.summary()}.", style="yellow", markup=False)
        problems += validate_package(args.data_dir) if path.exists() and not problems else []
    except (DataLockedError, DataFileError, OSError) as exc:
        console.print(str(exc), style="red", markup=False)
        return 1
    for problem in problems:
        console.print(f"[red]✗[/red] {escape(problem)}")
    if problems:
        return 1
    console.print(f"[green]✓[/green] {escape(str(path))} is a valid data package (Frictionless, spec v2).")
    return 0
