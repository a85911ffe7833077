"""The index, above ``language``: everything that touches Whoosh — the schema and the
atomic build, build folders, snapshots of an open build, BM25F scoring, the records a
document is flattened into. No Django."""
