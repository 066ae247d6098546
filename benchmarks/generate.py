"""Generate realistic plan files for scale benchmarks: the real plan for many communes, and one
plan with many activities. Output is valid (kehoach validate exits 0), so the timing is that of
the normal path, not of error reporting."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8")

COMMUNES = ["An Dương", "Tân Tiến", "Hồng Phong", "Quốc Tuấn", "Đặng Cương", "Lê Thiện",
            "Đại Bản", "An Hòa", "Hồng Thái", "Bắc Sơn"]


def commune_plans(folder: Path, count: int) -> list[Path]:
    """`count` plans: the real one, renamed per commune, each in its own file."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        name = f"{COMMUNES[i % len(COMMUNES)]} {i // len(COMMUNES) + 1}"
        text = SEED.replace("An Dương", name)
        path = folder / f"xa-{i:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def big_plan(path: Path, activities: int = 500) -> Path:
    """One plan with `activities` tracked items spread over DA6.TDA2, each with its own id."""
    items = "\n".join(
        f"          - id: hoat-dong-{i}\n"
        f"            text: Hoạt động truyền thông số {i} về giảm nghèo bền vững trên địa bàn xã.\n"
        f"            lead: vhxh\n"
        f"            partners: [dai-truyen-thanh]\n"
        f"            deadline: {(i % 9) + 4}/2024"
        for i in range(activities)
    )
    head, _, tail = SEED.partition("        items:\n          - id: viet-bai")
    # keep the real items after the generated ones
    text = head + "        items:\n" + items + "\n          - id: viet-bai" + tail
    assert re.search(r"hoat-dong-0\b", text)
    path.write_text(text, encoding="utf-8")
    return path
