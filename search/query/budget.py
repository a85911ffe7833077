"""What one search may spend (issue 19): a count of the steps taken in the loops that can
grow with the query — concepts understood, correction candidates tried, concepts matched,
candidates rescored — and a deadline in CPU seconds of the thread that runs it.

Neither gunicorn's timeout nor a client that hangs up stops a thread that is computing,
so a search stops itself: a loop asks ``budget.allows()`` before each costly step and,
once the budget is spent, goes on with what it has. The search then returns the best
answer found so far, marked ``incomplete``. Nothing here raises.
"""

from __future__ import annotations

import gc
import threading
import time

# a search's CPU allowance: twice what the costliest query of bench.costs needs, half of
# DESIGN.md's "no request costs more than 1 s of CPU" (the page around it costs too)
CPU_SECONDS = 0.5
MAX_STEPS = 20_000  # counted steps: a bound on work that does not depend on the clock


class _Collections:
    """CPU seconds the garbage collector has taken, per thread: a collection that happens
    to start during a search is the process's cost, not the query's."""

    def __init__(self) -> None:
        self.local = threading.local()
        gc.callbacks.append(self.observe)

    def observe(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.local.started = time.thread_time()
        elif getattr(self.local, "started", None) is not None:
            self.local.total = self.total() + time.thread_time() - self.local.started
            self.local.started = None

    def total(self) -> float:
        return getattr(self.local, "total", 0.0)


_collections = _Collections()


class Budget:
    """Steps counted and CPU time spent by one search, against its allowance."""

    def __init__(self, cpu_seconds: float = CPU_SECONDS, max_steps: int = MAX_STEPS) -> None:
        self.started = time.thread_time()
        self.collected = _collections.total()
        self.cpu_seconds = cpu_seconds
        self.max_steps = max_steps
        self.steps = 0
        self.spent = False  # once spent, stays spent: the rest of the search goes cheap

    def allows(self, steps: int = 1) -> bool:
        """Count ``steps`` about to be taken; False once the allowance is used up."""
        if self.spent:
            return False
        self.steps += steps
        spent = time.thread_time() - self.started - (_collections.total() - self.collected)
        if self.steps > self.max_steps or spent > self.cpu_seconds:
            self.spent = True
        return not self.spent


def unlimited() -> Budget:
    """A budget that is never spent (building, evaluating, tests of other things)."""
    return Budget(cpu_seconds=float("inf"), max_steps=2**62)
