"""Querysets compiled once per process and run again with new values.

Building and compiling a queryset with many subqueries costs more than the
database takes to run it: the region-and-rights query of every region page
(`members.permissions.regions_with_access`, seven subqueries) took 2.2 ms to
build and compile and 0.5 ms to run (docs/performance.md). `Prepared` builds
the queryset once with marker values in place of what changes per request,
keeps the SQL, and from then on only swaps the values into its parameters.

The values stay parameters: nothing is formatted into the SQL, so quoting
is the database driver's as for any other query. A marker must reach the
SQL as a parameter of its own (a filter value, not a LIMIT, which Django
writes into the text); `Prepared` refuses to run a query in which it did
not find every marker.
"""

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet

# Values no request sends: a negative id and a text with a NUL byte (which
# no form or URL lets through).
MARKER_INT = -7_391_173_229
MARKER_TEXT = "\x00prepared:{}\x00"


class Prepared:
    """`build(**markers)` returns the queryset; `run(**values)` gives its
    rows as model instances with their annotations (a RawQuerySet),
    `rows(**values)` as tuples (for a `values_list()` queryset).

    Every keyword of `run` must be named in `kinds` ({name: int or str}),
    which says which marker stands for it."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        self._build = build
        self._markers: dict[str, Any] = {
            name: MARKER_INT - number if kind is int else MARKER_TEXT.format(name)
            for number, (name, kind) in enumerate(sorted(kinds.items()))
        }
        # Per database alias: (model, sql, [(index, name)], params).
        self._compiled: dict[str, tuple[type[Model], str, list, list]] = {}

    def _compile(self, alias: str) -> tuple[type[Model], str, list, list]:
        queryset = self._build(**self._markers).using(alias)
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        by_marker = {marker: name for name, marker in self._markers.items()}
        slots = [
            (index, by_marker[param])
            for index, param in enumerate(params)
            if isinstance(param, int | str) and param in by_marker
        ]
        missing = set(self._markers) - {name for _index, name in slots}
        if missing:
            raise ValueError(f"Not a parameter of the compiled query: {missing}")
        return queryset.model, sql, slots, list(params)

    def _with_values(self, using: str, values: dict) -> tuple[type[Model], str, list]:
        if set(values) != set(self._markers):
            raise TypeError(f"Prepared query needs exactly {sorted(self._markers)}")
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        model, sql, slots, params = compiled
        params = list(params)
        for index, name in slots:
            params[index] = values[name]
        return model, sql, params

    def run(self, *, using: str = "default", **values: Any):
        model, sql, params = self._with_values(using, values)
        return model._default_manager.db_manager(using).raw(sql, params)

    def rows(self, *, using: str = "default", **values: Any) -> list[tuple]:
        """The rows as the database driver gives them, for a `values_list()`
        queryset: no model instances, and none of Django's converters run,
        so only for columns the driver already returns as Python values
        (ids, booleans, texts)."""
        _model, sql, params = self._with_values(using, values)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def first(self, **values: Any):
        """The first row, or None."""
        for row in self.run(**values):
            return row
        return None
