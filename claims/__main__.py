"""Run the claim checker: ``python -m claims --help``."""

from claims.cli import run

run()
