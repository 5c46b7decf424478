"""Every data table stacks into rows on a phone (static/css/banenmarkt.css,
"Tables"): each cell then shows its column's name from `data-label`. A table
whose cells lack it would stack into values nobody can tell apart, so every
`<td>` of a `.table` in our templates names one of the table's columns (or
spans them all, as an empty-list row does). A `table--compact` never stacks."""

import re
from pathlib import Path

from django.conf import settings

TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.DOTALL)
CELL = re.compile(r"<td\b([^>]*)>")
HEADER = re.compile(r'<th scope="col"[^>]*>(.*?)</th>', re.DOTALL)
MSGID = re.compile(r'{% translate "([^"]+)" %}')
LABEL = re.compile(r'data-label="{% translate "([^"]+)" %}"')


def tables():
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            for attributes, body in TABLE.findall(path.read_text()):
                classes = re.search(r'class="([^"]*)"', attributes)
                classes = classes.group(1).split() if classes else []
                if "table" in classes and "table--compact" not in classes:
                    yield path.name, body


def test_every_cell_of_a_stacking_table_names_its_column():
    seen, unlabelled = 0, []
    for name, body in tables():
        seen += 1
        columns = {msgid for th in HEADER.findall(body) for msgid in MSGID.findall(th)}
        for attributes in CELL.findall(body):
            if "colspan=" in attributes:
                continue
            label = LABEL.search(attributes)
            if label is None or label.group(1) not in columns:
                unlabelled.append(f"{name}: <td{attributes}>")
    assert seen >= 9
    assert unlabelled == []
