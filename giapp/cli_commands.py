"""Subcommands beyond forms/check/example: each module below adds its own parser with `register(sub)`."""

from __future__ import annotations

from giapp import cli_aggregate, cli_export

REGISTER: list = [cli_export.register, cli_aggregate.register]
