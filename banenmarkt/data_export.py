"""The ZIP of everything the platform holds about a person ("download my
data", issue 14; docs/privacy.md).

Generic over the registry (banenmarkt/privacy.py): every `PersonalData`
entry with an owner gives `rows_of(user).values(*fields)` as one JSON file,
and the files of `entry.files` (the CVs) under `files/`. What the registry
cannot find by owner comes from the `ExportSection`s the apps register (who
viewed the person's CV, call-back notes naming them) and from the audit log
(entries whose target is one of the person's rows). A `LEESMIJ.txt` in B1
Dutch says what each file holds, why it is kept and for how long.

Only the registry's `fields` leave the database, so a secret (the password
hash, an MFA secret, a token) never gets into a download unless someone adds
it there. Memory stays bounded: rows are read with a server-side cursor and
written one by one, files are copied in chunks, and the ZIP goes to a file
object the caller gives, never to memory.
"""

import io
import itertools
import json
import logging
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import slugify

from .audit_actions import action_label
from .models import AuditEntry
from .privacy import PersonalData, export_sections, registry

logger = logging.getLogger(__name__)

README = "LEESMIJ.txt"
FILES_DIR = "files"
CHUNK_SIZE = 2000


def _json_default(value):
    """Dates as ISO 8601, times on the Amsterdam clock (as on the site)."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot go into a download")


def _write_json(archive: zipfile.ZipFile, name: str, rows) -> int:
    """A readable JSON list, written row by row; returns the number of rows."""
    count = 0
    with archive.open(name, "w") as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8")
        out.write("[")
        for row in rows:
            text = json.dumps(row, ensure_ascii=False, indent=2, default=_json_default)
            out.write(",\n  " if count else "\n  ")
            out.write(text.replace("\n", "\n  "))
            count += 1
        out.write("\n]\n" if count else "]\n")
        out.flush()
        out.detach()
    return count


def entry_filename(entry: PersonalData) -> str:
    """`<category>/<model>.json`, e.g. `account/user.json`."""
    category = slugify(str(entry.category)) or "overig"
    return f"{category}/{entry.model_class._meta.model_name}.json"


@dataclass
class WrittenFile:
    """A line of the README: a file in the ZIP and what it holds."""

    name: str
    holds: str
    rows: int
    purpose: str = ""
    kept: str = ""
    best_effort: bool = False


def _copy_files(archive: zipfile.ZipFile, entry: PersonalData, user) -> list[str]:
    """The files of `entry.files` (CVs), copied in chunks under files/."""
    names = []
    model_name = entry.model_class._meta.model_name
    rows = entry.rows_of(user).only("pk", *entry.files).order_by("pk")
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        for field_name in entry.files:
            stored = getattr(row, field_name)
            if not stored:
                continue
            base = stored.name.rsplit("/", 1)[-1]
            name = f"{FILES_DIR}/{model_name}-{row.pk}-{field_name}-{base}"
            try:
                with stored.open("rb") as source, archive.open(name, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
            except FileNotFoundError:
                logger.warning("%s %s: file %s missing", entry.model, row.pk, base)
                continue
            names.append(name)
    return names


def audit_entries_about(user):
    """Audit entries whose target is one of the person's rows (their
    account, memberships, posts, ...), by someone else or by the platform;
    their own actions are in the registry's file of the audit log. Who
    decided is left out: the decision is the public body's."""
    about = Q(pk__in=[])
    for entry in registry():
        if entry.owner:
            about |= Q(
                target_type=entry.model_class._meta.label_lower,
                target_id__in=entry.rows_of(user).values("pk"),
            )
    rows = (
        AuditEntry.objects.filter(about)
        .exclude(actor=user)
        .order_by("created_at", "pk")
        .values("action", "region__name", "target_label", "reason", "created_at")
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield {**row, "action_label": action_label(row["action"])}


def data_export_write(*, user, out: IO[bytes], now: datetime) -> list[WrittenFile]:
    """Write the ZIP of `user`'s data to `out` (a file opened for writing in
    binary). Returns what went in, as the README lists it."""
    written: list[WrittenFile] = []
    with (
        translation.override(settings.LANGUAGE_CODE),
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        cv_files: list[str] = []
        for entry in registry():
            rows = entry.rows_of(user)
            if not entry.owner or not rows.exists():
                continue
            name = entry_filename(entry)
            count = _write_json(
                archive,
                name,
                rows.order_by("pk")
                .values(*entry.fields)
                .iterator(chunk_size=CHUNK_SIZE),
            )
            written.append(
                WrittenFile(
                    name=name,
                    holds=str(entry.holds),
                    rows=count,
                    purpose=str(entry.purpose),
                    kept=str(entry.period.label),
                )
            )
            if entry.files:
                cv_files += _copy_files(archive, entry, user)
        for section in export_sections():
            rows = iter(section.function(user))
            first = next(rows, None)
            if first is None:
                continue
            name = f"{slugify(str(section.category)) or 'overig'}/{section.name}.json"
            count = _write_json(archive, name, itertools.chain([first], rows))
            written.append(
                WrittenFile(
                    name=name,
                    holds=str(section.holds),
                    rows=count,
                    best_effort=section.best_effort,
                )
            )
        readme = render_to_string(
            "banenmarkt/data_export_readme.txt",
            {
                "user": user,
                "now": now,
                "files": written,
                "cv_files": cv_files,
                "files_dir": FILES_DIR,
            },
        )
        archive.writestr(README, readme.replace("\n", "\r\n"))
    return written
