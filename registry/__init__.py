"""What a series is: the registry of ``series/*.toml`` files, the publishers that serve them, and the
countries and country groups every series is made of.

The lowest layer: it imports nothing else of the project (checked by tests/test_layers.py).
"""
