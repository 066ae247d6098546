"""Plans generated to cover every form kehoach renders, for the import round trip (issue 22):
every deadline kind and spelling, every budget shape, every issuer and signer shape, default and
own sections, purpose as list or paragraph, items with sub-items and times, the task appendix.

Each plan is built from dimensions cycled independently (plan i takes variant i of each, modulo
its length), so a handful of plans covers every variant of every dimension; each is checked to
validate before it is used. Shared by tests/test_import_roundtrip.py and benchmarks/bench_import.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

DEADLINES = [  # every deadline form of the README's table, in plan year Y (issued in February)
    "31/12/{Y}",
    "{Y}-11-30",
    "12/{Y}",
    "tháng 10/{Y}",
    "tháng 9 năm {Y}",
    "Q4/{Y}",
    "quý III/{Y}",
    "quý II năm {Y}",
    "6 tháng đầu năm {Y}",
    "H2/{Y}",
    "6 tháng cuối năm {Y}",
    "năm {Y}",
    "ngày 04/11/{Y}",
    "vào ngày 15/9/{Y}",
    "từ tháng 4 đến tháng 12/{Y}",
    "từ tháng 4 đến hết tháng 12/{Y}",
    "01/7/{Y} - 31/7/{Y}",
    "từ ngày 01/7 đến ngày 31/7/{Y}",
    "từ quý II đến quý IV/{Y}",
    "định kỳ hằng quý",
    "định kỳ hàng quý",
    "định kỳ 6 tháng",
    "hằng tháng trước ngày 20",
    "hằng năm",
    "hằng năm trước ngày 15/12",
    "định kỳ 6 tháng, hằng năm",
    "thường xuyên",
    "thường xuyên, liên tục",
    "05/3/{Y}",
    "28/02/{Y}",
    # as offices write them (issue 24 part 4): during a period, a time of day before a date
    "trong quý IV năm {Y}",
    "trong tháng 5/{Y}",
    "chiều ngày 04/11/{Y}",
    "14 giờ 00 ngày 20/10/{Y}",
]
PERIOD_DEADLINES = ["từ năm {Y} đến năm {Y2}", "từ tháng 10/{Y} đến tháng 3/{Y2}", "Q4/{Y2}", "năm {Y2}"]

ISSUERS: list[dict[str, Any]] = [
    {
        "document": {"issuer": "Ủy ban nhân dân xã An Dương", "issuer_code": "UBND", "place": "An Dương"},
        "signer": {"authority": "TM", "title": "Chủ tịch", "name": "Nguyễn Tuấn Anh"},
    },
    {
        "document": {
            "parent": "Ủy ban nhân dân xã Sơn Tịnh",
            "issuer": "Phòng Văn hóa - Xã hội",
            "issuer_code": "PVHXH",
            "place": "Sơn Tịnh",
        },
        "signer": {"title": "Trưởng phòng", "name": "Nguyễn Thị Thu Hà"},
    },
    {
        "document": {
            "parent": "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "issuer": "Sở Lao động - Thương binh và Xã hội",
            "issuer_code": "SLĐTBXH",
            "place": "Quảng Ngãi",
        },
        "signer": {
            "authority": "KT",
            "head_title": "Giám đốc",
            "title": "Phó Giám đốc",
            "name": "Lê Văn Thành",
        },
    },
    {
        "document": {
            "issuer": "Ủy ban nhân dân huyện Phong Điền",
            "issuer_code": "UBND",
            "place": "Phong Điền",
        },
        "signer": {"authority": "KT", "title": "Phó Chủ tịch", "name": "Lê Văn Hùng"},
    },
    {
        "document": {
            "issuer": "Ngân hàng Chính sách xã hội huyện Pác Nặm",
            "issuer_code": "NHCSXH",
            "issuer_lines": ["Ngân hàng", "Chính sách xã hội", "huyện Pác Nặm"],
            "place": "Pác Nặm",
        },
        "signer": {
            "authority": "KT",
            "head_title": "Giám đốc",
            "title": "Phó Giám đốc",
            "name": "Hoàng Văn Sinh",
        },
    },
    {
        "document": {
            "parent": "Ủy ban nhân dân xã Sơn Tịnh",
            "parent_lines": ["UBND xã Sơn Tịnh"],
            "issuer": "Phòng Kinh tế",
            "issuer_code": "PKT",
            "place": "Sơn Tịnh",
        },
        "signer": {
            "authority": "KT",
            "head_title": "Trưởng phòng",
            "title": "Phó Trưởng phòng",
            "name": "Trần Văn Bình",
        },
    },
    {
        "document": {"issuer": "Ủy ban nhân dân xã Tân Lập", "issuer_code": "UBND", "place": "Tân Lập"},
        "signer": {"authority": "Q", "title": "Chủ tịch", "name": "Đỗ Văn Quang"},
    },
    {
        "document": {
            "issuer": "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
            "issuer_code": "UBND",
            "place": "Thành phố Huế",
        },
        "signer": {"authority": "TL", "title": "Chánh Văn phòng", "name": "Phan Thiên Định"},
    },
    {
        "document": {"issuer": "Ủy ban nhân dân xã Hòa Bình", "issuer_code": "UBND", "place": "Hòa Bình"},
        "signer": {"authority": "TUQ", "title": "Trưởng phòng Văn hóa - Xã hội", "name": "Lý Thị Mai"},
    },
]

UNITS = {
    "vhxh": "Công chức Văn hóa - Xã hội",
    "dai-truyen-thanh": "Đài truyền thanh xã",
    "tckt": "Công chức Tài chính - Kế toán",
    "mttq": "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
    "cac-thon": "Ban Nhân dân các thôn",
}

PREAMBLES: list[dict[str, Any]] = [
    {
        "bases": [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
            "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;",
        ]
    },
    {
        "opening": "Thực hiện Kế hoạch số 52/KH-UBND ngày 06/3/{Y} của Ủy ban nhân dân huyện, Ủy ban nhân "
        "dân "
        "xã xây dựng Kế hoạch như sau:"
    },
    {
        "opening": [
            "Thực hiện Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ.",
            "Ủy ban nhân dân ban hành Kế hoạch thực hiện năm {Y}, như sau:",
        ]
    },
    {
        "opening": "Thực hiện Nghị quyết của Hội đồng nhân dân xã về nhiệm vụ năm {Y}.\n\nỦy ban nhân dân "
        "xã ban hành Kế hoạch, như sau:"
    },
    {
        "bases": ["Căn cứ tình hình thực tế của địa phương."],
        "opening": "Ủy ban nhân dân xã ban hành Kế hoạch năm {Y} như sau:",
    },
    {},
]

SUMMARIES = [
    "Thực hiện công tác giảm nghèo bền vững năm {Y}",
    "tuyên truyền về giảm nghèo năm {Y} trên địa bàn",
    "Kiểm tra, giám sát thực hiện Chương trình năm {Y}",
]


def _deadline(n: int, year: int, period: bool) -> str:
    if period and n % 2 == 0:
        return PERIOD_DEADLINES[(n // 2) % len(PERIOD_DEADLINES)].format(Y=year, Y2=year + 2)
    return DEADLINES[n % len(DEADLINES)].format(Y=year, Y2=year + 2)


class _Plan:
    def __init__(self, i: int) -> None:
        self.i = i
        self.n = i * 5  # each plan starts at a different deadline form (5: every form is used)
        self.period = i % 5 == 4
        self.year = 2024 + (i % 2)

    def time(self) -> str:
        self.n += 1
        return _deadline(self.n, self.year, self.period)

    def activities(self, projects: bool, depth: int) -> list[dict[str, Any]]:
        i = self.i
        if projects:
            out: list[dict[str, Any]] = [
                {
                    "project": "DA6",
                    "children": [
                        {
                            "project": "DA6.TDA1",
                            "id": "thong-tin",
                            "deadline": self.time(),
                            "lead": "vhxh",
                            "text": [
                                "Hỗ trợ hộ nghèo tiếp cận thông tin, sử dụng dịch vụ viễn thông.",
                                "Nâng cao hiệu quả hoạt động của hệ thống thông tin cơ sở.",
                            ],
                        },
                        {
                            "project": "DA6.TDA2",
                            "id": "truyen-thong",
                            "lead": "dai-truyen-thanh",
                            "partners": ["vhxh", "cac-thon"],
                            "deadline": self.time(),
                            **({"items_title": "Nội dung truyền thông"} if i % 2 else {}),
                            "items": [
                                {
                                    "id": "tin-bai",
                                    "text": "Xây dựng tin, bài về giảm nghèo trên đài truyền thanh xã.",
                                    "deadline": self.time(),
                                    "lead": "dai-truyen-thanh",
                                },
                                "In, cấp phát tờ rơi, treo băng rôn tuyên truyền.",
                                {
                                    "text": "Tổ chức đối thoại chính sách tại các thôn:",
                                    "items": [
                                        "Thôn Đông, thôn Tây trong quý đầu;",
                                        "Các thôn còn lại trong năm.",
                                    ],
                                },
                            ],
                        },
                    ],
                },
                {
                    "project": "DA7",
                    "lead": "vhxh",
                    "children": [
                        {
                            "project": "DA7.TDA2",
                            "children": [
                                {
                                    "id": "giam-sat",
                                    "title": "Chi hoạt động giám sát, đánh giá",
                                    "deadline": self.time(),
                                    "items": [
                                        "Kiểm tra, giám sát việc thực hiện các chính sách giảm nghèo.",
                                        {
                                            "text": "Rà soát hộ nghèo, hộ cận nghèo cuối năm.",
                                            "deadline": self.time(),
                                        },
                                    ],
                                },
                                {
                                    "id": "ra-soat",
                                    "title": "Chi rà soát hộ nghèo, hộ cận nghèo",
                                    "partners": ["cac-thon"],
                                    "text": ["Rà soát theo quy trình, công khai danh sách tại các thôn."],
                                    "deadline": self.time(),
                                },
                            ],
                        },
                    ],
                },
            ]
        else:
            out = [
                {
                    "title": "Tuyên truyền trên đài truyền thanh xã",
                    "id": "dai",
                    "lead": "dai-truyen-thanh",
                    "deadline": self.time(),
                    "text": ["Phát tin, bài về chính sách giảm nghèo mỗi tháng hai lần."],
                },
                {
                    "title": "Tập huấn cho cán bộ thôn",
                    "id": "tap-huan",
                    "lead": "vhxh",
                    "deadline": self.time(),
                    "items": ["Tập huấn kỹ năng rà soát hộ nghèo.", "Tập huấn nghiệp vụ báo cáo."],
                },
            ]
            if depth > 1:
                out.append(
                    {
                        "title": "Kiểm tra, đôn đốc",
                        "lead": "vhxh",
                        "children": [
                            {
                                "title": "Kiểm tra tại các thôn",
                                "id": "kiem-tra",
                                "deadline": self.time(),
                                "partners": ["mttq"],
                                "text": ["Kiểm tra việc triển khai tại các thôn."],
                                "children": [
                                    {
                                        "title": "Báo cáo kết quả kiểm tra",
                                        "id": "bao-cao",
                                        "deadline": self.time(),
                                        "text": ["Báo cáo Ủy ban nhân dân xã."],
                                    }
                                ],
                            },
                        ],
                    }
                )
        return out


def _budget(
    shape: int, activities: list[dict[str, Any]], projects: bool
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    sources = "Ngân sách trung ương giao năm 2025 và ngân sách xã đối ứng"
    custom: dict[str, str] = {}
    if shape == 0:
        return None, custom
    if shape == 1:
        return {"sources": sources}, custom
    if shape == 2:
        return {
            "sources": sources + ".",
            "total": 45_000_000,
            "by_source": {"ngan-sach-xa": 45_000_000},
        }, custom
    if shape == 3:
        return {
            "total": 60_000_000,
            "by_source": {"ngan-sach-trung-uong": 40_000_000, "ngan-sach-xa": 20_000_000},
        }, custom
    if shape == 4:
        custom = {"quy-vi-nguoi-ngheo": "Quỹ Vì người nghèo xã"}
        return {
            "total": 75_000_000,
            "by_source": {
                "ngan-sach-xa": 50_000_000,
                "quy-vi-nguoi-ngheo": 15_000_000,
                "nguoi-dan-dong-gop": 10_000_000,
            },
        }, custom
    keys = ["DA6.TDA1", "DA6.TDA2", "giam-sat"] if projects else ["dai", "tap-huan"]
    if shape == 5:
        lines: dict[str, Any] = {k: 10_000_000 * (n + 1) for n, k in enumerate(keys)}
        return {"sources": sources, "total": sum(lines.values()), "lines": lines}, custom
    if shape == 6:
        lines = {
            keys[0]: {
                "amount": 30_000_000,
                "sources": {"ngan-sach-trung-uong": 25_000_000, "ngan-sach-xa": 5_000_000},
            },
            keys[1]: {"amount": 12_500_000, "of_which": {"ngan-sach-trung-uong": 10_000_000}},
        }
        return {"total": 42_500_000, "lines": lines}, custom
    if shape == 7:
        lines = {keys[0]: 20_000_000, keys[1]: 15_000_000}
        return {
            "sources": sources,
            "total": 35_000_000,
            "by_source": {"ngan-sach-tinh": 25_000_000, "xa-hoi-hoa": 10_000_000},
            "lines": lines,
        }, custom
    # shape 8: triệu đồng with decimals, lines split by source
    lines = {
        keys[0]: {
            "amount": "1.450,5",
            "sources": {"ngan-sach-trung-uong": "1.200", "ngan-sach-tinh": "250,5"},
        },
        keys[1]: {"amount": "980", "sources": {"ngan-sach-trung-uong": "820", "xa-hoi-hoa": "160"}},
    }
    return {
        "unit": "triệu đồng",
        "total": "2.430,5",
        "by_source": {"ngan-sach-trung-uong": "2.020", "ngan-sach-tinh": "250,5", "xa-hoi-hoa": "160"},
        "lines": lines,
    }, custom


BUDGET_SHAPES = 9
# where the leads and partners print (issue 24 part 3): the appendix (default), under the tasks
SHOW_UNITS: list[Any] = [None, "body", None, {"where": "both", "form": "sentence"},
                         {"where": "body", "form": "label"}, None, "both"]
NUMBERINGS: list[dict[str, Any] | None] = [  # numbering as data (issue 24): every style somewhere
    None,
    {"sections": "A.", "levels": ["1.", "a)", "-"]},
    {"sections": "1.", "levels": ["1.", "1.1."]},
    None,
    {"levels": ["a)"], "items": ["+", "-"]},
]


# Tables a plan writes itself (issue 24 part 6), and where: in an activity, in a sub-activity, in a
# section of the plan's own. "{Y}" is the plan's year.
TABLES: list[tuple[str, dict[str, Any]] | None] = [
    None,
    ("activity", {  # targets per year, no money
        "header": ["Chỉ tiêu", "Năm {Y}", "Năm {Y1}"],
        "rows": [["Hộ được nghe tuyên truyền", "85%", "95%"], ["Thôn có loa truyền thanh", 8, 10],
                 ["Tờ rơi cấp phát (tờ)", "1.200", ""]],
    }),
    ("section", {  # money in đồng by column number, a total
        "header": ["Nội dung", "Kinh phí (đồng)", "Ghi chú"],
        "rows": [["Tập huấn cán bộ thôn", 5_000_000, "Hai lớp"], ["In tờ rơi", "2.500.000", ""],
                 ["Hội nghị đối thoại", "12500000", "Tại các thôn (*)"]],
        "money": [2],
        "total": "Tổng cộng",
    }),
    ("child", {  # money in triệu đồng by header, decimals, a total
        "header": ["Thôn", "Số hộ", "Ngân sách tỉnh (triệu đồng)", "Ngân sách xã (triệu đồng)"],
        "rows": [["Thôn Đông", 12, "120,5", "30"], ["Thôn Tây", 9, "90", "22,25"], ["Thôn Nam", 4, "", "8"]],
        "money": ["Ngân sách tỉnh (triệu đồng)", 4],
        "unit": "triệu đồng",
        "total": "Cộng",
    }),
    ("activity", {  # a money column whose header names no unit: right-aligned figures say it
        "header": ["Hoạt động", "Năm {Y}"],
        "rows": [["Phát thanh chuyên mục", "3.000.000"], ["Băng rôn, khẩu hiệu", "1.500.000"]],
        "money": [2],
    }),
    ("section", {  # one row and its total, a cell with emphasis markers printed plain
        "header": ["Nguồn", "Số tiền (đồng)"],
        "rows": [["Quỹ **Vì người nghèo** xã", "15.000.000"]],
        "money": [2],
        "total": "Tổng số",
    }),
]


def _fill(value: Any, year: int) -> Any:
    if isinstance(value, str):
        return value.format(Y=year, Y1=year + 1)
    if isinstance(value, list):
        return [_fill(v, year) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, year) for k, v in value.items()}
    return value


def _first(node: Any, key: str) -> tuple[Any, Any] | None:
    """(container, index or key) of the first string under `key` in document order."""
    if isinstance(node, dict):
        value = node.get(key)
        if isinstance(value, str):
            return node, key
        if isinstance(value, list) and value and isinstance(value[0], str):
            return value, 0
        if isinstance(value, list) and value and isinstance(value[0], dict) and key == "items":
            pass
        for child in node.values():
            if (found := _first(child, key)) is not None:
                return found
    elif isinstance(node, list):
        for child in node:
            if (found := _first(child, key)) is not None:
                return found
    return None


def _mark(text: str, word: int, count: int, marker: str) -> str:
    """`count` words of `text` from word `word` between `marker`s (bold `**`, italic `*`, both)."""
    words = text.split(" ")
    word = min(word, len(words) - count)
    words[word] = marker + words[word]
    words[word + count - 1] += marker
    return " ".join(words)


def _emphasise(data: dict[str, Any], variant: int) -> None:
    """Bold and italic inside sentences (issue 24 part 6), a different place in each variant: a
    task's text and an item; a Căn cứ line (italic, so `*…*` prints upright) and a heading (bold,
    so `**…**` prints plain); a section's text in both, a title in capitals, `\\*` and "(*)";
    the body's last sentence ending bold, a purpose bullet."""
    def at(found: tuple[Any, Any] | None, word: int, count: int, marker: str) -> None:
        if found is not None:
            container, key = found
            container[key] = _mark(container[key], word, count, marker)

    if variant == 1:
        at(_first(data.get("activities"), "text"), 2, 2, "**")
        at(_first(data.get("activities"), "items"), 0, 2, "*")
    elif variant == 2:
        if data.get("bases"):
            at((data["bases"], 0), 2, 3, "*")
        at(_first(data.get("activities"), "title"), 1, 1, "**")
    elif variant == 3:
        for section in data.get("sections", []):
            if section.get("text"):
                at((section["text"], 0), 1, 3, "***")
                section["title"] = _mark(section["title"], 1, 1, "**")
        if isinstance(data.get("opening"), str):
            opening = data["opening"].replace("như sau", "như sau (\\*)")
            data["opening"] = opening.replace("Kế hoạch", "Kế hoạch (*)", 1)
        at(_first(data.get("activities"), "text"), 0, 1, "*")
    elif variant == 4:
        goals = data["purpose"]["goals"]
        if isinstance(goals, list) and goals:
            at((goals, 0), 0, 2, "*")
        last = list(data["organization"])[-1]
        duty = data["organization"][last]
        if isinstance(duty, str):
            data["organization"][last] = duty.rstrip(".") + " **đúng hạn.**"


