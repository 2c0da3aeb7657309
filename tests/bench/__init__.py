"""`make bench`: performance tables. Benches are not tests: they print what they measured and assert nothing.

A section is a function returning a list of report.Table; add it to SECTIONS in tests/bench/__main__.py.
`python -m tests.bench availability bookings` runs only the sections named.
"""
