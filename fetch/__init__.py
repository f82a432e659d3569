"""Fetching: one module per publisher, each turning a publisher's response or file into tidy rows.

Every publisher module offers the same verbs: ``fetch(series_id, session)`` for a live request and
``import_files(series_id, paths)`` for the publisher's own bulk download or saved response; both
share one parser, so a file imported for the snapshot passes exactly the checks a live fetch does.
"""
