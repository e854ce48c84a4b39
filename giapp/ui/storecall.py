"""One guard for every call the window makes on the draft store: a refusal is told in Chinese, never a crash."""

from __future__ import annotations

from giapp.oserror import os_error_text
from giapp.store import StoreError

FAILED = object()  # what store_call gives when the store refused (a call may well return None when it worked)


def failure_text(e: Exception) -> str:
    """The clerk's sentence for a store refusal (StoreError and StoreBusy say it themselves) or a disk error."""
    if isinstance(e, OSError):
        return f"草稿数据库读写失败（{os_error_text(e)}）。请检查磁盘空间后重试。"
    return str(e)


def store_call(messenger, title: str, method, *args, **kwargs):
    """Run one store call; on StoreError/StoreBusy/OSError show why (title as the dialog's title) and give FAILED."""
    try:
        return method(*args, **kwargs)
    except (StoreError, OSError) as e:
        messenger.error(title, failure_text(e))
        return FAILED
