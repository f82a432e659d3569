"""Benchmark the claim checker on big claims files: judging time and memory for N claims.

Not a test: it reports numbers. ``python benchmarks/judge.py 200 1000`` builds files of N claims by
repeating the op-ed's checkable claims (each copy its own id) and judges each when written and now
(``claims.engine.judge_over_time``) on the data in ``$DASHBOARD_DATA_DIR`` or ``data/``, in a fresh
process per size so the peak resident memory is that run's. ``--every-check`` turns off the
per-run reuse of repeated checks (``DataView.once``), which is the cost of a file of all-distinct
checks.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def claims_text(n: int) -> str:
    """The op-ed's claims file with its checkable claims repeated to ``n`` claims."""
    from claims.loader import DEFAULT_CLAIMS

    text = DEFAULT_CLAIMS.read_text(encoding="utf-8")
    head, *blocks = re.split(r"(?m)^(?=\[\[claims\]\]\s*$)", text)
    checkable = [b for b in blocks if "checkable = false" not in b]
    out = [head]
    for i in range(n):
        block = checkable[i % len(checkable)]
        out.append(re.sub(r'(?m)^id = "([^"]+)"', rf'id = "\1-{i}"', block, count=1))
    return "".join(out)


def measure(n: int, every_check: bool) -> dict[str, float]:
    from claims import loader
    from claims.data import DataView
    from claims.engine import judge_over_time
    from claims.loader import parse_claims
    from store.files import data_dir_from_env

    loader.MAX_CLAIMS, loader.MAX_CHECKS = n, 10 * n  # measure past the caps, to choose them
    if every_check:
        reuse = DataView.once
        DataView.once = lambda self, key, compute: (
            compute() if key[0] == "check" else reuse(self, key, compute)
        )
    claims = parse_claims(claims_text(n), f"{n} claims")
    started, cpu = time.perf_counter(), time.process_time()
    timed = judge_over_time(claims, data_dir_from_env())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert len(timed) == n
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mode = "every check computed" if every_check else "repeated checks reused"
    return {
        "claims": n,
        "mode": mode,
        "judge_seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(peak_mb),
    }


def main(argv: list[str]) -> int:
    every = ["--every-check"] if "--every-check" in argv else []
    sizes = [int(a) for a in argv if a.isdecimal()]
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(sizes[0], bool(every))))
        return 0
    for n in sizes or [200, 1000]:
        command = [sys.executable, __file__, "--one", str(n), *every]
        out = subprocess.run(command, capture_output=True, text=True)
        print(out.stdout.strip() or out.stderr.strip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
