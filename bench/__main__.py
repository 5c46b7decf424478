"""`make bench`: the fair morning, measured (issue 19, docs/performance.md).

    make bench                      # full national edition, 3 runs
    make bench BENCH_ARGS=--quick   # a tenth of the size, 1 short run
    make bench BENCH_ARGS="--only board --skip-posting --skip-exports"
                                    # some pages only (a name contains it)

1. A PostgreSQL database of its own (`banenmarkt_bench`, kept between runs;
   `--reseed` builds it again) holding a national edition (bench/seed.py).
2. Queries per page: each page once in this process, as its user, counting
   the queries and any write a GET makes.
3. gunicorn with 2 sync workers on loopback, Redis as cache and session
   cache, and per run: the bare view (a view that only reads the user,
   through the same middleware) first, every page at c=32 and at c=2, the
   bare view last; then 600 vacancies through the real form at c=8 while
   the board is loaded at c=16.
4. The vacancy-list export of the big region and of all regions (about
   twice the rows) as CSV and XLSX: time and extra memory.

Prints one table (medians over the runs; ratios are within one run) and
writes it as JSON to bench/results/. Needs wrk (`apt-get install wrk`).
Bounded: every load is a fixed number of seconds on 127.0.0.1.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import django

HERE = Path(__file__).resolve().parent
DATABASE = "banenmarkt_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"


def _arguments():
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="a tenth, one run")
    parser.add_argument("--reseed", action="store_true", help="build the data again")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--seconds", type=int, default=None, help="per wrk run")
    parser.add_argument("--skip-posting", action="store_true")
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the pages whose name contains this (and the bare view)",
    )
    parser.add_argument(
        "--seed-only", action="store_true", help="build the data, measure nothing"
    )
    return parser.parse_args()


def _environment() -> None:
    # Always its own database: a DATABASE_URL set for development must not
    # receive 230,000 accounts with a known password.
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/8")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-not-secret-" + "x" * 40)
    os.environ["DJANGO_SECURE_COOKIES"] = "false"
    os.environ["DJANGO_TRUSTED_PROXY_COUNT"] = "1"  # each poster its own address
    os.environ["BANENMARKT_BENCH"] = "true"  # the bare view's URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "banenmarkt.settings"


def _database(reseed: bool) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        if reseed:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if not cursor.fetchone():
            cursor.execute(f"CREATE DATABASE {DATABASE}")
    connection.close()


def _signed_in(user) -> tuple[str, object]:
    """A session for `user` (cookie header) and a test client holding it."""
    from django.conf import settings
    from django.test import Client

    from tests.auth import sign_in_fresh

    client = Client()
    sign_in_fresh(client, user)
    return (
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        client,
    )


# The board's pages, measured twice: with the shared copy (fairs.board_cache,
# warm) and with it switched off (a second gunicorn, BOARD_CACHE_SECONDS=0).
UNCACHED = " (cache off)"


def _pages(twente_pk: int) -> list[tuple[str, str, str]]:
    from django.urls import NoReverseMatch, reverse

    boards = [
        ("board", "/regio/bench-01/prikbord/", "seeker"),
        (
            "board page 50 (25,000)",
            "/regio/bench-groot/prikbord/?page=50",
            "seeker_big",
        ),
        ("board (25,000)", "/regio/bench-groot/prikbord/", "seeker_big"),
        ("board (2,500)", "/regio/bench-middel/prikbord/", "seeker_middle"),
    ]
    pages = [
        *boards,
        *[(name + UNCACHED, path, role) for name, path, role in boards],
        ("publication detail", f"/regio/bench-01/prikbord/{twente_pk}/", "seeker"),
        ("theme corners", "/regio/bench-01/prikbord/themahoeken/", "seeker"),
        ("combined board", "/prikbord/", "seeker"),
        ("dashboard", "/mijn-banenmarkt/", "seeker"),
        ("my posts", "/mijn-banenmarkt/berichten/", "employer"),
        ("conversations", "/mijn-gesprekken/", "employer"),
        (
            "moderation queue (25,000)",
            "/regio/bench-groot/beheer/berichten/",
            "moderator_big",
        ),
    ]
    with contextlib.suppress(NoReverseMatch):
        pages.append(("public fair page", reverse("fairs:fair-now"), ""))
    return pages


def _queries(client, path: str) -> tuple[int, int, int]:
    """(status, queries, writes) of one GET of `path`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    writes = sum(
        query["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        for query in captured.captured_queries
    )
    return response.status_code, len(captured.captured_queries), writes


def _export(exporter_for, rows_label: str) -> dict:
    """Time (without tracing, which slows Python down several times) and
    then the peak of memory allocated while writing, for CSV and XLSX."""
    import tempfile

    from banenmarkt.exports import csv_rows, write_xlsx

    def write(name: str) -> int:
        exporter = exporter_for()
        if name == "csv":
            return sum(len(chunk) for chunk in csv_rows(exporter, exporter.headers()))
        with tempfile.TemporaryFile() as spool:
            write_xlsx(exporter, spool)
            return spool.tell()

    result = {"rows": rows_label}
    for name in ("csv", "xlsx"):
        started = time.perf_counter()
        result[f"{name}_bytes"] = write(name)
        result[f"{name}_s"] = time.perf_counter() - started
        tracemalloc.start()
        write(name)
        result[f"{name}_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result


def _median(values):
    return statistics.median(values) if values else None


def main() -> None:
    arguments = _arguments()
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk: apt-get install wrk")
    _environment()
    _database(arguments.reseed)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django.utils import timezone

    from bench import load, seed
    from fairs.models import Post, Publication, Region
    from placements.exports import VacancyListExporter
    from placements.selectors import vacancies_offered

    if settings.DATABASES["default"]["NAME"] != DATABASE:
        sys.exit(f"The benchmark runs only on its own database, {DATABASE}.")
    scale = seed.QUICK if arguments.quick else seed.FULL
    runs = arguments.runs or (1 if arguments.quick else 3)
    seconds = arguments.seconds or (3 if arguments.quick else 10)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not seed.seeded(scale):
        if Region.objects.filter(slug__startswith="bench-").exists():
            sys.exit("The bench database holds another size: run with --reseed.")
        print(f"Seeding the {scale.name} national edition (once) ...")
        seed.seed(scale)
    if arguments.seed_only:
        return
    now = timezone.now()
    seed.editions_around(now)

    people = {
        "seeker": seed.member_of("bench-01", "job_seeker"),
        "employer": seed.member_of("bench-01", "employer"),
        "seeker_big": seed.member_of(seed.BIG, "job_seeker"),
        "seeker_middle": seed.member_of(seed.MIDDLE, "job_seeker"),
        "moderator_big": seed.moderator_of(seed.BIG),
    }
    override_settings(ALLOWED_HOSTS=["*"]).enable()
    sessions = {role: _signed_in(user) for role, user in people.items()}
    sessions[""] = ("", None)
    twente = Publication.objects.filter(region__slug="bench-01").order_by("-pk").first()
    pages = [page for page in _pages(twente.pk) if arguments.only in page[0]]

    from django.test import Client

    print("Queries per page (one request each, in process):")
    queries = {}
    for name, path, role in [("bare view", "/__bench__/bare/", "seeker"), *pages]:
        client = sessions[role][1] or Client()
        # Pages that keep a shared copy are counted warm (the second view).
        with override_settings(
            BOARD_CACHE_SECONDS=0 if name.endswith(UNCACHED) else 60
        ):
            _queries(client, path)
            status, count, writes = _queries(client, path)
        if status != 200:
            sys.exit(
                f"{name} ({path}) answered {status}: fix the bench's data or page list."
            )
        queries[name] = {"queries": count, "writes": writes}
        print(f"  {name:<28} {count:>3} queries, {writes} writes")

    measured: dict[str, list[dict]] = {}
    posting = []
    with (
        load.gunicorn(workers=2, env={"BOARD_CACHE_SECONDS": "60"}) as base,
        load.gunicorn(workers=2, env={"BOARD_CACHE_SECONDS": "0"}) as uncached,
    ):
        for run in range(1, runs + 1):
            print(f"Run {run} of {runs} ({seconds} s per page and concurrency) ...")
            bare = []
            for when in ("first", "last"):
                if when == "last":
                    for name, path, role in pages:
                        cookie = sessions[role][0]
                        server = uncached if name.endswith(UNCACHED) else base
                        load.warm(server + path, cookie=cookie)
                        result = {
                            f"c32_{key}": value
                            for key, value in load.wrk(
                                server + path,
                                cookie=cookie,
                                connections=32,
                                seconds=seconds,
                            ).items()
                        } | {
                            f"c2_{key}": value
                            for key, value in load.wrk(
                                server + path,
                                cookie=cookie,
                                connections=2,
                                seconds=seconds,
                            ).items()
                        }
                        measured.setdefault(name, []).append(result)
                result = load.wrk(
                    base + "/__bench__/bare/",
                    cookie=sessions["seeker"][0],
                    connections=32,
                    seconds=seconds,
                )
                bare.append(result["rps"])
                small = load.wrk(
                    base + "/__bench__/bare/",
                    cookie=sessions["seeker"][0],
                    connections=2,
                    seconds=seconds,
                )
                measured.setdefault(f"bare view ({when})", []).append(
                    {f"c32_{k}": v for k, v in result.items()}
                    | {f"c2_{k}": v for k, v in small.items()}
                )
            bare_rps = statistics.mean(bare)
            for results in measured.values():
                results[-1]["percent_of_bare"] = 100 * results[-1]["c32_rps"] / bare_rps
            if not arguments.skip_posting:
                posting.append(
                    _posting_run(
                        load,
                        seed,
                        base,
                        sessions,
                        run,
                        seconds,
                        total=60 if arguments.quick else 600,
                    )
                )

    exports = []
    if not arguments.skip_exports:
        big = Region.objects.get(slug=seed.BIG)
        everything = Region.objects.filter(slug__startswith="bench-")
        for label, regions in (("big region", [big]), ("all regions", everything)):
            exports.append(
                _export(
                    lambda regions=regions: VacancyListExporter(
                        publications=vacancies_offered(
                            editions=[e for r in regions for e in r.editions.all()]
                        ),
                        filename="bench",
                        absolute=lambda path: "http://127.0.0.1" + path,
                    ),
                    label,
                )
                | {
                    "vacancies": Post.objects.filter(
                        kind="vacancy", publications__region__in=regions
                    ).count()
                }
            )
    Post.objects.filter(
        title__startswith="Benchpost ", publications__region__slug="bench-01"
    ).delete()

    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "scale": scale.name,
        "runs": runs,
        "seconds": seconds,
        "debug": settings.DEBUG,
        "pages": {
            name: {
                key: _median([result[key] for result in results if key in result])
                for key in results[0]
            }
            | queries.get(name.split(" (first")[0].split(" (last")[0], {})
            for name, results in measured.items()
        },
        "posting": posting,
        "exports": exports,
    }
    _print(report)
    only = f"-{arguments.only.replace(' ', '-')}" if arguments.only else ""
    target = HERE / "results" / f"{dt.date.today():%Y-%m-%d}-{scale.name}{only}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(report, indent=2))
    print(f"Written to {target.relative_to(HERE.parent)}")


def _posting_run(load, seed, base, sessions, run, seconds, total) -> dict:
    """`total` (600) vacancies through the form at c=8 while the board is loaded at
    c=16 (for as long as the posting takes, bounded)."""
    import threading

    from fairs.models import Post, Region

    # Five vacancies per employer: under the per-member limit (20 in 10
    # minutes), as on a real morning.
    employers = seed.employers_of("bench-01", total // 5)
    cookies = [_signed_in(user)[0] for user in employers]
    region = Region.objects.get(slug="bench-01")
    board = {}

    def board_load():
        board.update(
            load.wrk(
                base + "/regio/bench-01/prikbord/",
                cookie=sessions["seeker"][0],
                connections=16,
                seconds=max(seconds * 6, 60),
            )
        )

    loader = threading.Thread(target=board_load)
    loader.start()
    tag = f"Benchpost {run}"
    result = load.post_vacancies(
        base, cookies=cookies, region_pk=region.pk, total=total, concurrency=8, tag=tag
    )
    loader.join()
    result["total"] = total
    result["stored"] = Post.objects.filter(title__startswith=f"{tag} ").count()
    result["board_during"] = board
    return result


def _print(report: dict) -> None:
    print()
    print(
        f"{report['machine']}, {report['date']}, scale {report['scale']}, "
        f"median of {report['runs']} run(s), {report['seconds']} s each"
    )
    header = (
        f"{'page':<28} {'req/s c32':>9} {'% bare':>7} {'p50/p95/p99 c32 ms':>20}"
        f" {'p50/p95 c2 ms':>14} {'err':>4} {'q':>3} {'w':>2}"
    )
    print(header)
    print("-" * len(header))
    for name, page in report["pages"].items():
        print(
            f"{name:<28} {page['c32_rps']:>9.1f} {page.get('percent_of_bare', 0):>6.1f}%"
            f" {page['c32_p50']:>6.1f}/{page['c32_p95']:>6.1f}/{page['c32_p99']:>6.1f}"
            f" {page['c2_p50']:>6.1f}/{page['c2_p95']:>6.1f}"
            f" {page['c32_errors'] + page['c32_non2xx3xx']:>4.0f}"
            f" {page.get('queries', ''):>3} {page.get('writes', ''):>2}"
        )
    for posting in report["posting"]:
        print(
            f"Posting: {posting['posted']} of {posting['total']} answered, {posting['stored']} stored, "
            f"{posting['seconds']:.1f} s, errors {posting['errors'] or 'none'}; board at c=16 "
            f"meanwhile {posting['board_during'].get('rps', 0):.1f} req/s"
        )
    for export in report["exports"]:
        print(
            f"Export {export['rows']} ({export['vacancies']} vacancies): CSV "
            f"{export['csv_s']:.2f} s {export['csv_peak_mb']:.1f} MB, XLSX "
            f"{export['xlsx_s']:.2f} s {export['xlsx_peak_mb']:.1f} MB "
            f"({export['xlsx_s'] / export['csv_s']:.1f}x CSV)"
        )


if __name__ == "__main__":
    main()
