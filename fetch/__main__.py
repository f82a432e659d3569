"""``python -m fetch``: start the command (commands/fetch.py)."""

from commands.fetch import main

raise SystemExit(main())
