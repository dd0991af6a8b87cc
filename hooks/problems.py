"""The one error type of the help center: a list of problems, each with its place.

Every check (policy file, FAQ sources, page references, front matter) reports
`Problem`s and raises them together as `HelpCenterError`, so an editor sees
every mistake at once, each as `file:line:column: key.path: what to fix`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    path: str  # key path inside the file ("shipping.methods[Overnight].price"), or ""
    message: str

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        where = f"{self.path}: " if self.path else ""
        return f"{place}: {where}{self.message}"


class HelpCenterError(Exception):
    """One or more problems in the help center's sources, to be shown together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def __reduce__(self) -> tuple[type[HelpCenterError], tuple[list[Problem]]]:
        return HelpCenterError, (self.problems,)  # survives pickling (the build's side process)

    def report(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        return f"{head} to fix:\n" + "\n".join(f"  {p}" for p in self.problems)
