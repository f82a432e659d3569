"""Spearman's rank correlation with its uncertainty, stated once for the association check and the
Compare page, so both report the same ρ, n, interval and p-value.

ρ and its p-value come from SciPy (``scipy.stats.spearmanr``: average ranks for ties, p-value from
the t approximation). The interval is the Fisher z-transform interval with the Bonett–Wright (2000)
standard error for Spearman's ρ, √((1 + ρ²/2) / (n − 3)).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

INTERVAL = "interval (Fisher z-transform, Bonett–Wright standard error)"
MIN_N = 4  # the interval's standard error needs n > 3


@dataclass(frozen=True)
class Correlation:
    rho: float
    n: int
    low: float  # the interval's ends
    high: float
    p_value: float
    confidence: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    @property
    def strength(self) -> str:
        """A word for |ρ|: below 0.1 negligible, below 0.3 weak, below 0.5 moderate, else strong."""
        size = abs(self.rho)
        return (
            "negligible" if size < 0.1 else "weak" if size < 0.3 else "moderate" if size < 0.5 else "strong"
        )

    def describe(self) -> str:
        """'ρ = +0.13 (n = 38; 95% interval −0.20 to +0.43; p = 0.43)'."""
        p = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.2f}"
        return (
            f"ρ = {signed(self.rho)} (n = {self.n}; {self.confidence:.0%} interval "
            f"{signed(self.low)} to {signed(self.high)}; {p})"
        )


def signed(value: float) -> str:
    """+0.13 / −0.20 / 0.00, with a true minus sign."""
    text = f"{abs(value):.2f}"
    if text == "0.00":
        return text
    return f"+{text}" if value > 0 else f"−{text}"


def rank_correlation(x: np.ndarray, y: np.ndarray, confidence: float = 0.95) -> Correlation | None:
    """ρ with its interval and p-value; None when it is undefined (n < 4, or a constant series)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if n < MIN_N or len(np.unique(x)) < 2 or len(np.unique(y)) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # perfect correlation: t is infinite, p is 0
        result = stats.spearmanr(x, y)
    rho, p_value = float(result.statistic), float(result.pvalue)
    if abs(rho) > 1 - 1e-12:  # a perfect ranking (up to rounding): the interval collapses to ±1
        rho = math.copysign(1.0, rho)
        return Correlation(rho, n, rho, rho, p_value, confidence)
    z, se = math.atanh(rho), math.sqrt((1 + rho**2 / 2) / (n - 3))
    crit = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    return Correlation(rho, n, math.tanh(z - crit * se), math.tanh(z + crit * se), p_value, confidence)


def sign_and_interval(corr: Correlation, agrees: bool) -> str:
    """Why ρ does or does not count as support, in a few words."""
    if not agrees:
        return "not of the claimed sign"
    if corr.excludes_zero:
        return f"of the claimed sign, its {corr.confidence:.0%} interval excluding 0"
    return f"of the claimed sign, but its {corr.confidence:.0%} interval includes 0"
