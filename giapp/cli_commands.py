"""Subcommands beyond forms/check/example: each module below adds its own parser with `register(sub)`."""

from __future__ import annotations

from giapp import cli_aggregate

REGISTER: list = [cli_aggregate.register]
