"""Kept so ``from claims.checks import ...`` still works: the check kinds now live in ``claims.kinds``."""

from claims.kinds import KINDS, CheckKind, Context, Param, as_of_date, coerce, run_check

__all__ = ["KINDS", "CheckKind", "Context", "Param", "as_of_date", "coerce", "run_check"]
