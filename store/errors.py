"""Errors the store raises: each names the file (and line, where there is one) and the problem."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A problem with one file; str() is the one-line message users see."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        super().__init__(self.location + ": " + reason)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __reduce__(self):
        # Rebuilt from its parts, not from the message (Exception's default): a file a lint worker
        # process could not read comes back to the parent pickled.
        return type(self), (self.path, self.reason, self.line)


class ConflictError(StoreError):
    """The file changed on disk since it was loaded; saving would lose those changes."""


class ImportFormatError(StoreError):
    """Input that does not read as a 申报表 (the importer raises nothing else for bad input)."""


_OS_REASONS = {2: "文件不存在", 13: "没有权限", 21: "是目录而不是文件", 20: "路径中有一段不是目录", 28: "磁盘已满"}


def os_reason(exc: OSError) -> str:
    """A Chinese reason for the common OS errors; the system's own text otherwise."""
    return _OS_REASONS.get(exc.errno, exc.strerror or str(exc))
