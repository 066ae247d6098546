"""Every `kehoach` command: its name, the module that holds it, its one-line help; and the group
that imports a command's module only when that command runs (pip's `commands_dict`).

`kehoach validate` pays for the validate module alone: typer builds a command's options (through
pydantic, in typer ≥ 0.2x) only for the command that runs, and `kehoach --help` lists every
command from this table without importing any of them. A test checks that each line's help is the
first paragraph of its command's docstring, as click would shorten it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import typer
from typer.core import TyperGroup

from kehoach import clihelp

try:  # typer ≥ 0.2x vendors click; earlier releases use click itself
    from typer._click.utils import make_default_short_help
except ImportError:  # pragma: no cover - depends on the typer release
    from click.utils import make_default_short_help  # type: ignore[no-redef]


class Entry(NamedTuple):
    module: str  # holds `app`, a typer.Typer with this one command (see command_app)
    help: str  # the first paragraph of the command's docstring: `kehoach --help` lists it


# In the order `kehoach --help` lists them.
COMMANDS: dict[str, Entry] = {
    "validate": Entry("kehoach.cli.validate", "Kiểm tra kế hoạch: cấu trúc, kinh phí, số tiền bằng chữ, "
                      "thời hạn, mã đơn vị và dự án."),
    "words": Entry("kehoach.cli.words", "In số tiền bằng chữ: `kehoach words 13000000` → Mười ba triệu "
                   "đồng."),
    "schema": Entry("kehoach.cli.schema", "In JSON Schema của tệp kế hoạch (cho trình soạn thảo: gợi ý và "
                    "kiểm tra khi gõ)."),
    "rules": Entry("kehoach.cli.rules", "Liệt kê mọi mã lỗi của `kehoach validate` với giải thích và "
                   "ví dụ."),
    "render": Entry("kehoach.cli.render", "Kết xuất văn bản kế hoạch theo Nghị định 30/2020/NĐ-CP: Word "
                    "(.docx), HTML, Markdown, PDF."),
    "tasks": Entry("kehoach.cli.tasks", "Nhiệm vụ của từng đơn vị: việc chủ trì, việc phối hợp và nhiệm vụ ở "
                   "mục Tổ chức thực hiện, theo thứ tự trong văn bản, với số mục như trong văn bản, thời hạn "
                   "(của mục hoặc mục cha) và dòng kinh phí."),
    "progress": Entry("kehoach.cli.progress", "Tiến độ tính đến một ngày: tình trạng từng nhiệm vụ và số đã "
                      "chi của từng dòng kinh phí."),
    "report": Entry("kehoach.cli.report", "Báo cáo kết quả thực hiện kế hoạch (BÁO CÁO, ký hiệu BC-…) theo "
                    "Nghị định 30/2020/NĐ-CP."),
    "new": Entry("kehoach.cli.new", "Tạo kế hoạch năm sau từ kế hoạch này: đổi năm, dời mọi thời hạn sang "
                 "năm mới (giữ cách ghi), để trống số và ngày văn bản, giữ nguyên chú thích và thứ tự trong "
                 "tệp; rồi kiểm tra kế hoạch mới và liệt kê những chỗ cần người xem lại (căn cứ, câu nhắc "
                 "năm cũ, kinh phí, chương trình đã hết giai đoạn)."),
    "import": Entry("kehoach.cli.importdoc", "Nhập kế hoạch từ văn bản Word thành tệp kế hoạch: tiêu "
                    "đề, số, ngày, trích yếu, căn cứ, các mục và số thứ tự, thời hạn, đơn vị, kinh phí, nơi "
                    "nhận, người ký, phụ lục phân công; rồi kiểm tra tệp và liệt kê những chỗ cần người xem "
                    "lại (mỗi chỗ ghi `# XEM LẠI` trong tệp)."),
    "summary": Entry("kehoach.cli.summary", "Tổng hợp nhiều kế hoạch trong một bảng: mỗi kế hoạch một dòng "
                     "(cơ quan, năm, tổng kinh phí, kinh phí từng dự án, tiểu dự án, đã chi, số nhiệm vụ "
                     "theo tình trạng), một dòng tổng."),
    "sign": Entry("kehoach.cli.sign", "Ký số PDF do kehoach kết xuất theo Nghị định 30/2020/NĐ-CP: chữ ký "
                  "người có thẩm quyền, chữ ký cơ quan."),
    "verify": Entry("kehoach.cli.verify", "Kiểm tra chữ ký số trong PDF: ai ký, khi nào, văn bản có bị sửa "
                    "sau khi ký, chuỗi chứng thư có tới gốc tin cậy."),
    "serve": Entry("kehoach.cli.serve", "Trang web trên máy mình cho các kế hoạch trong một thư mục: danh "
                   "sách, văn bản tự cập nhật khi lưu tệp (lỗi hiện trên trang), tiến độ, ghi tiến độ, tổng "
                   "hợp, dự thảo báo cáo."),
}


def command_app() -> typer.Typer:
    """The Typer a command module registers its one command on (`app = command_app()`), with the
    settings the root app gives its own help: plain text, no completion, no pretty tracebacks."""
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


def load(entry: Entry) -> Any:
    """The click command of a table entry: its module imported, its options built, now."""
    command = typer.main.get_command(importlib.import_module(entry.module).app)
    clihelp.adopt(command)  # help pages in Vietnamese, frame included
    return command


class LazyCommands(Mapping[str, Any]):
    """The group's commands by name, each built on first use: listing names or checking one
    exists imports nothing."""

    def __init__(self, table: Mapping[str, Entry], eager: Mapping[str, Any]) -> None:
        self.table = table
        self.built: dict[str, Any] = dict(eager)  # commands registered on the root app itself

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            self.built[name] = load(self.table[name])  # KeyError: no such command
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.table
        yield from (name for name in self.built if name not in self.table)

    def __len__(self) -> int:
        return len(self.table) + sum(name not in self.table for name in self.built)

    def __contains__(self, name: object) -> bool:
        return name in self.table or name in self.built


class _Listed:
    """A command as `kehoach --help` lists it: its name and one-line help, nothing imported."""

    hidden = False
    deprecated = False

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text

    def get_short_help_str(self, limit: int = 80) -> str:  # --help passes its own; Tab takes this
        return make_default_short_help(self.text, limit)  # as click shortens a command's help


class LazyGroup(TyperGroup):
    """A typer group whose commands come from COMMANDS, imported when one runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            clihelp.adopt(command)
        self.commands = LazyCommands(COMMANDS, self.commands)
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # names only: typer's own would build every command

    def get_command(self, ctx: Any, name: str) -> Any:
        if self._listing and name in COMMANDS and name not in self.commands.built:  # type: ignore[attr-defined]
            return _Listed(name, COMMANDS[name].help)
        return self.commands.get(name)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Tab after `kehoach`: the names and one-line help from the table, no command built."""
        self._listing = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            self._listing = False

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """typer's own listing, fed the table's one-line help instead of built commands."""
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False
