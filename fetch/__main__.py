from fetch.cli import main

raise SystemExit(main())
