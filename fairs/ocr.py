"""OCR for the scanned pages of a CV, in a Celery worker, never in a web
request: the BSN guard must read a scan too (docs/board.md, "CVs").

Two programs from Debian's packages do the work: `pdftoppm` (poppler-utils)
renders one page to grey pixels, `tesseract` (tesseract-ocr with
tesseract-ocr-nld) reads them with its Dutch language data. Both run as
child processes without a shell, the PDF and the pixels passed through
pipes (no temporary files), each under hard limits: wall time, CPU time and
address space, so a hostile file costs a worker at most these. The commands
are settings (`CV_OCR_PDFTOPPM`, `CV_OCR_TESSERACT`), so a test or a host
without them can point elsewhere.

Nothing here knows posts or storage: bytes in, text out.
"""

import os
import resource
import shutil
import subprocess  # nosec B404
import time

from django.conf import settings

LANGUAGE = "nld"
# Each page is read twice, its longer side scaled to these pixels: A4 at 200
# and at 300 dpi. OCR misreads digits in ways that change with the scale (a
# 150 dpi scan scaled to 200 dpi read "111222333" as "1112223353", the same
# scan at 300 dpi read it right, and for other scans the other way round), so
# the BSN guard scans both readings. A page of any declared size is scaled to
# fit, so a huge MediaBox cannot make a huge image (at most 3508 x 3508 grey
# pixels, 12 MB).
SCALES = ((2339, 200), (3508, 300))  # (pixels, dpi)
# Per child process.
MEMORY_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 60
WALL_SECONDS = 60
# Per CV, all pages together (below CELERY_TASK_SOFT_TIME_LIMIT).
CV_SECONDS = 180
# Text read from one CV: a CV has some thousands of characters.
MAX_TEXT = 200_000


class OcrUnavailable(Exception):
    """pdftoppm, tesseract or its Dutch language data is not installed."""


class OcrFailed(Exception):
    """A page could not be read within the limits (or a program failed)."""


def _limits() -> None:
    """Runs in the child before exec: its hard limits."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Output goes through pipes; the programs have no files to write.
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024 * 1024, 1024 * 1024))


def _environment() -> dict[str, str]:
    # One thread: tesseract's OpenMP threads would multiply CPU and memory.
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C",
        "OMP_THREAD_LIMIT": "1",
    }


def _run(command: list[str], *, data: bytes, timeout: float) -> bytes:
    try:
        # A fixed program and arguments, no shell; the input is piped.
        done = subprocess.run(  # noqa: S603  # nosec B603
            command,
            input=data,
            capture_output=True,
            timeout=max(1.0, min(timeout, WALL_SECONDS)),
            # A worker process runs no other threads that preexec_fn could race.
            preexec_fn=_limits,
            env=_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"{command[0]} took too long") from exc
    except OSError as exc:
        raise OcrUnavailable(str(exc)) from exc
    if done.returncode != 0:
        raise OcrFailed(f"{command[0]} ended with {done.returncode}")
    return done.stdout


def _command(setting: str) -> str | None:
    return shutil.which(getattr(settings, setting))


def missing() -> str:
    """What is not installed ("" when OCR can run): "pdftoppm", "tesseract"
    or "tesseract-nld" (tesseract without its Dutch language data)."""
    if _command("CV_OCR_PDFTOPPM") is None:
        return "pdftoppm"
    tesseract = _command("CV_OCR_TESSERACT")
    if tesseract is None:
        return "tesseract"
    try:
        languages = _run([tesseract, "--list-langs"], data=b"", timeout=10)
    except (OcrFailed, OcrUnavailable):
        return "tesseract"
    if LANGUAGE not in languages.decode("utf-8", "replace").split():
        return "tesseract-nld"
    return ""


def page_text(
    data: bytes,
    page: int,
    *,
    pixels: int = SCALES[0][0],
    dpi: int = SCALES[0][1],
    timeout: float = WALL_SECONDS,
) -> str:
    """The text tesseract reads on `page` (from 1) of the PDF `data`,
    rendered with its longer side at `pixels`."""
    pdftoppm, tesseract = _command("CV_OCR_PDFTOPPM"), _command("CV_OCR_TESSERACT")
    if pdftoppm is None or tesseract is None:
        raise OcrUnavailable("pdftoppm or tesseract")
    started = time.monotonic()
    image = _run(
        # "-" reads the PDF from stdin; -singlefile without a name writes the
        # image (a grey PGM) to stdout.
        [
            pdftoppm,
            *("-f", str(page), "-l", str(page), "-gray", "-singlefile"),
            *("-scale-to", str(pixels), "-"),
        ],
        data=data,
        timeout=timeout,
    )
    if not image:
        raise OcrFailed("pdftoppm gave no image")
    text = _run(
        [tesseract, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi)],
        data=image,
        timeout=timeout - (time.monotonic() - started),
    )
    return text.decode("utf-8", "replace")


def pages_text(data: bytes, pages: list[int] | tuple[int, ...]) -> str:
    """The OCR text of these pages, each read at every scale of `SCALES`,
    within `CV_SECONDS` for all of them together."""
    deadline = time.monotonic() + CV_SECONDS
    texts, total = [], 0
    for page in pages:
        for pixels, dpi in SCALES:
            left = deadline - time.monotonic()
            if left <= 0:
                raise OcrFailed("the CV took too long")
            text = page_text(data, page, pixels=pixels, dpi=dpi, timeout=left)
            total += len(text)
            if total > MAX_TEXT:
                raise OcrFailed("far more text than a CV has")
            texts.append(text)
    return "\n".join(texts)
