"""What the build stage hands on: the plan data with its comments and the review list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]  # a data path in the plan: ("activities", 0, "deadline")


@dataclass(frozen=True, slots=True)
class Review:
    """One thing a person must look at: the đoạn of the source (0: the whole document), what,
    and where in the plan it landed (a data path; () when nowhere)."""

    index: int
    message: str
    path: Path = ()


@dataclass
class Draft:
    data: dict[str, Any]
    comments: dict[Path, list[str]]
    review: list[Review]
    used: set[int]
    trailing: list[str] = field(default_factory=list)  # comments after the plan
