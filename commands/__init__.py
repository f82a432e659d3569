"""The command lines: ``python -m fetch`` (get, add, diff) and ``python -m claims``.

The top layer: commands import the fetchers, the claim checker, the store and the registry, and
nothing imports a command (``fetch/__main__.py`` and ``claims/__main__.py`` only start one).
"""
