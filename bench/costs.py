"""What the most expensive queries cost: a sweep over the inputs that used to be slow
(one character repeated, one word repeated, hyphenated runs, many alternatives, long
phrases, every word of the report, 100 results a page) and random queries made of the
report's own words and characters. CPU seconds per search, in process, warm.

    python -m bench.costs [--random 300]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path


def families(words: list[str], chars: str) -> list[tuple[str, str, dict]]:
    """(family, query, options) — the shapes a hostile or clumsy query takes."""
    long_words = " ".join(words[:60])
    return [
        ("one character ×200", "的" * 200, {}),
        ("one character ×200", "和" * 200, {}),
        ("one character ×100", "的" * 100, {}),
        ("a word ×100, 100 a page", "智能" * 100, {"per_page": 100}),
        ("hyphenated ×66", "ai-" * 66, {}),
        ("a word ×50, spaced", "人工智能 " * 50, {}),
        ("English stop words", "the of and " * 20, {}),
        ("OR ×30", " OR ".join(["智能"] * 30), {}),
        ("OR of distinct words", " OR ".join(words[:40]), {}),
        ("a long quoted phrase", '"' + "人工智能" * 40 + '"', {}),
        ("exclusions ×30", " ".join(f"-{w}" for w in words[:30]), {}),
        ("every word, unspaced", "".join(words[:100])[:200], {}),
        ("many distinct words", long_words[:200], {}),
        ("many distinct words, 100 a page", long_words[:200], {"per_page": 100}),
        ("single characters", " ".join(chars[:100])[:200], {}),
        ("pinyin-like", " ".join(["zhong", "guo", "ren", "gong", "zhi", "neng"] * 8), {}),
        # ambiguous syllables (xi+an / xian, fang+an / fan+gan) that end in a non-syllable:
        # the split that once backtracked exponentially (issue 19: 49 characters, 40 s)
        ("pinyin, ambiguous ×12", "xian" * 12 + "q", {}),
        ("pinyin, ambiguous ×50", "xian" * 50, {}),
        ("pinyin, ambiguous words", " ".join(["xianxianxianxianq"] * 11), {}),
        ("pinyin, fangan ×33", "fangan" * 33 + "v", {}),
        ("prefixes", " ".join(w[:3] for w in ("computer", "vision", "machine", "learning",
                                              "quantum", "robot") * 6), {}),
        ("broad, 100 a page", "人工智能", {"per_page": 100}),
        ("broad, date order, 100 a page", "人工智能 企业", {"per_page": 100, "sort": "date"}),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.costs")
    parser.add_argument("--random", type=int, default=300, help="random queries to try")
    parser.add_argument("--index", type=Path, default=None,
                        help="an index to use (default: build one in a temporary folder)")
    args = parser.parse_args()
    from bench.standalone import open_index

    snapshot = open_index(args.index, "costs")
    from search.language.vocabulary import content_words
    from search.query.prepared import prepared
    from search.query.searching import search

    search(snapshot, "人工智能")
    prepared(snapshot)
    counts = content_words(snapshot.reports.values(), snapshot.analyzer)
    words = [w for w, _ in counts.most_common()]
    chars = "".join(dict.fromkeys("".join(words)))
    # what a serving process has after its warm-up (search.web.serving): the index's
    # objects moved out of the collector's way, so a collection costs the query's garbage
    gc.freeze()

    def cost(q: str, options: dict) -> float:
        started = time.process_time()
        search(snapshot, q, **options)
        return time.process_time() - started

    rows = [(family, q, options, cost(q, options)) for family, q, options in
            families(words, chars)]
    rng = random.Random(7)
    alphabet = chars + "的了是吗 ，。ABCabc-+\"OR "
    for _ in range(args.random):
        shape = rng.random()
        if shape < 0.4:
            q = "".join(rng.choice(words) for _ in range(rng.randint(1, 30)))[:200]
        elif shape < 0.7:
            q = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))[:200]
        else:
            q = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 200)))
        options = {"per_page": rng.choice((10, 10, 100))}
        rows.append(("random", q, options, cost(q, options)))
    rows.sort(key=lambda row: -row[3])
    print(f"{len(rows)} queries; the costliest (CPU seconds, in process, warm):")
    print("| family | query | options | CPU s |")
    print("|---|---|---|---|")
    for family, q, options, seconds in rows[:12]:
        shown = (q[:40] + "…") if len(q) > 40 else q
        print(f"| {family} | `{shown}` | {options or ''} | {seconds:.3f} |")
    worst = rows[0][3]
    print(f"\nworst: {worst:.3f} s ({'within' if worst <= 1 else 'OVER'} the 1 s budget)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
