"""Tidy data: the one schema every series shares, its catalogue, storage and country groups.

Fetch code writes through this package and the app and the claim checker read through it, so
the three stages agree on one format: ``country_code,country,year,value`` per series.
"""
