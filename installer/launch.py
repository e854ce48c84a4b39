"""Entry point of the frozen program: the same `giapp` command as the installed package."""

import sys

from giapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
