"""A registry and a data folder whose every text field holds Markdown, HTML, LaTeX and Streamlit markup.

Shared by the AppTest checks (tests/dashboard/test_hostile_text.py) and the browser's
(tests/browser/test_browser_hostile.py): every text field of every series file (title, unit,
definition, source, publisher, dataset, indicator, licence, attribution, the publisher's own
metadata) and every vintage's label, notes and dating basis get HOSTILE appended.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from dashboard_fixture import build

ROOT = Path(__file__).resolve().parent.parent
EVIL_HOST = "evil.example"
# an image fetched from another host, a link, raw HTML, LaTeX, a directive, emphasis, a bare URL
HOSTILE = (
    f'Evil ![i](https://{EVIL_HOST}/i.png) [l](https://{EVIL_HOST}/l) <img src="https://{EVIL_HOST}/h.png">'
    f" $\\\\alpha$ :red[red] **bold** https://{EVIL_HOST}/u"
)
TEXT_FIELDS = ("title", "unit", "definition", "source", "publisher", "dataset", "indicator", "licence")
TEXT_FIELDS += ("attribution",)


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def hostile_registry(folder: Path) -> Path:
    """series/ copied, every text field of every file set to its own text and HOSTILE."""
    shutil.copytree(ROOT / "series", folder)
    for path in folder.glob("*.toml"):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        out, table = [], None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("["):
                table = line.strip("[] ")
            key = line.split("=", 1)[0].strip()
            if "=" in line and table is None and key in TEXT_FIELDS:
                line = f"{key} = {_toml(f'{raw[key]} {HOSTILE}')}"
            elif "=" in line and table == "publisher_metadata":
                line = f"{key} = {_toml(f'{raw[table][key]} {HOSTILE}')}"
            out.append(line)
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


def hostile_data(folder: Path, monkeypatch) -> Path:
    """The dashboard's test data written into ``folder``, every vintage's label, notes and dating
    basis hostile too (the registry must already be the hostile one: SERIES_DIR)."""
    from store.manifest import Provenance

    original = Provenance.__init__

    def provenance(self, *args, **kwargs):
        original(self, *args, **kwargs)
        for name in ("vintage_label", "notes", "released_basis"):
            object.__setattr__(self, name, f"{getattr(self, name)} {HOSTILE}")

    with monkeypatch.context() as patch:
        patch.setattr(Provenance, "__init__", provenance)
        build(folder)
    return folder
