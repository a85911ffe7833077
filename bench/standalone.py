"""What a bench script run on its own (``python -m bench.costs``, ``bench.stages``) starts
with: Django set up, the search log quiet, and the snapshot of an index — the one given,
or one built from ``corpus/`` into a temporary folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search.engine.snapshot import Snapshot

ROOT = Path(__file__).resolve().parent.parent


def open_index(index: Path | None, name: str) -> Snapshot:
    """The snapshot of ``index``; None: the corpus built into a temporary folder named
    after ``name`` (the script)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")
    import logging
    import tempfile

    import django

    django.setup()
    logging.getLogger("search").setLevel(logging.WARNING)
    from search.engine.snapshot import open_snapshot
    from search.engine.writer import build_index

    if index is None:
        index = Path(tempfile.mkdtemp(prefix=f"whitepaper-{name}-")) / "index"
        build_index(ROOT / "corpus", index)
    return open_snapshot(index)
