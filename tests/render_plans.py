"""Small plans for the render tests, written inline so each test shows what it feeds in."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_PLAN = ROOT / "plans" / "2024.yaml"

MINIMAL = """\
kehoach: 1
document:
  issuer: Ủy ban nhân dân xã An Dương
  issuer_code: UBND
  number: 5
  place: An Dương
  date: 2024-01-05
  summary: kiểm tra kết xuất
year: 2024
programme: giam-ngheo-2021-2025
units:
  vhxh: Công chức Văn hóa - Xã hội
purpose:
  goals: [Mục đích một.]
  requirements: [Yêu cầu một.]
activities:
  - title: Hoạt động thử
    text: [Nội dung hoạt động.]
    deadline: 12/2024
organization:
  vhxh: [Làm việc được giao.]
recipients: [Các thôn]
signer: {authority: TM, title: Chủ tịch, name: Nguyễn Văn A}
"""


def write_plan(folder: Path, text: str = MINIMAL, name: str = "plan.yaml", **changes: object) -> Path:
    """Write a plan, with top-level or dotted keys (`document.date`) replaced by `changes`."""
    data = yaml.safe_load(text)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for key in parents:
            target = target[key]
        target[last] = value
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
