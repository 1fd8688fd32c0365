"""Size limits every table reader applies: rows and columns, each with the setting to raise."""

from __future__ import annotations

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.loaders.cells import filled
from assistant.loaders.tables import Grid


def check_rows(count: int, settings: Settings) -> None:
    if count > settings.max_catalog_rows:
        raise LoadError(f"too many rows ({count} > limit {settings.max_catalog_rows})")


def check_columns(count: int, settings: Settings) -> None:
    if count > settings.max_columns:
        raise LoadError(
            f"too many columns ({count} > limit {settings.max_columns}; "
            "raise ASSISTANT_MAX_COLUMNS to index it)"
        )


def non_empty_rows(grid: Grid) -> int:
    return sum(1 for row in grid.cells if any(filled(v) for v in row))
