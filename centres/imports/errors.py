"""What can go wrong with a reference file, in words for the person who chose it."""

from __future__ import annotations


class ImportFileError(Exception):
    """The file cannot be imported as it is; nothing was changed. The message says why:
    a missing column (naming the columns the file has) or "row N: <reason>"."""


class RowError(ValueError):
    """One row is malformed. The importer adds "row N: " and stops the whole file."""


class SkipRow(Exception):
    """A well-formed row this import leaves out (another local authority, a Scottish area...).
    The reason is counted in the summary."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
