"""Benchmark: the moderators' review queue with 20 and with 20,000 posts
waiting.

    DATABASE_URL=postgres://... CACHE_URL=redis://127.0.0.1:6379/5 \
        python -m bench.review_queue [--explain] [--profile]

Builds a throwaway PostgreSQL database (`benchmark_review_queue`, dropped
at the end), a region with a moderator, and unreviewed vacancies and
pitches with bulk_create; then requests the queue page (first page, and the
page after a keyset cursor) as the moderator and reports the median wall
time of the request with the item fragments in the cache (as every
moderator but the first sees a page), the time of the first request after
the cache was emptied ("cold"), the number of queries, and the slowest
queries. Give it Redis as CACHE_URL to measure what production does (each
item fragment is a cache read); without, the cache is in memory. The
target (issue 16): the same few queries and under 50 ms at both sizes. This
is a measurement to read, not a test with a time limit.
"""

import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from datetime import timedelta

import django

SIZES = (20, 20_000)
RUNS = 15


def _build(count, *, region, edition, authors, start):
    from fairs.models import Post, Publication

    posts = Post.objects.bulk_create(
        Post(
            author=authors[i % len(authors)][0],
            kind=authors[i % len(authors)][1],
            title=f"Bericht {i}",
            description="Wij zoeken iemand voor de avonddienst. " * 20,
            sector="care",
            education_level="mbo",
            hours_per_week=20,
            place="Hengelo",
            organisation=f"Organisatie {i % 300}"
            if authors[i % len(authors)][1] == "vacancy"
            else "",
        )
        for i in range(count)
    )
    Publication.objects.bulk_create(
        Publication(
            post=post,
            region=region,
            edition=edition,
            status="published",
            published_at=start + timedelta(seconds=i),
        )
        for i, post in enumerate(posts)
    )


def _sql_ms(queries) -> float:
    return sum(float(query["time"]) for query in queries) * 1000


def _measure(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The queries of one request, apart: capturing them (a debug cursor)
    # costs time the timed requests should not pay.
    cache.clear()  # the first request renders every item (cold)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - started) * 1000
    # (Copied now: the next request clears the connection's query log.)
    queries = list(captured.captured_queries)
    if response.status_code != 200:
        sys.exit(f"The queue answered {response.status_code}.")
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return (
        statistics.median(times),
        queries,
        response.content.decode(),
        cold,
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banenmarkt.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.template import Template
    from django.test import Client
    from django.test.utils import (
        _TestState,
        override_settings,
        setup_test_environment,
    )
    from django.utils import timezone

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server.")
    connection.settings_dict["TEST"]["NAME"] = "benchmark_review_queue"
    # Templates name static files without `collectstatic`'s manifest.
    override_settings(
        ALLOWED_HOSTS=["*"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
    ).enable()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # As in production: templates render without the test instrumentation
    # (which copies the context for every template rendered).
    Template._render = _TestState.saved_data.template_render
    try:
        from fairs import services as fair_services
        from members.models import Membership
        from tests.auth import sign_in_fresh
        from tests.factories import (
            MembershipFactory,
            RegionFactory,
            RegionRoleFactory,
        )

        region = RegionFactory(name="Twente", slug="twente")
        fair_services.editions_generate()
        edition = region.editions.not_closed().first()
        authors = [
            (
                MembershipFactory(
                    region=region,
                    kind=Membership.Kind.EMPLOYER,
                    organisation=f"Werkgever {n}",
                ).user,
                "vacancy",
            )
            for n in range(8)
        ] + [
            (
                MembershipFactory(region=region, kind=Membership.Kind.JOB_SEEKER).user,
                "pitch",
            )
            for _n in range(4)
        ]
        moderator = RegionRoleFactory(region=region, role="moderator").user
        client = Client()
        sign_in_fresh(client, moderator)
        url = f"/regio/{region.slug}/beheer/berichten/"

        built = 0
        print(
            f"{'waiting':>8} {'page':<6} {'median ms':>10} {'cold ms':>8}"
            f" {'queries':>8} {'SQL ms':>7}"
        )
        for size in SIZES:
            _build(
                size - built,
                region=region,
                edition=edition,
                authors=authors,
                start=timezone.now() - timedelta(days=2) + timedelta(seconds=built),
            )
            built = size
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            first_ms, queries, html, cold_ms = _measure(client, url)
            print(
                f"{size:>8} {'first':<6} {first_ms:>10.1f} {cold_ms:>8.1f}"
                f" {len(queries):>8} {_sql_ms(queries):>7.1f}"
            )
            cursor_link = re.search(r'href="(\?na=[^"]+)" rel="next"', html)
            if cursor_link:
                next_url = url + cursor_link.group(1).replace("&amp;", "&")
                next_ms, next_queries, _html, next_cold = _measure(client, next_url)
                print(
                    f"{size:>8} {'next':<6} {next_ms:>10.1f} {next_cold:>8.1f}"
                    f" {len(next_queries):>8} {_sql_ms(next_queries):>7.1f}"
                )
            slowest = sorted(queries, key=lambda q: -float(q["time"]))[:3]
            if "--profile" in sys.argv and size == SIZES[-1]:
                profiler = cProfile.Profile()
                profiler.runcall(client.get, url)
                pstats.Stats(profiler).sort_stats(
                    os.environ.get("SORT", "cumulative")
                ).print_stats(25)
            if "--explain" in sys.argv and size == SIZES[-1]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + slowest[0]["sql"])
                    print("\n".join(row[0] for row in cursor.fetchall()))
            for query in slowest:
                print(
                    f"{'':>17} {float(query['time']) * 1000:>8.1f} ms  {query['sql'][:90]}"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
