"""Property-based render tests (hypothesis): for any valid plan generated from the model's shape,
`render` writes a .docx that python-docx opens and whose text holds every text of the plan exactly
as typed (NFC), markup-looking characters included; the Markdown and HTML likewise.

The generator builds plans that are valid by construction (units referenced exist, ids are unique,
project codes sit under their parents, deadlines fall in the plan year and not before its date,
budget lines add up). If `check_plan` reports an error, the generator is wrong, not the code.
"""

from __future__ import annotations

import itertools
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.dom import minidom

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kehoach
from kehoach.money import amount_in_words
from kehoach.render.api import render_checked
from kehoach.validate import check_plan
from readback import docx_paragraphs, html_blocks

# ---------------------------------------------------------------------------------------------
# Text: Vietnamese letters with every tone mark, đ/Đ, and characters that look like markup.

_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang, huyền, sắc, hỏi, ngã, nặng
_VOWELS = "aăâeêioôơuưy"
VOWELS = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES]
VOWELS += [v.upper() for v in VOWELS]
CONSONANTS = list("bcdghklmnpqrstvx") + list("BCDGHKLMNPQRSTVX") + ["đ", "Đ"]
LETTERS = VOWELS + CONSONANTS
# Real words so that every example has well-formed Vietnamese next to the random syllables.
WORDS = ["Nguyễn", "Đường", "thực hiện", "hỗ trợ", "kỹ năng", "quý", "giảm nghèo", "Ủy ban", "đặc biệt",
         "xã hội", "ưu tiên", "mười lăm", "tuyên truyền", "Đắk Lắk", "thị xã", "hộ nghèo"]
MARKUP = ["&", "<", ">", '"', "'", "{{", "}}", "{%", "%}", "{#", "#}", "<w:p>", "</w:t>", "&amp;",
          "&lt;", "]]>", "{{ x }}", "{% if %}", "<b>", "*", "_", "#"]

syllables = st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=7)
numbers = st.integers(min_value=0, max_value=10**6).map(str)
words = st.one_of(syllables, syllables, st.sampled_from(WORDS), st.sampled_from(MARKUP), numbers)
_MID_PUNCT = st.sampled_from(["", "", "", ",", ";", ":", ".", " -"])


@st.composite
def texts(draw, capital: bool = False, max_words: int = 8) -> str:
    """One text as a clerk types it: words, single spaces, NFC, no stray punctuation at its end
    (the renderer adds the end punctuation of bases and recipients itself)."""
    first = draw(st.one_of(syllables, st.sampled_from(WORDS)))
    if capital:
        first = first[:1].upper() + first[1:]
    rest = draw(st.lists(words, max_size=max_words - 1))
    out = [first]
    for word in rest:
        out[-1] += draw(_MID_PUNCT)
        out.append(word)
    if out[-1].endswith((";", ":", ",", ".")):  # `&amp;` last: a recipient may not end in ";"
        out.append(draw(syllables))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# Plans

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
CATALOGUE_FILE = Path(kehoach.__file__).parent / "catalogues" / "giam-ngheo-2021-2025.yaml"
# Read directly: project code → its sub-project codes.
PROJECTS: dict[str, list[str]] = {
    code: list((entry or {}).get("children", {}) or {})
    for code, entry in yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))["projects"].items()
}
unit_ids = st.from_regex(r"[a-z]{1,8}(-[a-z]{1,5})?", fullmatch=True)  # no digits: ids of work have them


@dataclass
class Expect:
    """What the rendered document must show: texts as typed, and texts printed in capitals."""

    typed: list[str] = field(default_factory=list)
    upper: list[str] = field(default_factory=list)


def deadlines(issued: date) -> st.SearchStrategy[Any]:
    """A deadline in the plan's year, not before the plan's date, in every form officials write."""
    year = issued.year
    first_quarter = (issued.month - 1) // 3 + 1
    return st.one_of(
        st.integers(first_quarter, 4).flatmap(lambda q: st.sampled_from(
            [f"Q{q}/{year}", f"quý {ROMAN[q]}/{year}", f"Quý {ROMAN[q]}/{year}"])),
        st.integers(issued.month, 12).flatmap(lambda m: st.sampled_from([f"{m}/{year}", f"{m:02d}/{year}"])),
        st.dates(issued, date(year, 12, 31)).flatmap(
            lambda d: st.sampled_from([d, d.strftime("%d/%m/%Y")])),
    )


