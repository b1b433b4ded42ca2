"""Site search as citizens use it: sub-word recall, whole-query ranking, synonyms, every way of
entering text, a helpful empty result, a small index; and data/synonyms.yml checked like the
other data files."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from browser import chromium_path, phone_page, serve
from conftest import POST, tree_digest

from pufa.adapter import engine, search
from pufa.commands.cli import main
from pufa.sources.synonyms import load_synonyms

browser = pytest.mark.skipif(chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`")
AXE = Path(__file__).parent / "js/node_modules/axe-core/axe.min.js"
QUERY = "input[data-md-component=search-query]"
NONE = "没有找到相关内容。可以拨打 12348 公共法律服务热线咨询，或到所在乡镇的司法所。"


# ------------------------------------------------------------------------- the index on disk


def index_of(site: Path) -> dict:
    return json.loads((site / search.INDEX).read_text("utf-8"))["docs"]


def decode(text: str) -> list[int]:
    """The worker's varints (search.varint), decoded the way pufa-search-worker.js does."""
    values, n, shift = [], 0, 0
    for char in text:
        v = search._BASE64.index(char)
        if v >= 32:
            n += (v - 32) << shift
            shift += 5
        else:
            values.append(n + (v << shift))
            n, shift = 0, 0
    return values


def pages_with_word_containing(docs: dict, needle: str) -> set[str]:
    """Pages the index says contain needle: the postings of every word that contains it."""
    found = set()
    for w, word in enumerate(docs["words"].split("\n")):
        if needle in word:
            page = -1
            for value in decode(docs["postings"][w]):
                page += value // 3
                found.add(docs["pages"][page][0])
    return found


def page_text(site: Path, url: str) -> str:
    """The visible content of a built page (without header, nav and footer), as plain text."""
    path = site / unquote(url)
    path = path / "index.html" if url.endswith("/") or not url else path
    content = re.search(
        r'<div class="md-content[^"]*" data-md-component="content">(.*?)</main>', path.read_text("utf-8"), re.DOTALL
    )
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content.group(1))))


def test_index_keeps_legal_words_whole_and_holds_no_page_text(built_site):
    docs = index_of(built_site)
    words = docs["words"].split("\n")
    assert words == sorted(words)
    assert "法律明白人" in words and "法律援助" in words  # data/jieba_user.txt keeps them whole
    raw = (built_site / search.INDEX).read_text("utf-8")
    assert "\u200b" not in raw
    assert "累计受理、审查、指派" not in raw  # sentences live in the per-page text files only
    urls = [row[0] for row in docs["pages"]]
    assert "services/" in urls and "blog/2023-legal-literates/" in urls
    assert not [u for u in urls if u.startswith("blog/archive/") or "/page/" in u]  # lists repeat the posts
    assert not [u for u in urls if u.startswith("roster/")]  # the roster stays out of search
    category = next(row for row in docs["pages"] if row[0].startswith("blog/category/"))
    assert category[2] == ""  # lists are found by their title only


def text_file(site: Path, name: str) -> list[list[str]]:
    script = (site / search.TEXT_DIR / f"{name}.js").read_text("utf-8")
    assert script.startswith(f'pufaSearchText("{name}",') and script.endswith(")\n")
    return json.loads(script[script.index(",") + 1 : script.rindex(")")])


def test_postings_find_every_page_that_contains_a_part_of_a_word(built_site):
    docs = index_of(built_site)
    texts = {
        row[0]: row[1] + " ".join(h + " " + t for _, h, t in text_file(built_site, row[2])) for row in docs["pages"] if row[2]
    }
    for needle in ("援助", "明白人", "诈骗", "顾问", "体检", "法律援助", "12348"):
        indexed = pages_with_word_containing(docs, needle)
        having = {url for url, text in texts.items() if needle in text}
        assert having and having == indexed & set(texts), (needle, having ^ indexed)
        assert all(needle in page_text(built_site, url) for url in having)  # the text files are what the pages show


