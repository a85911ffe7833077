"""The bottom floor: the document model (frozen dataclasses with stable ids) and how a
document becomes one — the white paper's parser, the presets for other documents, the
corpus folder and its metadata, and ``ingest`` for Markdown, text, Word and PDF files.
Pure Python: imports nothing else of ``search`` and no Django."""
