"""Load errors with file, line, column and reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoadError:
    file: str
    line: int | None
    column: int | None
    reason: str

    def __str__(self) -> str:
        pos = self.file
        if self.line is not None:
            pos += f":{self.line}"
            if self.column is not None:
                pos += f":{self.column}"
        return f"{pos}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "reason": self.reason}


class WorkspaceError(Exception):
    """A workspace that cannot be loaded; ``errors`` lists every problem found."""

    def __init__(self, errors: list[LoadError]) -> None:
        self.errors = errors
        n = len(errors)
        head = str(errors[0]) if errors else "unknown error"
        more = f" (and {n - 1} more)" if n > 1 else ""
        super().__init__(f"{head}{more}")
