"""The fair-morning benchmark (`make bench`, docs/performance.md) and the
smaller measurements beside it (`python -m bench.review_queue`,
`python -m bench.cv_files`). None of this is a test: it reports numbers to
read, with the machine and the date."""
