"""The static site (``python -m publish OUTDIR``): every verdict, indicator frame and the deck as files
any static host serves, built with the app's own chart, text and verdict code (dashboard/, claims/)."""
