# The image for web, worker and beat (docker-compose.yml).
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# The worker reads scanned CVs with OCR: pdftoppm and Tesseract with its Dutch
# language data (docs/operations.md, "OCR of scanned CVs").
RUN apt-get update \
    && apt-get install -y --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-nld \
    && rm -rf /var/lib/apt/lists/*
COPY requirements/base.lock requirements/build.lock requirements/
# Every dependency, and the build backend, at the version and hash of the locks.
RUN pip install --require-hashes -r requirements/base.lock -r requirements/build.lock
COPY . .
# Editable, so the code runs from /app where templates/, static/ and locale/ are.
RUN pip install --no-deps --no-build-isolation -e .

RUN mkdir -p /app/media/private && useradd --create-home --uid 1000 banenmarkt && chown -R banenmarkt /app
USER banenmarkt
EXPOSE 8000
CMD ["gunicorn", "banenmarkt.wsgi:application", "--bind", "0.0.0.0:8000"]
