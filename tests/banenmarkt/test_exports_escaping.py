"""Formula escaping in exports: CSV gets an apostrophe, XLSX a text cell."""

import io

from openpyxl import load_workbook

from banenmarkt.exports import ListExporter, csv_rows, formula_safe, write_xlsx

DANGEROUS = [
    "=1+1",
    "+31 6 1234",
    "-2",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "＝1+1",
    "＋1",
    "－1",
    "＠A1",
]


class Exporter(ListExporter):
    filename = "test"

    def headers(self):
        return ["Tekst"]

    def rows(self):
        return [[value] for value in [*DANGEROUS, "gewoon", 12]]


def test_every_formula_start_is_escaped_in_csv_including_fullwidth():
    for value in DANGEROUS:
        assert formula_safe(value) == "'" + value
    assert formula_safe("gewoon") == "gewoon"
    lines = "".join(csv_rows(Exporter(), ["Tekst"])).splitlines()
    assert lines[1].lstrip('"').startswith("'=1+1")


def test_xlsx_writes_them_as_text_cells_without_an_apostrophe():
    target = io.BytesIO()
    write_xlsx(Exporter(), target)
    sheet = load_workbook(io.BytesIO(target.getvalue())).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells[: len(DANGEROUS)]] == [
        v.replace("\r", "\n") if v.startswith("\r") else v for v in DANGEROUS
    ]
    assert all(c.data_type == "s" for c in cells[: len(DANGEROUS)])
    assert cells[-1].value == 12 and cells[-1].data_type == "n"
