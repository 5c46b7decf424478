"""WSP staff download the vacancy list of the last fair."""

import pytest
from openpyxl import load_workbook

from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_download_the_vacancy_list(page, demo, tmp_path):
    log_in(page, "wsp@demo.nl")
    page.goto("/regio/rijk-van-nijmegen/")
    page.goto("/regio/rijk-van-nijmegen/na-afloop/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").first.click()
    path = tmp_path / "lijst.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Regio", "Banenmarkt", "Functie")
    assert len(rows) > 1
    assert {row[0] for row in rows[1:]} == {"Rijk van Nijmegen"}
