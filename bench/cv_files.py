"""Benchmark: what reading the worst CV files costs a web worker.

    python -m bench.cv_files

Each file of the hostile corpus (tests/fairs/documents.py) is read by
`fairs.cv.read` (what the upload does) in a fresh process, which reports its wall time and
the growth of its peak memory (ru_maxrss) over a process that only imported
the reader. The target (issue "Hard to break"): at most 100 MB and 5 s per
upload. This is a measurement to read, not a test with a time limit.

Scanned CVs are only recognised here ("OCR: n pages"): the OCR itself runs
in a worker (fairs.ocr), never in the upload. Building them needs pdftoppm.
"""

import json
import resource
import subprocess  # nosec B404
import sys

CORPUS = {
    "DOCX, 20 MB of spaces in the body": "docx_bomb(20 * 1024 * 1024)",
    "DOCX, 300 MB of spaces in the body": "docx_bomb(300 * 1024 * 1024)",
    "DOCX, declares 1 KB, unpacks to 50 MB": "docx_lying_about_size(50 * 1024 * 1024, 1024)",
    "DOCX, 5,000 parts": "docx_many_parts(5000)",
    "DOCX, BSN in a footer": 'docx_parts("Cv", **{"word/footer1.xml": word_part("ftr", "BSN 111222333")})',
    "PDF, 30 pages (the cap)": 'pdf_document(["Mijn cv"] * 30)',
    "PDF, 31 pages (refused)": 'pdf_document(["Mijn cv"] * 31)',
    "PDF, 1,000 pages (refused)": 'pdf_document(["Mijn cv"] * 1000)',
    "PDF, a page that unpacks to 300 MB": "pdf_bomb(300 * 1024 * 1024)",
    "PDF, 30 pages sharing 900,000 operators": "pdf_shared_stream(30, 900_000)",
    "PDF, 30 pages sharing 49,000 operators": "pdf_shared_stream(30, 49_000)",
    "DOCX, 5 MB of '<' stored uncompressed": 'docx_raw({"word/document.xml": "<" * 5_000_000}, zipfile.ZIP_STORED)',
    "PDF, BSN in the title": 'pdf_document(["Mijn cv"], info={"Title": "BSN 111222333"})',
    "PDF, a scanned CV": "scanned_cv()",
    "PDF, a scanned CV with a BSN": "scanned_cv_with_bsn()",
    "PDF, 30 scanned pages": 'scanned_pdf(["BSN 111222333"], pages=30)',
}

CHILD = """
import json, resource, sys, time
import zipfile
from tests.fairs.documents import *
from fairs import cv
data = {expression}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read = cv.read(data, cv.sniff(data))
    answer = "OCR: %d pages" % len(read.ocr_pages) if read.ocr_pages else "read"
except cv.CvRefused as refused:
    answer = "refused: " + refused.reason
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"answer": answer, "seconds": seconds, "mb": (after - before) / 1024, "size": len(data)}}))
"""


def main() -> None:
    print(f"{'file':<42} {'bytes':>10} {'answer':<22} {'seconds':>8} {'+MB':>7}")
    for name, expression in CORPUS.items():
        # Our own corpus, run by this interpreter: nothing untrusted.
        out = subprocess.run(  # noqa: S603  # nosec B603
            [sys.executable, "-c", CHILD.format(expression=expression)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        row = json.loads(out)
        print(
            f"{name:<42} {row['size']:>10,} {row['answer']:<22} "
            f"{row['seconds']:>8.3f} {row['mb']:>7.1f}"
        )
    print(
        f"(peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    main()
