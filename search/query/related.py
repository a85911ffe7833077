"""More like this: sections about the same things as the one being read."""

from __future__ import annotations

from search.engine.plan import AllOf, AnyOf, Term
from search.engine.records import SECTION_KINDS, Record
from search.engine.snapshot import Snapshot
from search.query.prepared import prepared


def related(snapshot: Snapshot, record: Record, limit: int = 5) -> list[Record]:
    """Sections about the same things (Whoosh more-like-this on the body words), not the
    section itself nor its ancestors or descendants; found once per build."""
    found = prepared(snapshot).related
    key = (record.key, limit)
    if key not in found:
        found[key] = tuple(_related(snapshot, record, limit))
    return list(found[key])


def _related(snapshot: Snapshot, record: Record, limit: int) -> list[Record]:
    if not record.text:
        return []
    docnum = snapshot.by_key[record.key]
    near = {record.id, *(i for i, _ in record.breadcrumbs)}
    sections = AllOf((AnyOf(tuple(Term("kind", k) for k in SECTION_KINDS)),
                      Term("report", record.report)))
    found = []
    for other_docnum in snapshot.more_like(docnum, "body", record.text, limit + 12, sections):
        other = snapshot.records[other_docnum]
        if other.id in near or other.id.startswith(f"{record.id}."):
            continue
        found.append(other)
        if len(found) == limit:
            break
    return found