def test_postings_never_look_like_personal_numbers(built_site):
    docs = index_of(built_site)
    # The publication gate reads every file for phone and ID numbers: the encoding has no digits.
    assert not re.search(r"[0-9-]", "".join(docs["postings"]))
    assert decode(search.varint(3 * 10**6)) == [3 * 10**6]


def test_text_files_are_plain_text_scripts_named_by_content(built_site):
    docs = index_of(built_site)
    row = next(r for r in docs["pages"] if r[0] == "services/")
    script = (built_site / search.TEXT_DIR / f"{row[2]}.js").read_text("utf-8")
    sections = text_file(built_site, row[2])
    by_anchor = {anchor: (heading, text) for anchor, heading, text in sections}
    assert by_anchor["法律援助"][0] == "法律援助" and "法律援助案件1265件" in by_anchor["法律援助"][1]
    assert "<" not in script and "\u200b" not in script and "//" not in script
    names = [r[2] for r in docs["pages"] if r[2]]
    assert len(names) == len(set(names)) == len(list((built_site / search.TEXT_DIR).glob("*.js")))


def test_an_unchanged_page_keeps_its_text_file_across_builds(project):
    assert engine.build(project) == 0
    before = {r[0]: r[2] for r in index_of(project / "site")["pages"]}
    about = project / "docs/about.md"
    about.write_text(about.read_text("utf-8") + "\n补充一句说明。\n", "utf-8")
    assert engine.build(project) == 0
    after = {r[0]: r[2] for r in index_of(project / "site")["pages"]}
    assert after["about/"] != before["about/"]
    assert after["services/"] == before["services/"]


# ------------------------------------------------------------------------- data/synonyms.yml


def test_default_synonyms_load_and_reach_the_index(built_site):
    mapping, problems = load_synonyms(Path(__file__).resolve().parents[1])
    assert problems == []
    assert len(mapping) >= 30
    assert mapping["离婚"] == ("婚姻家庭",) and "劳动报酬" in mapping["欠薪"] and mapping["免费律师"] == ("法律援助",)
    assert index_of(built_site)["synonyms"]["打官司"] == ["诉讼"]


SYNONYMS = "synonyms:\n  - words: [欠薪, 讨薪]\n    terms: [劳动报酬]\n  - words: [打官司]\n    terms: [诉讼]\n"

BAD_SYNONYMS = [
    ("no-list", "synonyms: 欠薪\n", "data/synonyms.yml:1:", "缺少 synonyms: 列表"),
    ("entry-is-text", "synonyms:\n  - 欠薪 等于 劳动报酬\n", "data/synonyms.yml:2:", "同义词的一组格式不对"),
    ("unknown-key", SYNONYMS.replace("    terms: [诉讼]", "    term: [诉讼]"), "data/synonyms.yml:5:", "同义词里不认识“term”"),
    ("missing-terms", SYNONYMS.replace("    terms: [劳动报酬]\n", ""), "data/synonyms.yml:2:", "同义词缺少 terms"),
    ("joined-words", SYNONYMS.replace("[欠薪, 讨薪]", "欠薪、讨薪"), "data/synonyms.yml:2:", "words 里的几个词写在了一起"),
    ("space-in-word", SYNONYMS.replace("[打官司]", "[打 官司]"), "data/synonyms.yml:4:", "中间有空格"),
    ("duplicate", SYNONYMS.replace("[打官司]", "[打官司, 讨薪]"), "data/synonyms.yml:4:", "“讨薪”写了两次"),
    (
        "word-is-its-term",
        SYNONYMS.replace("[劳动报酬]", "[劳动报酬, 欠薪]"),
        "data/synonyms.yml:2:",
        "“欠薪”同时写在 words 和 terms 里",
    ),
    ("not-a-word", SYNONYMS.replace("[诉讼]", "[{诉讼: 1}]"), "data/synonyms.yml:5:", "terms 里有一项不是词语"),
    ("bad-yaml", SYNONYMS.replace("[打官司]", "[打官司"), "data/synonyms.yml:", "YAML 格式不正确"),
]


