"""The clerk's drafts in one crash-safe SQLite file (no Qt): see docs/readme-store.md."""

from giapp.store.drafts import DraftInfo, DraftStore
from giapp.store.errors import StoreBusy, StoreDamaged, StoreError

__all__ = ["DraftInfo", "DraftStore", "StoreBusy", "StoreDamaged", "StoreError"]
