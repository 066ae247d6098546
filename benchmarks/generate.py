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


# ---- many different communes, with progress (kehoach summary) -----------------------------------

PROVINCE_COMMUNES = ["An Dương", "Tân Tiến", "Hồng Phong", "Quốc Tuấn", "Đặng Cương", "Lê Thiện",
                     "Đại Bản", "An Hòa", "Hồng Thái", "Bắc Sơn", "Nghĩa Đô", "Ea Kly", "Phú Hữu",
                     "Tà Xùa", "Mường Lạn", "Đắk Rơ Wa", "Ia Grai", "Thới Bình", "Quảng Điền",
                     "Yên Thế"]
# The seed's tracked tasks and the budget line each one spends from.
TASK_LINES = {"giam-ngheo-thong-tin": "DA6.TDA1", "viet-bai": "DA6.TDA2", "pano-to-roi": "DA6.TDA2",
              "cuoc-thi-bao-chi": "DA6.TDA2", "trang-thong-tin": "DA6.TDA2",
              "giam-sat-danh-gia": "DA7.TDA2", "ra-soat-ho-ngheo": "DA7.TDA2"}
SEED_LINES = "    DA6.TDA1: 5_000_000\n    DA6.TDA2: 2_000_000\n    DA7.TDA2: 6_000_000\n"


def _progress(rng, year: int, lines: dict[str, int], by_activity: bool) -> str:
    """Records for some of the tasks, each a run of reports ending maybe in `done`; spending
    stays within every line (KH604) and every date between the plan's date and the year's end."""
    left = dict(lines)
    out = ["plan: plan.yaml", "records:"]
    for task, line in TASK_LINES.items():
        if by_activity and line == "DA7.TDA2":
            line = task  # the plan splits DA7.TDA2 into its two activities' own lines
        if rng.random() < 0.2:
            continue
        day = rng.randrange(100, 330)
        for step in range(rng.randrange(1, 4)):
            status = rng.choice(["in-progress", "in-progress", "done", "blocked", "not-started"])
            when = f"{year}-{1 + (day // 31) % 12:02d}-{1 + day % 28:02d}"
            out += [f"  - date: {when}", f"    task: {task}", f"    status: {status}"]
            spend = rng.randrange(0, left[line] // 100_000 + 1) * 100_000 // 3 // 1000 * 1000
            if spend:
                left[line] -= spend
                out.append(f"    spent: {spend}")
            out.append(f"    note: Báo cáo lần {step + 1} của nhiệm vụ {task}")
            day += rng.randrange(5, 30)
            if status == "done" or day > 360:
                break
    return "\n".join(out) + "\n"


def summary_plans(folder: Path, count: int, seed: int = 2024) -> list[Path]:
    """`count` different valid commune plans, each with a progress file in most cases: names,
    years (2024 or 2025), budget figures (some splitting DA7.TDA2 between two activities' own
    lines), and progress records vary. One folder per commune (plan.yaml, plan.progress.yaml),
    as a province would keep them."""
    import random

    from kehoach.money import amount_in_words

    rng = random.Random(seed)
    paths = []
    for i in range(count):
        year = rng.choice([2024, 2025])
        name = f"{PROVINCE_COMMUNES[i % len(PROVINCE_COMMUNES)]} {i // len(PROVINCE_COMMUNES) + 1}"
        lines = {code: rng.randrange(10, 200) * 100_000 for code in ("DA6.TDA1", "DA6.TDA2")}
        by_activity = rng.random() < 0.3
        if by_activity:
            lines |= {"giam-sat-danh-gia": rng.randrange(10, 60) * 100_000,
                      "ra-soat-ho-ngheo": rng.randrange(10, 60) * 100_000}
        else:
            lines["DA7.TDA2"] = rng.randrange(10, 120) * 100_000
        total = sum(lines.values())
        text = SEED.replace("An Dương", name).replace("2024", str(year))
        block = "".join(f"    {code}: {amount}\n" for code, amount in lines.items())
        assert SEED_LINES in text
        text = text.replace(SEED_LINES, block)
        text = text.replace("total: 13_000_000", f"total: {total}")
        text = text.replace("total_in_words: Mười ba triệu đồng", f"total_in_words: {amount_in_words(total)}")
        commune = folder / f"xa-{i:04d}"
        commune.mkdir(parents=True, exist_ok=True)
        path = commune / "plan.yaml"
        path.write_text(text, encoding="utf-8")
        if rng.random() < 0.9:
            (commune / "plan.progress.yaml").write_text(_progress(rng, year, lines, by_activity),
                                                        encoding="utf-8")
        paths.append(path)
    return paths
