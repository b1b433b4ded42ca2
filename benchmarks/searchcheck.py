"""The search query-set check: what a reader gets for a fixed list of queries, on a built site.

    .venv/bin/python benchmarks/searchcheck.py SITE [--set county|default] [--json FILE]

For every query (sub-word, whole term, synonym, no result) it types the query into the real search
dialog of the built site in headless Chromium with the CPU throttled 4× (CDP
Emulation.setCPUThrottlingRate) and reads the result list as a reader sees it. Then:

- search recall@5: for each query with expected pages, |top 5 ∩ expected| / min(5, |expected|),
  averaged. Expected pages come from the built HTML, not from any search index: the pages whose
  title or a heading contains the query (or, for a synonym query, one of its terms in
  data/synonyms.yml); if no page has it there, the pages whose text contains it. Blog lists
  (archives, categories, pages 2…) are never expected: they only repeat posts.
- search precision@3: of the top 3 result pages of every query that has results, the share whose
  text contains the query as typed (for a synonym query: or one of its terms).
- no-result queries (no page has the query or its terms): how many show no result, and how many
  show the panel that offers 12348 (pufa-search.js).
- search latency: from the keystroke that completes a query (input + keyup, as an IME commit or
  the last key press gives) to the rendered result list, on the 4× throttled CPU, as median and
  90th percentile; and the first search on its own, timed from opening search, since it also
  downloads and sets up the index. Chromium throttles only a page's own thread ("Operation is only supported for
  pages, not workers"), so the search worker runs in an iframe on the page's thread here (the
  offline bundle's iframe-worker shim): the worker's work is throttled too, and nothing runs in
  parallel, which makes the figure a little pessimistic.
- first-search bytes: everything fetched from opening search to the first rendered results
  (index, text files, Material's lunr language files for the old search), gzip -6 as nginx sends it.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHIM = REPO / "overrides" / "assets" / "javascripts" / "iframe-worker-shim.js"
QUERY = "input[data-md-component=search-query]"
THROTTLE = 4
PHONE = {"width": 360, "height": 800}


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # sub-word, whole term, synonym, no result


def _q(kind: str, *texts: str) -> list[Query]:
    return [Query(t, kind) for t in texts]


# Over the generated county (benchmarks/corpus.py word lists and its services page).
COUNTY = [
    *_q(
        "sub-word",
        "援助",
        "明白人",
        "诈骗",
        "顾问",
        "调解",
        "体检",
        "讨薪",
        "副校长",
        "坠子",
        "欺凌",
        "交通安全",
        "问答",
        "电影",
        "暴力",
    ),
    *_q(
        "whole term",
        "法律援助",
        "人民调解",
        "电信网络诈骗",
        "宅基地纠纷",
        "法律明白人",
        "民法典",
        "模拟法庭",
        "12348",
        "以案释法",
        "法治文化公园",
    ),
    *_q("synonym", "离婚", "欠薪", "打官司", "免费律师", "家暴", "被骗", "不养老人", "村里的律师"),
    *_q("no result", "工伤", "医疗纠纷", "物业费", "拆迁补偿"),
]
# Over the default site (the examples).
DEFAULT = [
    *_q("sub-word", "援助", "明白人", "诈骗", "顾问", "体检"),
    *_q("whole term", "法律援助", "人民调解", "12348", "公证", "普法坠子"),
    *_q("synonym", "欠薪", "打官司", "家暴", "免费律师", "被骗"),
    *_q("no result", "离婚", "宅基地", "工伤"),
]
SETS = {"county": COUNTY, "default": DEFAULT}
_LISTS = re.compile(r"^blog/$|^blog/(archive|category|township)/|(^|/)page/\d+/")


@dataclass
class Page:
    title: str
    headings: list[str]
    text: str


@dataclass
class Answer:
    query: str
    kind: str
    pages: list[str]  # result pages in order (site-relative URL, no anchor)
    ms: float
    panel: bool  # pufa's empty-result panel shown
    expected: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip().lower()


def site_pages(site: Path) -> dict[str, Page]:
    """Every content page of a built site: URL -> title, headings, text (from its HTML)."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix()
        url = "" if url == "." else url + "/"
        if url.startswith(("p/", "roster/", "assets/", "search/")):
            continue
        raw = path.read_text("utf-8")
        content = re.search(r'<div class="md-content[^"]*" data-md-component="content">(.*?)</main>', raw, re.DOTALL)
        if not content:
            continue
        body = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", content.group(1))
        title = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.DOTALL)
        headings = [_plain(h) for h in re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", body, re.DOTALL)]
        pages[url] = Page(_plain(title.group(1)) if title else "", headings, _plain(body))
    return pages


def relevant_terms(query: Query, synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    return [query.text.lower(), *synonyms.get(query.text, ())]


def expected_pages(terms: list[str], pages: dict[str, Page]) -> list[str]:
    candidates = {url: page for url, page in pages.items() if not _LISTS.search(url)}
    named = [url for url, p in candidates.items() if any(t in p.title or any(t in h for h in p.headings) for t in terms)]
    return named or [url for url, p in candidates.items() if any(t in p.text for t in terms)]


def run_queries(site: Path, queries: list[Query], serve, sizes, throttle: int = THROTTLE) -> tuple[list[Answer], int, list[str]]:
    """Type every query into the search of the built site; (answers, first-search gzip bytes, files fetched then)."""
    sys.path.insert(0, str(REPO / "tests"))
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    answers: list[Answer] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            # The worker on the page's thread, where the CPU throttle applies (see the module docstring).
            context.add_init_script(SHIM.read_text("utf-8") + "\nwindow.Worker = window.IFrameWorker;")
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(base + "about/", wait_until="networkidle")
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            page.evaluate(_MEASURE)
            before = len(finished)
            page.evaluate("() => { window.pufaBench.opened = performance.now(); }")
            page.click("label[for=__search]")
            page.wait_for_selector(f"{QUERY}:focus")
            first_bytes, first_files = 0, []
            for i, query in enumerate(queries):
                page.evaluate("([q, first]) => window.pufaBench.ask(q, first)", [query.text, i == 0])
                page.wait_for_function("() => window.pufaBench.done", timeout=60000, polling=50)
                result = page.evaluate("() => window.pufaBench.result()")
                answers.append(Answer(query.text, query.kind, result["pages"], result["ms"], result["panel"]))
                if i == 0:
                    page.wait_for_timeout(300)
                    for request in finished[before:]:
                        size = sizes(request)[0]
                        first_bytes += size
                        first_files.append(f"{request.url.rsplit('/', 1)[-1]} {size / 1000:.1f} KB")
            for answer in answers:
                answer.pages = [_relative(base, link) for link in answer.pages]
        finally:
            browser.close()
    return answers, first_bytes, first_files


def _relative(base: str, link: str) -> str:
    from urllib.parse import unquote

    return unquote(link.split("#", 1)[0]).removeprefix(base)


# In the page: enter a query as an IME commit or a last key press does, and time the rendering.
_MEASURE = """() => {
  const box = document.querySelector('input[data-md-component=search-query]');
  const meta = document.querySelector('.md-search-result__meta');
  const bench = window.pufaBench = {done: true, started: 0, ended: 0};
  new MutationObserver(() => {
    if (bench.done || !meta.textContent.trim() || /正在初始化/.test(meta.textContent)) return;
    requestAnimationFrame(() => { if (!bench.done) { bench.ended = performance.now(); bench.done = true; } });
  }).observe(document.querySelector('.md-search-result'), {subtree: true, childList: true, characterData: true});
  bench.ask = (text, first) => {
    meta.textContent = '';
    bench.done = false;
    // The first search is timed from opening search: it includes fetching and setting up the index,
    // which may happen before or after the reader's first keystroke.
    bench.started = first ? bench.opened : performance.now();
    box.value = text;
    box.dispatchEvent(new InputEvent('input', {inputType: 'insertText', data: text, bubbles: true}));
    box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
  };
  bench.result = () => ({
    ms: bench.ended - bench.started,
    pages: [...document.querySelectorAll('.md-search-result__item > a:first-child')].map(a => a.href),
    panel: !!document.querySelector('.pufa-search-empty'),
  });
}"""


def score(answers: list[Answer], pages: dict[str, Page], synonyms: dict[str, tuple[str, ...]]) -> dict:
    """recall@5, precision@3, no-result handling and latency, overall and by kind of query."""
    recalls: dict[str, list[float]] = {}
    hits = slots = 0
    no_result = {"queries": 0, "empty": 0, "panel": 0}
    for answer in answers:
        answer.terms = relevant_terms(Query(answer.query, answer.kind), synonyms)
        answer.expected = expected_pages(answer.terms, pages)
        top = list(dict.fromkeys(answer.pages))
        if answer.expected:
            found = len(set(top[:5]) & set(answer.expected))
            recalls.setdefault(answer.kind, []).append(found / min(5, len(answer.expected)))
        else:
            no_result["queries"] += 1
            no_result["empty"] += not top
            no_result["panel"] += answer.panel
        for url in top[:3]:
            slots += 1
            page = pages.get(url)
            hits += bool(page and any(t in page.title + " " + page.text for t in answer.terms))
    every = [r for values in recalls.values() for r in values]
    times = [a.ms for a in answers[1:]]
    return {
        "queries": len(answers),
        "recall_at_5": sum(every) / len(every) if every else 0.0,
        "recall_by_kind": {kind: sum(v) / len(v) for kind, v in recalls.items()},
        "precision_at_3": hits / slots if slots else 0.0,
        "top3_slots": slots,
        "no_result": no_result,
        "latency_first_ms": answers[0].ms if answers else 0.0,
        "latency_median_ms": statistics.median(times) if times else 0.0,
        "latency_p90_ms": statistics.quantiles(times, n=10)[-1] if len(times) >= 2 else (times[0] if times else 0.0),
    }


def report(figures: dict, first_bytes: int, first_files: list[str], answers: list[Answer]) -> list[str]:
    lines = [
        f"search recall@5:    {figures['recall_at_5']:.2f}  ("
        + ", ".join(f"{k} {v:.2f}" for k, v in figures["recall_by_kind"].items())
        + ")",
        f"search precision@3: {figures['precision_at_3']:.2f}  (top-3 results containing the query or its synonym terms, {figures['top3_slots']} results)",
        f"no-result queries:  {figures['no_result']['empty']}/{figures['no_result']['queries']} show no result, {figures['no_result']['panel']} with the 12348 panel",
        f"search latency ({THROTTLE}× CPU): first search {figures['latency_first_ms']:.0f} ms from opening search (downloads and sets up the index), then median {figures['latency_median_ms']:.0f} ms, p90 {figures['latency_p90_ms']:.0f} ms",
        f"first search downloads {first_bytes / 1000:.1f} KB gzip: {', '.join(first_files)}",
        "per query (results; expected pages found in the top 5):",
    ]
    for a in answers:
        top = list(dict.fromkeys(a.pages))
        found = len(set(top[:5]) & set(a.expected))
        lines.append(
            f"  {a.kind:<10} {a.query:<8} {len(top):>4} results, {found}/{min(5, len(a.expected))} expected in top 5, {a.ms:6.0f} ms  top: {' | '.join(u or '/' for u in top[:3])}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--set", choices=sorted(SETS), default="county")
    parser.add_argument(
        "--synonyms", type=Path, default=REPO, help="project folder whose data/synonyms.yml gives the synonym terms"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import county

    from pufa.sources.synonyms import load_synonyms

    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", line_buffering=True)
    synonyms, _ = load_synonyms(args.synonyms)
    started = time.perf_counter()
    answers, first_bytes, first_files = run_queries(args.site, SETS[args.set], county.gzip_server, county._sizes)
    figures = score(answers, site_pages(args.site), synonyms)
    print("\n".join(report(figures, first_bytes, first_files, answers)))
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"figures": figures, "first_bytes": first_bytes, "answers": [asdict(a) for a in answers]},
                ensure_ascii=False,
                indent=1,
            ),
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
