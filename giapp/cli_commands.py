"""Subcommands beyond forms/check/example: each module below adds its own parser with `register(sub)`."""

from __future__ import annotations

from giapp import cli_aggregate, cli_drafts, cli_export, cli_years

REGISTER: list = [cli_drafts.register, cli_export.register, cli_years.register, cli_aggregate.register]