@pytest.mark.parametrize(("name", "text", "where", "message"), BAD_SYNONYMS, ids=[c[0] for c in BAD_SYNONYMS])
def test_bad_synonyms_are_named_with_file_and_line(project, capsys, name, text, where, message):
    (project / "data/synonyms.yml").write_text(text, "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert any(line.startswith(where) and message in line for line in out.splitlines()), out
    assert "Traceback" not in out


def test_a_bad_synonyms_file_leaves_the_published_site_alone(project, capsys):
    assert main(["--root", str(project), "build"]) == 0
    published = tree_digest(project / "site")
    (project / "data/synonyms.yml").write_text(SYNONYMS.replace("[打官司]", "[打官司, 讨薪]"), "utf-8")
    assert main(["--root", str(project), "build"]) == 1
    assert "“讨薪”写了两次" in capsys.readouterr().out
    assert tree_digest(project / "site") == published


def test_no_synonyms_file_means_no_synonyms(project):
    (project / "data/synonyms.yml").unlink()
    assert engine.build(project) == 0
    assert index_of(project / "site")["synonyms"] == {}


# ------------------------------------------------------------------------- in the browser


def open_search(page, base: str | None = None, path: str = "blog/2023-arts-light-cavalry/"):
    """Open the search dialog (on a new page unless base is None) and wait until it stops moving."""
    if base is not None:
        page.goto(base + path, wait_until="networkidle")
    page.click("label[for=__search]")
    page.wait_for_selector(f"{QUERY}:focus")
    until(page, "() => document.getAnimations().every(a => a.playState !== 'running')")  # the dialog slides in


def answer(page, enter) -> list[str]:
    """Enter a query (enter(page) does it) and return the result pages' URLs once they are shown."""
    page.evaluate("document.querySelector('.md-search-result__meta').textContent = ''")
    enter(page)
    # A count or "none" (not the placeholder of an empty field, nor "initializing").
    until(page, "() => /符合条件的结果/.test(document.querySelector('.md-search-result__meta').textContent)")
    return page.eval_on_selector_all(".md-search-result__item > a:first-child", "links => links.map(a => a.href)")


def select_all(page) -> None:
    page.evaluate("q => document.querySelector(q).select()", QUERY)  # the next text replaces the query


def typed(text: str):
    """Typing: keyboard.type sends key events for ASCII and plain text input for Chinese characters."""
    return lambda page: (select_all(page), page.keyboard.type(text, delay=30))


def ime(text: str):
    """IME-like entry: the text arrives with no key event at all."""
    return lambda page: (select_all(page), page.keyboard.insert_text(text))


def until(page, predicate: str, seconds: float = 15) -> None:
    """Poll predicate with evaluate: wait_for_function can miss a change made by instant navigation."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(predicate):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {predicate}")


def site_url(base: str, link: str) -> str:
    return urlparse(link).path[len(urlparse(base).path) :]


@browser
@pytest.mark.parametrize(
    ("query", "term"),
    [("援助", "法律援助"), ("明白人", "法律明白人"), ("诈骗", "电信诈骗"), ("顾问", "法律顾问"), ("体检", "法治体检")],
)
def test_part_of_a_word_finds_pages_with_the_whole_word(built_site, query, term):
    with serve(built_site) as base, phone_page() as (page, _):
        open_search(page, base)
        links = answer(page, typed(query))
        assert links, query
        top = [site_url(base, link) for link in links[:3]]
        assert any(term in page_text(built_site, url) for url in top), (query, top)
        # The matched text is shown and marked in the results.
        assert page.locator(".md-search-result mark", has_text=query).count() > 0


@browser
def test_a_whole_term_ranks_the_pages_that_contain_it_first(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        open_search(page, base)
        links = answer(page, ime("法律援助"))
        urls = [site_url(base, link) for link in links]
        assert urls[0] == "services/"  # the page that explains 法律援助, with it as a heading
        assert all("法律援助" in page_text(built_site, url) for url in urls), urls
        # Material's old search returned every page with 法律 for this query.
        assert (
            len(urls) < sum(1 for row in index_of(built_site)["pages"] if row[2] and "法律" in page_text(built_site, row[0])) / 2
        )


@browser
def test_an_everyday_word_finds_the_legal_term_or_offers_a_call(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        open_search(page, base)
        # 欠薪 is not on the site; the hotline page has 讨薪 and 工资 (12333).
        links = answer(page, ime("欠薪"))
        assert "services/hotlines/" in [site_url(base, link) for link in links[:3]]
        assert not page.is_visible(".pufa-search-empty")
        # 离婚 → 婚姻家庭: the default site has no such page, so the reader gets the next step.
        assert answer(page, ime("离婚")) == []
        panel = page.locator(".pufa-search-empty")
        assert panel.is_visible() and NONE in panel.inner_text()
        assert page.get_attribute(".pufa-search-empty a[href='tel:12348']", "href") == "tel:12348"
        hrefs = panel.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert base + "services/#%E5%8F%B8%E6%B3%95%E6%89%80" in hrefs and base + "services/hotlines/" in hrefs
        assert not page.is_visible(".md-search-result__meta")  # the panel replaces the bare line
        # Enter does not open a panel link as if it were a result.
        page.press(QUERY, "Enter")
        page.wait_for_timeout(300)
        assert page.url == base + "blog/2023-arts-light-cavalry/"
        # The arrow keys reach its links, as they reach results.
        page.press(QUERY, "ArrowDown")
        assert page.evaluate("document.activeElement.getAttribute('href')") == "tel:12348"
        page.focus(QUERY)
        # A result again: the panel goes away.
        assert answer(page, ime("调解"))
        assert page.locator(".pufa-search-empty").count() == 0


@browser
def test_the_empty_result_links_work_under_the_csp_and_instant_navigation(project):
    with serve(project / "site") as base, phone_page() as (page, _):
        # Material navigates instantly (no page reload) only to pages its sitemap lists at this port.
        config = project / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace('site_url: !ENV [PUFA_SITE_URL, ""]', f"site_url: {base}"), "utf-8")
        assert engine.build(project) == 0
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        open_search(page, base)
        assert answer(page, ime("宅基地")) == []  # not on the default site
        page.evaluate("window.pufaSamePage = true")  # gone if the browser loads a new page
        page.click(".pufa-search-empty a >> text=服务热线")
        until(page, "() => document.title.startsWith('服务热线')")
        assert page.url == base + "services/hotlines/"
        assert page.evaluate("window.pufaSamePage") is True  # instant navigation, not a reload
        assert not page.is_checked("#__search")  # the dialog closed
        # After instant navigation the search and its panel still work, with absolute links.
        open_search(page)
        assert answer(page, ime("工伤")) == []
        page.click(".pufa-search-empty a >> text=找乡镇司法所")
        until(page, "() => document.title.startsWith('法律服务')")
        assert page.url.startswith(base + "services/#")
        assert page.evaluate("window.pufaSamePage") is True
        assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []
        assert [p for p in problems if "pufa" in p.lower()] == []


@browser
def test_pasted_text_searches_without_a_key_press(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        open_search(page, base)

        def paste(page):  # a long-press paste: a paste event, the text, an input event, no keys
            page.evaluate(
                """text => {
                  const box = document.querySelector('input[data-md-component=search-query]');
                  const data = new DataTransfer(); data.setData('text/plain', text);
                  box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
                  box.value = text;
                  box.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste', data: text, bubbles: true}));
                }""",
                "普法坠子",
            )

        links = answer(page, paste)
        assert site_url(base, links[0]) == "blog/2023-zhuizi-tour/"


@browser
def test_ime_composition_searches_when_committed_not_while_composing(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        open_search(page, base)
        cdp = page.context.new_cdp_session(page)
        page.evaluate("document.querySelector('.md-search-result__meta').textContent = ''")
        cdp.send("Input.imeSetComposition", {"text": "falvyuanzhu", "selectionStart": 11, "selectionEnd": 11})
        page.wait_for_timeout(700)
        assert page.inner_text(".md-search-result__meta").strip() == ""  # pinyin is not searched
        links = answer(page, lambda page: cdp.send("Input.insertText", {"text": "法律援助"}))
        assert page.input_value(QUERY) == "法律援助"
        assert site_url(base, links[0]) == "services/"


@browser
def test_keyboard_enter_opens_the_best_result(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        open_search(page, base)
        assert answer(page, typed("12348"))  # real key presses
        page.press(QUERY, "Enter")
        page.wait_for_url(re.compile(re.escape(base + "services/") + ".*"))
        assert not page.is_checked("#__search")


@browser
def test_nothing_of_search_is_fetched_before_search_opens(built_site):
    with serve(built_site) as base, phone_page() as (page, requests):
        page.goto(base + "services/", wait_until="networkidle")
        page.wait_for_timeout(500)
        assert not [u for u in requests if "/search/" in u]
        open_search(page, base, "services/")
        answer(page, ime("公证"))
        fetched = [u for u in requests if "/search/text/" in u]
        assert fetched and len(fetched) <= 16  # only the pages the results show


@browser
def test_offline_bundle_shows_snippets_from_file_urls(project, tmp_path):
    assert main(["--root", str(project), "build", "--offline"]) == 0
    import zipfile

    zipfile.ZipFile(project / "build/pufa-offline.zip").extractall(tmp_path)
    with phone_page() as (page, requests):
        page.goto((tmp_path / "pufa-offline/index.html").as_uri(), wait_until="load")
        page.click("label[for=__search]")
        links = answer(page, ime("援助"))
        assert links and links[0].endswith("services/index.html")
        assert page.locator(".md-search-result mark", has_text="援助").count() > 0  # text files load from file://
        assert {url.split(":", 1)[0] for url in requests} <= {"file", "data"}
        assert answer(page, ime("离婚")) == []
        assert page.locator(".pufa-search-empty a", has_text="服务热线").get_attribute("href").endswith("services/hotlines.html")


@browser
@pytest.mark.skipif(not AXE.is_file() and not os.environ.get("CI"), reason="axe-core is installed by `make test`")
def test_search_results_and_the_empty_panel_pass_axe(built_site):
    rules = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"
    with serve(built_site) as base, phone_page() as (page, _):
        open_search(page, base)
        page.add_script_tag(content=AXE.read_text("utf-8"))
        found = []
        for query in ("法律援助", "离婚"):
            answer(page, ime(query))
            page.mouse.move(10, 700)  # a pointer left over the reset button shows a fading tooltip; phones have none
            until(page, "() => document.getAnimations().every(a => a.playState !== 'running')")
            result = page.evaluate(f"axe.run(document.querySelector('.md-search'), {rules})")
            found += [(query, v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert page.is_visible(".pufa-search-empty")
        assert found == []


@browser
def test_a_title_with_markup_is_shown_as_text_in_results(project):
    hostile = POST.replace(
        "title: 测试活动", 'title: "萝卜</title><script>window.pufaHacked=1</script><img src=x onerror=window.pufaHacked=2>"'
    )
    (project / "docs/blog/posts/zz-hostile.md").write_text(hostile, "utf-8")
    assert engine.build(project) == 0
    raw = "\n".join(p.read_text("utf-8") for p in (project / "site/search").rglob("*.js*"))
    assert "<script" not in raw and "<img" not in raw  # stored as \u003c… escapes
    with serve(project / "site") as base, phone_page() as (page, _):
        open_search(page, base)
        links = answer(page, ime("萝卜"))
        assert site_url(base, links[0]) == "blog/zz-hostile/"
        title = page.locator(".md-search-result__item").first.locator("h1").inner_text()
        assert "</title><script>window.pufaHacked=1</script>" in title  # the reader sees the text as written
        assert page.locator(".md-search-result script, .md-search-result img").count() == 0
        assert page.evaluate("window.pufaHacked") is None
