"""Small measuring helpers."""

from __future__ import annotations

import platform
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(call: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def latencies(calls: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """Warm every call once, then time each ``repeat`` times."""
    for call in calls:
        call()
    return [timed(call) for _ in range(repeat) for call in calls]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def peak_rss_mb() -> float:
    """The largest resident size of this process or any child it waited for (the build's
    analysing processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024 / 1024


def machine() -> str:
    cpu = ""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next((line.split(":", 1)[1].strip() for line in lines
                    if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout
        total = memory.splitlines()[1].split()[1] + " GiB RAM"
    except (OSError, IndexError):
        total = ""
    import os

    return (f"{cpu or platform.processor()} · {os.cpu_count()} cores · {total} · "
            f"Python {platform.python_version()} · {platform.system()} {platform.release()}")
