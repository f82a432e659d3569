"""Fetching: one adapter per publisher, each turning a publisher's answer or file into tidy rows.

Publisher facts (name, base URL and its variable, query fields, file layouts) are data, in
registry/publishers.toml. Every adapter (fetch/worldbank.py, oecd.py, owid.py, kosis.py) offers the
same verbs: ``fetch(series_id, session)`` for a live request, ``import_files(series_id, paths)`` for
the publisher's own download or saved answer, ``layout(path)`` to recognise its files; both reads
return ``fetch.common.Fetched`` and share one parser, so a file imported for the snapshot passes
exactly the checks a live fetch does. fetch/sources.py says which adapter serves which series.
"""
