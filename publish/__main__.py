"""``python -m publish OUTDIR [--base-url URL]``: build the static site from data/ and the claims file."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from dashboard.share import BASE_URL_ENV, BaseUrlError, normal_base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish", description=__doc__)
    parser.add_argument("outdir", type=Path, help="folder to write the site into (created if missing)")
    parser.add_argument(
        "--base-url",
        help=f"the address the site will be published at (share links, ClaimReview; also {BASE_URL_ENV})",
    )
    args = parser.parse_args(argv)
    try:
        base = normal_base(args.base_url) if args.base_url else None
    except BaseUrlError as exc:
        parser.error(str(exc))
    # Streamlit's caches run without a server here: their "no runtime" warnings are no news to the reader
    # (a filter, not a level: Streamlit resets its loggers' levels when it reads its config).
    logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
        lambda record: "No runtime found" not in record.getMessage()
    )
    from publish.build import BuildError, build  # after the arguments: --help answers at once

    started = time.perf_counter()
    try:
        files = build(args.outdir, base)
    except BuildError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in files) / 1e6
    seconds = time.perf_counter() - started
    print(f"Wrote {len(files)} files ({size:.1f} MB) to {args.outdir} in {seconds:.0f} s.")
    print(f"Try it: python -m http.server -d {args.outdir} 8000, then open http://localhost:8000/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
