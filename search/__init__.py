"""Whitepaper Search: bilingual full-text search over white papers in corpus/."""
