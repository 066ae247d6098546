"""A Word table in the body → the plan format's `table` (kehoach.docximport.tables): the header
(one row, or two with a spread cell), money columns by their header or by right-aligned amounts,
the unit from the header or a "Đơn vị tính" line, a total row that adds up becomes `total`, one
that does not is kept as written and reported."""

from __future__ import annotations

import pytest

from kehoach.docximport.read import Para, Table
from kehoach.docximport.tables import read_table, unit_line, unit_of

_counter = iter(range(1000, 100000))


def table(rows, align=None, spans=None):
    """A read.Table from rows of cell texts (None: a cell merged from above, shown empty);
    `align`: {column: "right"} for the cells under the header."""
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if text is None:
                cells.append(())
                continue
            where = (align or {}).get(c, "") if r else "center"
            cells.append((Para(next(_counter), text, align=where, where="table"),))
        out.append(tuple(cells))
    return Table(out[0][0][0].index if out[0][0] else 1, tuple(out),
                 spans=tuple(tuple(s) for s in spans) if spans else ())


def test_a_targets_table_has_no_money():
    read = read_table(table([["Chỉ tiêu", "Năm 2024", "Năm 2025"],
                             ["Hồ sơ trực tuyến", "50%", "80%"],
                             ["Thôn có loa", "8", "10"]], align={1: "right", 2: "right"}))
    assert read.data == {"header": ["Chỉ tiêu", "Năm 2024", "Năm 2025"],
                         "rows": [["Hồ sơ trực tuyến", "50%", "80%"], ["Thôn có loa", "8", "10"]]}
    assert read.notes == []


def test_money_by_its_header_with_a_total_that_adds_up():
    read = read_table(table([["Nội dung", "Kinh phí (đồng)", "Ghi chú"],
                             ["Tập huấn", "5.000.000", "Hai lớp"],
                             ["In tờ rơi", "2.500.000 đồng", ""],
                             ["Tổng cộng", "7.500.000", ""]]))
    assert read.data == {"header": ["Nội dung", "Kinh phí (đồng)", "Ghi chú"],
                         "rows": [["Tập huấn", "5.000.000", "Hai lớp"], ["In tờ rơi", "2.500.000 đồng", ""]],
                         "money": [2], "total": "Tổng cộng"}


def test_a_total_that_does_not_add_up_is_kept_as_written_and_reported():
    rows = [["Nội dung", "Kinh phí (triệu đồng)"], ["Tập huấn", "12,5"], ["Số hóa", "40"],
            ["Tổng cộng", "53"]]
    read = read_table(table(rows))
    assert read.data["rows"][-1] == ["Tổng cộng", "53"]  # not corrected to 52,5
    assert read.data["unit"] == "triệu đồng" and "total" not in read.data
    (note,) = read.notes
    assert "“53”" in note[1] and "52,5" in note[1] and "không sửa số" in note[1]


def test_the_unit_from_a_line_above_and_figures_right_aligned():
    rows = [["STT", "Nội dung", "Năm 2025"], ["1", "Tập huấn", "10"], ["2", "Số hóa", "25,5"]]
    read = read_table(table(rows, align={0: "right", 2: "right"}), "Đơn vị tính: triệu đồng")
    assert read.data["money"] == [3] and read.data["unit"] == "triệu đồng"  # STT is no money


def test_right_aligned_counts_are_not_money_amounts_are():
    counts = read_table(table([["Thôn", "Số hộ"], ["Thôn 1", "120"], ["Thôn 2", "95"]], align={1: "right"}))
    assert "money" not in counts.data
    amounts = read_table(table([["Hoạt động", "Năm 2025"], ["Phát thanh", "3.000.000"],
                                ["Băng rôn", "1.500.000"]], align={1: "right"}))
    assert amounts.data["money"] == [2]
    assert any("không ghi đơn vị" in message for _, message in amounts.notes)  # đồng, said


def test_a_header_that_names_money_over_cells_that_are_not():
    read = read_table(table([["Nội dung", "Nguồn kinh phí"], ["Tập huấn", "Ngân sách xã"]]))
    assert "money" not in read.data
    assert any("không đọc được là số tiền" in message for _, message in read.notes)


def test_words_with_dong_in_them_are_no_unit():
    assert unit_of("Hoạt động") is None and unit_of("Lao động") is None
    assert unit_of("Kinh phí (đồng)") == "đồng" and unit_of("Số tiền (đ)") == "đồng"
    assert unit_of("Thành tiền (VNĐ)") == "đồng" and unit_of("Kinh phí (tr.đ)") == "triệu đồng"
    assert unit_of("Dự toán (nghìn đồng)") == "nghìn đồng" and unit_of("Vốn (tỷ đồng)") == "tỷ đồng"
    assert unit_line("(Đơn vị tính: triệu đồng)") == "triệu đồng" and unit_line("ĐVT: đồng") == "đồng"
    assert unit_line("Đơn vị thực hiện: các thôn") is None
    assert unit_of("Hạng đ của xã") is None  # a lone "đ" is a unit only as "(đ)" or at the end
    assert unit_of("Số tiền đ") == "đồng"


def test_a_total_row_not_in_the_first_column_stays_a_row():
    rows = [["STT", "Nội dung", "Kinh phí (đồng)"], ["1", "Tập huấn", "5.000.000"],
            ["", "Tổng cộng", "5.000.000"]]
    read = read_table(table(rows, align={2: "right"}))
    assert read.data["rows"][-1] == ["", "Tổng cộng", "5.000.000"] and "total" not in read.data
    assert any("cột đầu" in message for _, message in read.notes)


