"""Rules on the tables a plan writes itself (`table:`): every row as wide as the header, money
columns that name a column and hold amounts."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach.model import Plan
from kehoach.money import MoneyError
from kehoach.plantables import amount, columns, tables
from kehoach.rules.base import Context, Problem, rule


@rule("KH523", "table-row-width")
def rows_as_wide_as_the_header(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """Mỗi hàng của bảng có đúng số ô của hàng tiêu đề; ô không có gì viết `""`.

    Sai:
        table:
          header: [Chỉ tiêu, Năm 2024, Năm 2025]
          rows:
            - [Hồ sơ trực tuyến toàn trình, 80%]

    Đúng:
        table:
          header: [Chỉ tiêu, Năm 2024, Năm 2025]
          rows:
            - [Hồ sơ trực tuyến toàn trình, 80%, 100%]
    """
    for path, table in tables(plan):
        width = len(table.header)
        for i, row in enumerate(table.rows):
            if len(row) != width:
                yield Problem((*path, "rows", i),
                              f"Hàng {i + 1} của bảng có {len(row)} ô, hàng tiêu đề có {width} cột.",
                              f"Ghi đủ {width} ô theo thứ tự các cột ({', '.join(table.header)}); ô "
                              "không có gì thì ghi \"\".")


@rule("KH524", "table-money")
def money_columns_hold_amounts(plan: Plan, ctx: Context) -> Iterator[Problem]:
    """`money` chỉ các cột có trong bảng (số thứ tự từ 1, hoặc tên cột), mỗi ô của cột đó là một số
    tiền viết như mọi số tiền của kế hoạch (theo `unit` của bảng); `total` cần ít nhất một cột số
    tiền để cộng.

    Sai:
        table:
          header: [Nội dung, Kinh phí (đồng)]
          rows: [[Tập huấn, 5.000]]
          money: [3]

    Đúng:
        table:
          header: [Nội dung, Kinh phí (đồng)]
          rows: [[Tập huấn, 5_000_000]]
          money: [2]
    """
    for path, table in tables(plan):
        found = columns(table)
        for i in found.unknown:
            yield Problem((*path, "money", i),
                          f"Cột `{table.money[i]}` không có trong bảng ({len(table.header)} cột: "
                          f"{', '.join(table.header)}).",
                          "Ghi số thứ tự cột (1 là cột đầu) hoặc đúng tên cột trong `header`.")
        if table.total is not None and not found.money and not found.unknown:
            yield Problem((*path, "total"), "Bảng có dòng tổng (`total`) nhưng không có cột số tiền nào "
                          "để cộng.", "Ghi các cột số tiền vào `money:`, hoặc bỏ `total`.")
        for r, row in enumerate(table.rows):
            for column in found.money:
                if column >= len(row):
                    continue
                try:
                    amount(row[column], table.unit)
                except MoneyError as exc:
                    yield Problem((*path, "rows", r, column),
                                  f"Ô “{row[column]}” ở cột “{table.header[column]}” không phải số tiền: "
                                  f"{exc}",
                                  f"Viết số tiền bằng {table.unit}: 5_000_000 hoặc \"5.000.000\""
                                  + (" (số lẻ sau dấu phẩy: \"1.234,5\")" if table.unit != "đồng" else "")
                                  + "; ô không có số tiền thì để \"\".")
