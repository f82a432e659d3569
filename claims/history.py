"""The last run's verdicts, kept in data/verdicts.json, so a run after a re-fetch shows what changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claims.model import TimedVerdict
from store.files import atomic_write, read_data_file
from store.manifest import DataFileError

HISTORY = "verdicts.json"


def history_key(source: str) -> str:
    """Runs of the same claims file compare with each other; the file name is the key."""
    return Path(source).name or "claims"


def load_history(data_dir: Path) -> dict[str, Any]:
    """The stored runs; an unreadable or damaged file counts as no history rather than an error."""
    try:
        stored = json.loads(read_data_file(data_dir, Path(data_dir) / HISTORY).decode("utf-8"))
    except (OSError, ValueError, RecursionError, DataFileError):
        return {"files": {}}
    return stored if isinstance(stored, dict) and isinstance(stored.get("files"), dict) else {"files": {}}


def snapshot(timed: list[TimedVerdict]) -> dict[str, dict[str, str]]:
    return {
        t.claim.id: {
            "then": t.then.label.value,
            "now": t.now.label.value,
            "then_evidence": t.then.evidence,
            "now_evidence": t.now.evidence,
        }
        for t in timed
    }


def changes(
    previous: dict[str, Any], timed: list[TimedVerdict], source: str, compare_then: bool = True
) -> list[str]:
    """Sentences naming each claim whose verdict or evidence changed since the last run."""
    before = previous.get("files", {}).get(history_key(source), {}).get("verdicts")
    if not before:
        return []
    out = []
    for claim_id, now in snapshot(timed).items():
        old = before.get(claim_id)
        if old is None:
            out.append(f"{claim_id}: new claim, {now['now']}.")
            continue
        parts = ["now", "then"] if compare_then else ["now"]
        for part in parts:
            name = "newest data" if part == "now" else "when written"
            if old.get(part) != now[part]:
                out.append(f"{claim_id} ({name}): {old.get(part)} → {now[part]}. {now[part + '_evidence']}")
            elif old.get(f"{part}_evidence") != now[f"{part}_evidence"]:
                out.append(f"{claim_id} ({name}): still {now[part]}, new evidence: {now[part + '_evidence']}")
    return out


def save_history(data_dir: Path, previous: dict[str, Any], timed: list[TimedVerdict], source: str) -> None:
    files = dict(previous.get("files", {}))
    files[history_key(source)] = {
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "verdicts": snapshot(timed),
    }
    text = json.dumps({"files": files}, indent=2, ensure_ascii=False) + "\n"
    atomic_write(Path(data_dir) / HISTORY, text.encode("utf-8"))