@st.composite
def plans(draw) -> tuple[dict[str, Any], Expect]:
    expect = Expect()
    counter = itertools.count(1)

    def text(capital: bool = False, max_words: int = 8) -> str:
        value = draw(texts(capital=capital, max_words=max_words))
        expect.typed.append(value)
        return value

    year = draw(st.integers(2021, 2025))
    issued = draw(st.dates(date(year, 1, 1), date(year, 12, 31)))
    when = deadlines(issued)

    units: dict[str, str] = {u: text() for u in draw(st.lists(unit_ids, min_size=1, max_size=4, unique=True))}
    unit = st.sampled_from(sorted(units))
    partners = st.lists(unit, unique=True, max_size=3)

    def tracking(entry: dict[str, Any]) -> None:
        if draw(st.booleans()):
            entry["id"] = f"{draw(st.sampled_from(['nv', 'viec', 'hd']))}-{next(counter)}"
        if draw(st.booleans()):
            entry["lead"] = draw(unit)
        if draw(st.booleans()):
            entry["partners"] = draw(partners)
        if draw(st.booleans()):
            entry["deadline"] = draw(when)

    def item(level: int) -> Any:
        if draw(st.integers(0, 3)) == 0:
            return text()  # a plain string is an item too
        entry: dict[str, Any] = {"text": text()}
        tracking(entry)
        if level == 0 and draw(st.integers(0, 3)) == 0:
            entry["items"] = [item(1) for _ in range(draw(st.integers(1, 2)))]
        return entry

    def activity(project: str | None, depth: int) -> dict[str, Any]:
        entry: dict[str, Any] = {"project": project} if project else {"title": text()}
        tracking(entry)
        if draw(st.booleans()):
            entry["text"] = [text(max_words=12) for _ in range(draw(st.integers(1, 2)))]
        if draw(st.booleans()):
            if draw(st.booleans()):
                entry["items_title"] = text()
            entry["items"] = [item(0) for _ in range(draw(st.integers(1, 3)))]
        children = []
        if project in PROJECTS:  # a project: some of its sub-projects, under it
            subs = draw(st.lists(st.sampled_from(PROJECTS[project]), unique=True, max_size=2)
                        if PROJECTS[project] else st.just([]))
            children += [activity(sub, depth + 1) for sub in subs]
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            children += [activity(None, depth + 1) for _ in range(draw(st.integers(1, 2)))]
        if children:
            entry["children"] = children
        if not (entry.get("text") or entry.get("items") or children):
            entry["text"] = [text()]
        return entry

    top = draw(st.lists(st.sampled_from(sorted(PROJECTS)), unique=True, max_size=3))
    activities = [activity(code, 0) for code in top]
    activities += [activity(None, 0) for _ in range(draw(st.integers(0 if top else 1, 2)))]
    used = [a["project"] for a in _all_activities(activities) if "project" in a]

    plan: dict[str, Any] = {"kehoach": 1}
    place = draw(texts(capital=True, max_words=3))
    expect.typed.append(f"{place}, ngày")
    prefix = draw(st.sampled_from(["Ủy ban nhân dân", "Uỷ ban nhân dân"]))
    # A name wider than the header's column is wrapped between phrases (kehoach.agency): each word
    # is printed, not necessarily on one line.
    expect.upper += [*prefix.split(), *f"xã {place}".split()]
    document: dict[str, Any] = {}
    if draw(st.booleans()):
        parent = draw(texts(capital=True, max_words=3))
        document["parent"] = f"Ủy ban nhân dân huyện {parent}"
        expect.upper += f"huyện {parent}".split()
    code = draw(st.sampled_from(["UBND", "UBND-VHXH", "PVHXH", "UBND2"]))
    expect.typed.append(f"/KH-{code}")
    document.update({
        "issuer": f"{prefix} xã {place}",
        "issuer_code": code,
        "number": draw(st.none() | st.integers(1, 999)),
        "place": place,
        "date": issued,
        "summary": text(capital=True, max_words=12),
    })
    plan.update({"document": document, "year": year, "programme": "giam-ngheo-2021-2025"})
    if draw(st.booleans()):
        plan["bases"] = [text(max_words=12) for _ in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        plan["opening"] = text(max_words=20)
    plan["units"] = units
    plan["purpose"] = {
        "goals": [text(max_words=15) for _ in range(draw(st.integers(1, 3)))],
        "requirements": [text(max_words=15) for _ in range(draw(st.integers(1, 3)))],
    }
    plan["activities"] = activities

    if used and draw(st.integers(0, 3)):
        keys = draw(st.lists(st.sampled_from(used), unique=True, min_size=1))
        lines: dict[str, Any] = {}
        for key in keys:
            amount = draw(st.integers(1, 10**12))
            shown = draw(st.sampled_from([amount, f"{amount:,}".replace(",", ".")]))
            if amount > 1 and draw(st.integers(0, 3)) == 0:
                central = draw(st.integers(1, amount - 1))
                split = {"ngan-sach-trung-uong": central, "ngan-sach-dia-phuong": amount - central}
                lines[key] = {"amount": shown, "sources": split}
            else:
                lines[key] = shown
        total = sum(_amount(v) for v in lines.values())
        budget: dict[str, Any] = {}
        if draw(st.booleans()):
            budget["sources"] = text(max_words=12)
        budget["total"] = total
        if draw(st.booleans()):
            budget["total_in_words"] = amount_in_words(total)
        budget["lines"] = lines
        plan["budget"] = budget
        expect.typed.append(f"{total:,} đồng".replace(",", "."))

    plan["organization"] = {
        u: (text(max_words=15) if draw(st.booleans())
            else [text(max_words=15) for _ in range(draw(st.integers(1, 2)))])
        for u in draw(st.permutations(sorted(units)))
    }
    plan["recipients"] = [text(max_words=5) for _ in range(draw(st.integers(1, 3)))]
    archive = ["VT", *draw(st.lists(st.sampled_from(["VHXH", "TCKT", "VP"]), unique=True, max_size=2))]
    plan["archive"] = archive
    expect.typed.append(f"- Lưu: {', '.join(archive)}.")

    authority = draw(st.sampled_from([None, "TM", "KT", "Q", "TL", "TUQ"]))
    signer: dict[str, Any] = {}
    if authority:
        signer["authority"] = authority
    title = draw(st.sampled_from(["Chủ tịch", "Phó Chủ tịch"]) | texts(capital=True, max_words=3))
    if authority in ("KT", "Q", "TL", "TUQ") and draw(st.booleans()):
        heads = st.sampled_from(["Chủ tịch", "Trưởng ban"]) | texts(capital=True, max_words=3)
        signer["head_title"] = draw(heads)
        expect.upper.append(f"{authority}. {signer['head_title']}")
    head = signer.get("head_title", "Chủ tịch")
    if authority == "KT" and title.casefold() == head.casefold():
        title = f"Phó {title}"  # the one who signs for the head is a deputy
    signer["title"] = title
    expect.upper.append(title)
    if authority in ("TM", "KT", "Q") and draw(st.booleans()):  # TL., TUQ. sign by order, not as "TM."
        signer["collective"] = draw(texts(capital=True, max_words=4))
        expect.upper.append(f"TM. {signer['collective']}")
    signer["name"] = text(capital=True, max_words=4)
    plan["signer"] = signer
    return plan, expect


def _all_activities(entries: list[dict[str, Any]]):
    for entry in entries:
        yield entry
        yield from _all_activities(entry.get("children", []))


def _amount(line: Any) -> int:
    value = line["amount"] if isinstance(line, dict) else line
    return value if isinstance(value, int) else int(value.replace(".", ""))


# ---------------------------------------------------------------------------------------------
# Reading the outputs back, independently of the renderer


def missing(expected: Expect, blocks: list[str]) -> list[str]:
    """Expected texts that no single block (paragraph, line, element) contains."""
    wanted = [*expected.typed, *(t.upper() for t in expected.upper)]
    return [w for w in wanted if not any(w in b for b in blocks)]


def assert_rendered(folder: Path, stem: str, expected: Expect) -> None:
    """The .docx, .md and .html of `stem` in `folder` show every expected text literally."""
    path = folder / f"{stem}.docx"
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                minidom.parseString(archive.read(name))  # every part, word/document.xml first of all
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<w:p>" not in body.replace("<w:p><w:pPr>", "")  # no paragraph opened by the plan's text
    paragraphs = docx_paragraphs(path)
    assert not (lost := missing(expected, paragraphs)), f"not in the .docx: {lost}"
    assert all(unicodedata.is_normalized("NFC", p) for p in paragraphs)

    md = (folder / f"{stem}.md").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", md)
    assert not (lost := missing(expected, md.splitlines())), f"not in the Markdown: {lost}"

    blocks = html_blocks((folder / f"{stem}.html").read_text(encoding="utf-8"))
    assert not (lost := missing(expected, blocks)), f"not in the HTML: {lost}"


def render_all(plan: Path, out: Path) -> None:
    checked = check_plan(plan)
    assert not checked.errors, [(d.code, d.message, d.line) for d in checked.errors]
    written = render_checked(checked, ("docx", "html", "md"), out, None, draft=False)
    assert sorted(w.format for w in written) == ["docx", "html", "md"]


# ---------------------------------------------------------------------------------------------
# The properties

_settings = settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.data_too_large])


