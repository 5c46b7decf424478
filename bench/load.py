"""Driving load on loopback: wrk for the pages (bounded by time), a pool of
threads posting vacancies through the real form, and the gunicorn server
they measure."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(*, workers: int = 2, env: dict | None = None):
    """gunicorn with `workers` sync workers on a free loopback port, as
    production runs it (docker-compose.yml); yields its base URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "banenmarkt.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--backlog=2048",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + "/__bench__/bare/", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url: str, *, cookie: str, connections: int, seconds: int) -> dict:
    """One bounded wrk run, on a server with nothing left waiting (`drain`):
    requests/s, p50/p95/p99 in ms, errors."""
    drain(url)
    command = [
        shutil.which("wrk") or "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={HERE / 'report.lua'}",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 - wrk with our arguments
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    line = next(line for line in output.splitlines()[::-1] if line.startswith("{"))
    result = json.loads(line)
    result["rps"] = result["requests"] / result["duration_s"]
    return result


def drain(url: str) -> None:
    """Wait until the server at `url` has worked off what a run left behind.
    When wrk stops, the requests of its last moments still wait in
    gunicorn's listen queue (up to `connections` of them, the clients gone),
    and a sync worker answers each all the same. A run straight after waits
    behind them: after a c=32 run of an 80 ms page, about a second, which
    showed as a p95 of a second at c=2 (docs/performance.md). A request
    through the same queue comes back only after those (two: the other
    worker may still hold one)."""
    parts = urlsplit(url)
    for _ in range(2):
        requests.get(f"{parts.scheme}://{parts.netloc}/__bench__/bare/", timeout=120)


WARM_REQUESTS = 10


def warm(url: str, *, cookie: str) -> None:
    """A few requests of the page before it is measured, so that both
    workers have rendered it once: a worker's first render of a template
    compiles it, and a page's shared copies are built. Without this the
    first moments of a run measured the start of a process, not the fair
    morning (the public fair page's p99 at c=32 was those first builds,
    docs/performance.md)."""
    for _ in range(WARM_REQUESTS):
        requests.get(url, headers={"Cookie": cookie} if cookie else {}, timeout=120)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def post_vacancies(
    base: str,
    *,
    cookies: list[str],
    region_pk: int,
    total: int,
    concurrency: int,
    tag: str,
) -> dict:
    """`total` vacancies through the real form, `concurrency` at a time, each
    employer from an address of its own (behind the trusted proxy, as in
    production); counts what the server answered."""

    def one(number: int) -> str:
        session = requests.Session()
        cookie = cookies[number % len(cookies)]
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        headers = {"Cookie": cookie, "X-Forwarded-For": address}
        form = session.get(base + "/plaatsen/vacature/", headers=headers, timeout=30)
        match = TOKEN.search(form.text)
        if form.status_code != 200 or not match:
            return f"form {form.status_code}"
        csrf = session.cookies.get("csrftoken", "")
        headers["Cookie"] = f"{cookie}; csrftoken={csrf}" if csrf else cookie
        answer = session.post(
            base + "/plaatsen/vacature/",
            headers=headers,
            data={
                "csrfmiddlewaretoken": match.group(1),
                "regions": region_pk,
                "title": f"{tag} {number}",
                "organisation": "Benchbedrijf",
                "organisation_kind": "employer",
                "place": "Hengelo",
                "hours_per_week": 32,
                "contract_kind": "permanent",
                "education_level": "mbo",
                "sector": "logistics",
                "description": "Wij zoeken een orderpicker voor de avonddienst.",
                "contact_person": "Personeelszaken",
                "contact_email": "werk@benchbedrijf.example",
            },
            allow_redirects=False,
            timeout=30,
        )
        return "ok" if answer.status_code == 302 else f"post {answer.status_code}"

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(one, range(total)))
    seconds = time.monotonic() - started
    errors = [outcome for outcome in outcomes if outcome != "ok"]
    return {"posted": total - len(errors), "errors": errors[:10], "seconds": seconds}
