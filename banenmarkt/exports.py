"""One writer for every export: an exporter yields rows, this turns them into a
streamed CSV or an XLSX file (written to a temporary file, then streamed), so
no export is built in memory.

CSV uses a semicolon and a byte-order mark: Dutch Excel opens it as columns.
Text that Excel would run as a formula (starting with = + - @, their
fullwidth forms ＝ ＋ － ＠, a tab or CR) gets a leading apostrophe in CSV,
which has no types. In XLSX such a cell is written typed as text (an inline
string), which Excel shows as it is, without an apostrophe, and never runs
(openpyxl would otherwise write the string as a formula).
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ListExporter:
    """Subclasses give a file name, the header row and the rows."""

    filename = "export"
    sheet_title = "Export"

    def headers(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[list]:
        raise NotImplementedError


def formula_safe(value: str) -> str:
    if value and value.startswith(FORMULA_START):
        return "'" + value
    return value


def typed_value(value):
    """Real types: numbers stay numbers, aware datetimes become local naive
    ones (openpyxl refuses time zones)."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    return value


def xlsx_cell(sheet, value):
    """A value for an XLSX row: text that looks like a formula becomes a cell
    typed as text."""
    value = typed_value(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _csv_text(value) -> str:
    value = typed_value(value)
    if isinstance(value, str):
        return formula_safe(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_rows(exporter: ListExporter, headers: list[str]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow(headers)
    for row in exporter.rows():
        yield writer.writerow([_csv_text(v) for v in row])


def csv_response(exporter: ListExporter) -> StreamingHttpResponse:
    # Headers now, in the request's language; rows are read while streaming.
    headers = [str(h) for h in exporter.headers()]
    response = StreamingHttpResponse(
        csv_rows(exporter, headers), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def write_xlsx(exporter: ListExporter, target) -> None:
    """A Dutch header row in bold, frozen, with an autofilter over the data."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=exporter.sheet_title[:31])
    headers = [str(h) for h in exporter.headers()]
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in exporter.rows():
        sheet.append([xlsx_cell(sheet, v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    workbook.save(target)


def xlsx_response(exporter: ListExporter) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    write_xlsx(exporter, spool)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=f"{exporter.filename}.xlsx",
        content_type=XLSX_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response
