"""Run the claim checker: ``python -m claims --help`` (commands/claims.py)."""

from commands.claims import run

run()
