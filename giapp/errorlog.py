"""The error log in the data folder: where a traceback goes instead of in front of the clerk."""

from __future__ import annotations

import datetime as dt

from giapp.paths import data_dir

LOG_NAME = "giapp-errors.log"


def log_error(text: str) -> str:
    """Append to the error log; return its path (or "" when even that fails)."""
    try:
        path = data_dir() / LOG_NAME
        with path.open("a", encoding="utf-8") as f:
            f.write(f"---- {dt.datetime.now().isoformat(timespec='seconds')}\n{text}\n")
        return str(path)
    except OSError:
        return ""
