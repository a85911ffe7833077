"""A reader's query, above ``engine``: understood (concepts, corrections, go-to), matched
and ranked, turned into results with facets and snippets; suggestions; evaluation on
judged queries. No Django."""
