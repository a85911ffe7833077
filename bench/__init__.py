"""Benchmarks (``make bench``): speed and relevance side by side with baselines.

Not tests: numbers are printed, never asserted."""