@_settings
@given(plans(), st.booleans())
def test_any_valid_plan_renders_every_text_literally(tmp_path_factory, generated, nfd) -> None:
    data, expected = generated
    folder = tmp_path_factory.mktemp("plan")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if nfd:  # as saved on macOS or pasted from a PDF: decomposed; the output is NFC all the same
        text = unicodedata.normalize("NFD", text)
    plan = folder / "kehoach.yaml"
    plan.write_text(text, encoding="utf-8")
    before = plan.read_bytes()
    render_all(plan, folder / "out")
    assert_rendered(folder / "out", "kehoach", expected)
    assert plan.read_bytes() == before


ALL_LETTERS_TEXT = " ".join(["".join(VOWELS[i:i + 6]) for i in range(0, len(VOWELS), 6)] + ["đĐ", *MARKUP])


def test_every_tone_and_markup_character_survives(tmp_path) -> None:
    """The same check on a fixed text holding every toned vowel, đ/Đ and every markup token, in
    every field that is printed as typed; so a run never depends on what hypothesis drew."""
    from render_plans import MINIMAL

    data = yaml.safe_load(MINIMAL)
    t = ALL_LETTERS_TEXT
    data["purpose"] = {"goals": [t], "requirements": [f"Yêu cầu {t}"]}
    data["activities"][0].update({"title": f"Tiêu đề {t}", "text": [f"Đoạn {t}"], "items": [f"Ý {t}"]})
    data["organization"] = {"vhxh": [f"Nhiệm vụ {t}"]}
    data["units"]["vhxh"] = f"Đơn vị {t}"
    data["recipients"] = [f"Nơi nhận {t}"]
    data["signer"]["name"] = f"Người ký {t}"
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    render_all(tmp_path / "p.yaml", tmp_path / "out")
    expected = Expect(typed=[t, f"Yêu cầu {t}", f"Tiêu đề {t}", f"Đoạn {t}", f"Ý {t}", f"Nhiệm vụ {t}",
                             f"Đơn vị {t}", f"Nơi nhận {t}", f"Người ký {t}"])
    assert_rendered(tmp_path / "out", "p", expected)
    assert all(ch in ALL_LETTERS_TEXT for ch in ("ặ", "ỡ", "ự", "Ỹ", "ẩ", "đ", "Đ", "<w:p>", "{% if %}"))


@pytest.mark.parametrize("broken", ["lost", "escaped-twice"])
def test_the_check_notices_lost_or_mangled_text(tmp_path, broken) -> None:
    """`missing` is not trivially empty: a dropped or double-escaped text is reported."""
    expected = Expect(typed=["Hỗ trợ & <w:p> {{ x }}"])
    blocks = ["Hỗ trợ &amp; <w:p> {{ x }}"] if broken == "escaped-twice" else ["Hỗ trợ"]
    assert missing(expected, blocks) == ["Hỗ trợ & <w:p> {{ x }}"]
