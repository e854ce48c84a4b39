"""`python -m giapp` runs the same entry point as the `giapp` command."""

from giapp.cli import main

raise SystemExit(main())
