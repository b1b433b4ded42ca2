"""How long the wording check (错敏词) takes at county scale, and why it uses Aho–Corasick.

    .venv/bin/python benchmarks/corpus.py /tmp/county        # once: the county-scale project
    .venv/bin/python benchmarks/wording_bench.py /tmp/county  # then this

It loads the project once (as `pufa check` does), then times, as the median of several runs:
- the wording check as `check` and `build` run it (`workflow.check_wording`: the list, every page,
  the data files), next to the whole `load_content` it is part of;
- three ways to find the words, on the same texts, with the built-in list and with the built-in
  list plus 5,000 more words (a purchased 错敏词 list is that long): one Aho–Corasick automaton
  (pyahocorasick, what wording.py uses), one `str.find` per word, and one regular expression that
  alternates all words.
Prints a table; not a test.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))  # run from a checkout without installing

from pufa import workflow
from pufa.content import load_content
from pufa.problems import ERROR
from pufa.workflow.wording import BUILTIN, Entry, Matcher

EXTRA_WORDS = 5000


def _median(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _by_find(words: list[str], texts: list[str]) -> int:
    hits = 0
    for text in texts:
        for word in words:
            start = text.find(word)
            while start != -1:
                hits += 1
                start = text.find(word, start + 1)
    return hits


def _by_regex(pattern: re.Pattern, texts: list[str]) -> int:
    return sum(len(pattern.findall(text)) for text in texts)


def _by_automaton(matcher: Matcher, texts: list[str]) -> int:
    return sum(len(matcher.find(text)) for text in texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="a project, e.g. one written by benchmarks/corpus.py")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    root = args.root.resolve()

    started = time.perf_counter()
    loaded = load_content(root)
    load_seconds = time.perf_counter() - started
    texts = list(loaded.texts.values())
    chars = sum(len(t) for t in texts)
    print(f"project: {root}  pages read: {len(texts)}  characters: {chars:,}  errors found: {len(loaded.problems)}")

    check = _median(lambda: workflow.check_wording(root, "docs", loaded.texts, loaded.pages), args.repeat)
    whole = _median(lambda: load_content(root), max(1, args.repeat // 2))
    rows = [
        ("wording check as check/build run it (built-in + data/wording.yml)", check),
        ("load_content, everything `pufa check` reads (includes the above)", whole),
    ]
    print(f"first load_content (cold file cache): {load_seconds:.2f} s")
    print()
    print("| what | median |")
    print("| --- | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:.1f} ms |")
    print(f"| share of the wording check in load_content | {check / whole:.1%} |")

    print()
    print(f"| matcher | {len(BUILTIN)} built-in words | + {EXTRA_WORDS:,} words |")
    print("| --- | ---: | ---: |")
    extra = tuple(Entry(f"测试错词{i:05d}", "正确", ERROR) for i in range(EXTRA_WORDS))
    results = {}
    for size, entries in (("small", BUILTIN), ("large", BUILTIN + extra)):
        words = sorted({e.wrong for e in entries} | {x for e in entries for x in e.exceptions}, key=len, reverse=True)
        matcher = Matcher(entries)
        pattern = re.compile("|".join(map(re.escape, words)))
        results[("Aho–Corasick (pyahocorasick)", size)] = _median(lambda m=matcher: _by_automaton(m, texts), args.repeat)
        results[("str.find per word", size)] = _median(lambda w=words: _by_find(w, texts), args.repeat)
        results[("one alternation regex", size)] = _median(lambda p=pattern: _by_regex(p, texts), max(1, args.repeat // 2))
        results[("building the automaton", size)] = _median(lambda e=entries: Matcher(e), args.repeat)
    for name in ("Aho–Corasick (pyahocorasick)", "str.find per word", "one alternation regex", "building the automaton"):
        print(f"| {name} | {results[(name, 'small')] * 1000:.1f} ms | {results[(name, 'large')] * 1000:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
