"""Benchmark of the Sprechstunden (issue 3): run with ``make bench``; see bench/README.md."""
