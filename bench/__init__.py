"""ladderkit's benchmarks: `python -m bench` prints figures, targets and ratios.

Targets are printed, never asserted: timing belongs here, not in the tests.
"""
