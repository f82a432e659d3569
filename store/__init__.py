"""``data/`` on disk: the tidy series files, every vintage kept, the manifest, and the one save path.

Fetch code writes through this package and the app and the claim checker read through it, so the
stages agree on one format: ``country_code,country,year,value`` per series.
"""