EMPHASES = 5


def _place_table(data: dict[str, Any], where: str, table: dict[str, Any]) -> None:
    if where == "section":
        for section in data.get("sections", []):
            if "use" not in section:
                section["table"] = table
                return
        where = "activity"  # no section of the plan's own: the first task's
    activity = data["activities"][0]
    if where == "child":
        activity = (activity.get("children") or [activity])[0]
    keys = list(activity)
    at = keys.index("text") + 1 if "text" in keys else len([k for k in keys if k in (
        "project", "id", "title", "lead", "partners", "deadline")])
    items = list(activity.items())
    items.insert(at, ("table", table))
    activity.clear()
    activity.update(items)


def plan(i: int) -> dict[str, Any]:
    """The i-th generated plan, as data in the plan file's key order."""
    p = _Plan(i)
    Y = p.year
    issuer = ISSUERS[i % len(ISSUERS)]
    projects = i % 3 != 2
    doc = dict(issuer["document"])
    doc["number"] = [None, 5, 123, 1024][i % 4]
    # the issue date: in full, blank (not signed yet), or printed with its day left blank
    dates: list[Any] = [date(Y, 2, 15), date(Y, 2, 15), f"tháng 2/{Y}", date(Y, 2, 15), f"năm {Y - 1}", None]
    doc["date"] = dates[i % 6]
    summary = SUMMARIES[i % len(SUMMARIES)].format(Y=Y)
    if p.period:
        summary = summary.replace(f"năm {Y}", f"giai đoạn {Y}-{Y + 2}")
    doc["summary"] = summary
    data: dict[str, Any] = {"kehoach": 1, "document": doc}
    data.update({"period": f"{Y}-{Y + 2}"} if p.period else {"year": Y})
    if projects:
        data["programme"] = "giam-ngheo-2021-2025"
        if p.period or Y > 2025:
            data.pop("programme")
            projects = False
    pre = PREAMBLES[i % len(PREAMBLES)]
    for key, value in pre.items():
        data[key] = [v.format(Y=Y) for v in value] if isinstance(value, list) else value.format(Y=Y)
    data["units"] = dict(UNITS)
    activities = p.activities(projects, depth=1 + i % 3)
    purpose_shape = i % 4
    goals: Any = [
        "Nâng cao nhận thức của người dân về giảm nghèo bền vững.",
        "Huy động nguồn lực xã hội cho công tác giảm nghèo.",
    ]
    if i % 5 == 1:  # a bullet with bullets under it
        goals.append({"text": "Nâng cao năng lực cho đội ngũ làm công tác giảm nghèo:",
                      "items": ["cán bộ cấp xã;", "cán bộ thôn, tổ dân phố."]})
    requirements: Any = ["Triển khai đúng đối tượng, đúng thời gian.", "Báo cáo kết quả đúng quy định."]
    if purpose_shape == 1:
        requirements = []
    elif purpose_shape == 2:
        goals = "Hỗ trợ hộ nghèo vươn lên thoát nghèo bền vững.\n\nKhông để hộ nào tái nghèo."
    elif purpose_shape == 3:
        goals = []
        requirements = "Các đơn vị phối hợp chặt chẽ, báo cáo kịp thời."
    own_sections = i % 4 == 3
    if own_sections:
        data["sections"] = [
            {
                "title": "Mục tiêu",
                "text": ["Giảm tỷ lệ hộ nghèo bình quân 1% mỗi năm."],
                "items": [
                    "Không để phát sinh hộ nghèo mới do thiếu thông tin.",
                    {"text": "Hoàn thành rà soát đúng hạn.", "deadline": p.time(), "lead": "vhxh"},
                ],
                "children": [
                    {"title": "Chỉ tiêu cụ thể", "items": ["100% thôn có loa truyền thanh."]},
                    # a numbered paragraph, no heading: its first paragraph carries the number
                    {"text": ["Giảm số hộ cận nghèo so với đầu năm, hạn chế phát sinh hộ nghèo mới.",
                              "Phấn đấu không có hộ tái nghèo trong năm."]},
                ],
                **({"numbering": ["a)", "-"]} if i % 8 == 7 else {}),
            },
            {"use": "activities", "title": "Nhiệm vụ và giải pháp"},
            {"use": "budget"},
            {
                "title": "Chế độ báo cáo",
                "items": [
                    {
                        "id": "bao-cao-quy",
                        "text": "Báo cáo tiến độ thực hiện hằng quý.",
                        "deadline": "định kỳ hằng quý",
                        "lead": "vhxh",
                    }
                ],
            },
            {"use": "organization"},
            {"use": "purpose", "title": "Yêu cầu"} if purpose_shape == 3 else {"use": "purpose"},
        ]
    data["purpose"] = {"goals": goals, "requirements": requirements}
    data["activities"] = activities
    budget, custom = _budget(i % BUDGET_SHAPES, activities, projects)
    if custom:
        data["funding_sources"] = custom
    if budget is not None:
        data["budget"] = budget
    elif own_sections:
        data["sections"] = [s for s in data["sections"] if s.get("use") != "budget"]
    data["organization"] = {
        "vhxh": ["Chủ trì triển khai Kế hoạch; tổng hợp, báo cáo kết quả.", "Hướng dẫn các thôn thực hiện."]
        if i % 2 else [{"text": "Chủ trì tham mưu Ủy ban nhân dân xã:", "items": [
            "Xây dựng kế hoạch chi tiết;", "Tổng hợp, báo cáo kết quả."]}, "Hướng dẫn các thôn thực hiện."],
        "dai-truyen-thanh": "Xây dựng chuyên mục giảm nghèo trên đài truyền thanh xã.",
        "tckt": ["Tham mưu bố trí kinh phí; hướng dẫn thanh toán, quyết toán."],
        "cac-thon": "Phối hợp rà soát, tuyên truyền tại thôn.\n\nBáo cáo kết quả về Ủy ban nhân dân xã.",
    }
    show = SHOW_UNITS[i % len(SHOW_UNITS)]
    if show is not None:
        data["show_units"] = show
    numbering = NUMBERINGS[i % len(NUMBERINGS)]
    if numbering:
        data["numbering"] = numbering
    data["recipients"] = ["UBND huyện (b/c)", "Đảng ủy xã", "Các thôn"][: 1 + i % 3]
    data["archive"] = ["VT", "VHXH"] if i % 2 else ["VT"]
    data["signer"] = dict(issuer["signer"])
    if (table := TABLES[i % len(TABLES)]) is not None:
        _place_table(data, table[0], _fill(table[1], Y))
    _emphasise(data, i % EMPHASES)
    if i % 3 == 0:
        data["appendices"] = [
            {"use": "tasks"} if i % 2 else {"use": "tasks", "title": "Bảng phân công nhiệm vụ"}
        ]
    return data


def plan_text(i: int) -> str:
    return yaml.safe_dump(plan(i), allow_unicode=True, sort_keys=False, width=100)


COUNT = 24  # plans: every dimension's every variant at least twice
