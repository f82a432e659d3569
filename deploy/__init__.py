"""Ways to serve the live dashboard beyond one process (see replicas.py)."""