def test_a_header_over_two_rows():
    rows = [["Chỉ tiêu", "Năm"], [None, "2025", "2026"], ["Hồ sơ trực tuyến", "60%", "80%"]]
    read = read_table(table(rows, spans=[(1, 2), (1, 1, 1), (1, 1, 1)]))
    assert read.data == {"header": ["Chỉ tiêu", "Năm 2025", "Năm 2026"],
                         "rows": [["Hồ sơ trực tuyến", "60%", "80%"]]}
    assert any("hai tầng" in message for _, message in read.notes)


def test_merged_cells_in_the_body_are_spread_and_said():
    rows = [["Thôn", "Quý I", "Quý II"], ["Thôn 1", "Cả năm"], ["Thôn 2", "x", "y"]]
    read = read_table(table(rows, spans=[(1, 1, 1), (1, 2), (1, 1, 1)]))
    assert read.data["rows"][0] == ["Thôn 1", "Cả năm", ""]
    assert any("ô gộp" in message for _, message in read.notes)
    assert not any("không đủ số ô" in message for _, message in read.notes)  # spread, not short


def test_a_short_row_is_filled_with_empty_cells_and_said():
    read = read_table(table([["Thôn", "Quý I", "Quý II"], ["Thôn 1", "x"], ["Thôn 2", "x", "y"]]))
    assert read.data["rows"] == [["Thôn 1", "x", ""], ["Thôn 2", "x", "y"]]
    assert [message for _, message in read.notes] == [
        "các hàng của bảng không đủ số ô như nhau: thêm ô trống cho đủ"]


def test_a_cell_of_several_paragraphs_is_one_line_and_said():
    head = (Para(1, "Thôn", where="table"), ), (Para(2, "Việc", where="table"),)
    body = (Para(3, "Thôn 1", where="table"),), (Para(4, "Họp dân", where="table"),
                                                 Para(5, "", where="table"),
                                                 Para(6, "  Phát  tờ rơi ", where="table"))
    read = read_table(Table(1, (head, body)))
    assert read.data["rows"] == [["Thôn 1", "Họp dân Phát tờ rơi"]]
    assert read.notes == [(1, "có ô gồm nhiều đoạn: nối thành một dòng")]


def test_two_money_columns_in_different_units_keep_the_second_as_text():
    rows = [["Nội dung", "Kinh phí (đồng)", "Vốn (triệu đồng)"], ["Tập huấn", "5.000.000", "5"],
            ["In tờ rơi", "2.000.000", "2"]]
    read = read_table(table(rows))
    assert read.data["money"] == [2] and "unit" not in read.data
    assert any("một bảng chỉ có một đơn vị" in message and "“Vốn (triệu đồng)”" in message
               for _, message in read.notes)


def test_a_total_row_with_a_cell_that_is_no_amount_stays_a_row():
    rows = [["Nội dung", "Kinh phí (đồng)"], ["Tập huấn", "5.000.000"], ["In tờ rơi", "2.000.000"],
            ["Tổng cộng", "bảy triệu"]]
    read = read_table(table(rows))
    assert read.data["rows"][-1] == ["Tổng cộng", "bảy triệu"] and "total" not in read.data
    (note,) = read.notes
    assert "“bảy triệu”" in note[1] and "7.000.000" in note[1]


@pytest.mark.parametrize("label", ["Tổng", "Cộng", "TỔNG CỘNG", "Tổng số", "Tổng kinh phí", "Cộng:",
                                   "Tổng cộng (I + II)"])
def test_total_labels(label):
    rows = [["Nội dung", "Kinh phí (đồng)"], ["Tập huấn", "5.000.000"], ["In", "1.000.000"],
            [label, "6.000.000"]]
    assert read_table(table(rows)).data["total"] == label


@pytest.mark.parametrize("label", ["Tổng kết năm", "Cộng tác viên thôn"])
def test_a_row_that_only_starts_like_a_total_is_a_row_without_a_note(label):
    rows = [["Nội dung", "Kinh phí (đồng)"], ["Tập huấn", "5.000.000"], [label, "1.000.000"]]
    read = read_table(table(rows))
    assert "total" not in read.data and read.data["rows"][-1] == [label, "1.000.000"]
    assert read.notes == []  # an activity, not a total that fails to add up


def test_a_header_alone_is_no_table_and_an_empty_header_cell_gets_a_name():
    assert read_table(table([["Thôn", "Số hộ"]])).data is None
    read = read_table(table([["", "Số hộ"], ["Thôn 1", "3"]]))
    assert read.data["header"] == ["Cột 1", "Số hộ"]
    assert any("không có tiêu đề" in message for _, message in read.notes)


def test_an_asterisk_in_a_cell_prints_as_written():
    from kehoach import emphasis

    read = read_table(table([["Ghi chú", "Loại"], ["*hộ mới*", "(*)"]]))
    first, second = read.data["rows"][0]
    assert emphasis.plain(first) == "*hộ mới*" and second == "(*)"


def test_a_total_without_money_columns_stays_a_row():
    read = read_table(table([["Thôn", "Số hộ"], ["Thôn 1", "3"], ["Tổng", "3"]]))
    assert read.data["rows"][-1] == ["Tổng", "3"] and "total" not in read.data
