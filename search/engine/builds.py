"""The folder of index builds beside ``var/index``: one build at a time, written into a
scratch folder, swapped in with one atomic rename of a symlink, the old ones pruned only
when nobody can still be opening them. No Whoosh here: only folders.

    var/index                 → symlink to index.builds/<stamp>-<pid>
    var/index.builds/
        .lock                 held by the build that is running
        .<stamp>-<pid>.tmp    a build being written (left by a killed build: removed)
        <stamp>-<pid>/        finished builds, newest first; .retired when swapped out
        legacy-<pid>/         an index folder from before symlinked builds
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

KEEP_BUILDS = 3  # finished builds kept on disk, the served one included
RETIRED_GRACE = 120.0  # seconds a swapped-out build stays, whatever KEEP_BUILDS says
LOCK = ".lock"
RETIRED = ".retired"


def builds_dir(index_dir: Path) -> Path:
    return index_dir.parent / f"{index_dir.name}.builds"


@contextmanager
def exclusive(index_dir: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[Path]:
    """Hold the builds folder for one build: a second build waits for the first (it is
    told, through ``waiting``) instead of racing it to swap and prune. Leftovers of a
    build that was killed are removed once the lock is held — nobody else is building."""
    folder = builds_dir(index_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for leftover in folder.glob(".*.tmp"):
                shutil.rmtree(leftover, ignore_errors=True)
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def new_scratch(folder: Path) -> tuple[Path, Path]:
    """(scratch, target): write into the first, rename it to the second when complete."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = folder / f"{stamp}-{os.getpid()}"
    scratch = folder / f".{target.name}.tmp"
    scratch.mkdir()
    return scratch, target


def swap(index_dir: Path, target: Path) -> None:
    """Point ``index_dir`` at ``target`` with one atomic rename of a symlink, and mark
    the build it pointed at as retired (the time it stopped being served)."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    if index_dir.exists() and not index_dir.is_symlink():
        # an index folder from before symlinked builds: move it aside once
        index_dir.rename(builds_dir(index_dir) / f"legacy-{os.getpid()}")
    previous = Path(os.path.realpath(index_dir)) if index_dir.is_symlink() else None
    link = index_dir.parent / f".{index_dir.name}.{os.getpid()}.link"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(os.path.relpath(target, index_dir.parent))
    os.replace(link, index_dir)
    if previous is not None and previous.is_dir() and previous != target.resolve():
        (previous / RETIRED).touch()


def finished(folder: Path) -> list[Path]:
    """Finished builds, newest first. Names are UTC timestamps, so they sort by age; a
    ``legacy-*`` folder counts as the oldest."""
    return sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: (p.name[:1].isdigit(), p.name), reverse=True)


def prune(folder: Path, keep: Path, now: float | None = None) -> list[Path]:
    """Remove builds beyond the newest KEEP_BUILDS — never the served one, and never one
    retired less than RETIRED_GRACE seconds ago: a worker that read the symlink just
    before a swap may still be opening it."""
    now = time.time() if now is None else now
    removed = []
    for old in finished(folder)[KEEP_BUILDS:]:
        if old == keep:
            continue
        retired = old / RETIRED
        since = retired.stat().st_mtime if retired.exists() else old.stat().st_mtime
        if now - since < RETIRED_GRACE:
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed
