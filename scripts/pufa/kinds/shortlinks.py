"""Permanent short links `/p/<id>/` for QR codes: printed once, valid for years.

A page claims an id with `qr: <id>` in its front matter. data/qr.yml lists every id that has
been printed; the build fails when a printed id no longer has a page, so a sign is never left
pointing at nothing. Moving the page is fine: the link follows the id, not the path.
"""

from __future__ import annotations

from pathlib import Path

from pufa.pages.csp import META
from pufa.pages.sharemeta import Share, escape, head_tags
from pufa.problems import Problem, quote
from pufa.schema import SHORT_LINK_PREFIX
from pufa.sources import fields
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.yamlfile import line_of, load_yaml

REGISTRY_FILE = "data/qr.yml"
PREFIX = SHORT_LINK_PREFIX
QR_ID, ID_EXPECTED, check_id = fields.QR_ID, fields.ID_EXPECTED, fields.check_id  # one check for every printed id


def claims(
    pages: dict[str, FrontMatter], docs_rel: str, unpublished: dict[str, str] | None = None
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]], list[Problem]]:
    """Who claims each id: (published owners, unpublished owners, problems for bad or doubled ids).

    An owner is (src_uri, anchor); unpublished maps a page that is not published (a draft, an
    excluded file) to why, and its ids are owned only in the second mapping, as (src_uri, why)."""
    unpublished = unpublished or {}
    owners: dict[str, tuple[str, str]] = {}
    hidden: dict[str, tuple[str, str]] = {}
    problems = []
    for src_uri, fm in sorted(pages.items()):
        rel = f"{docs_rel}/{src_uri}"
        for value, anchor, line in _declared(fm):
            why = check_id(value)
            if why:
                problems.append(Problem(rel, line, f"二维码编号（qr）{why}", expected=ID_EXPECTED, actual=quote(value)))
            elif value in owners or value in hidden:
                other = f"{docs_rel}/{(owners.get(value) or hidden[value])[0]}"
                problems.append(
                    Problem(
                        rel,
                        line,
                        f"二维码编号“{value}”已被另一个页面使用",
                        expected="每个编号只属于一个页面或展项",
                        actual=f"{other} 也写了 qr: {value}",
                        fix="如何修改：给其中一个换一个新编号（已印刷的编号不能换）",
                    )
                )
            elif src_uri in unpublished:
                hidden[value] = (src_uri, unpublished[src_uri])
            else:
                owners[value] = (src_uri, anchor)
    return owners, hidden, problems


def add_generated(owners: dict[str, tuple[str, str]], generated, what: str) -> list[Problem]:
    """Put ids the build gives its own pages into owners; an id an editor's page took too is a problem."""
    problems = []
    for code, owner in sorted(generated.items()):
        if code in owners and owners[code] != owner:
            problems.append(
                Problem(
                    f"docs/{owners[code][0]}",
                    None,
                    f"二维码编号“{code}”留给自动生成的{what}页面",
                    expected=f"编辑的页面不用 {code} 这个编号",
                    actual=f"自动生成的 {owner[0]} 也用它",
                    fix="如何修改：给这个页面换一个编号（已印刷的编号不能换，请联系管理员）",
                )
            )
            continue
        owners[code] = owner
    return problems


def _declared(fm: FrontMatter):
    """(id, anchor, line) for the page's own qr and each exhibit's; an exhibit's id is its anchor."""
    if "qr" in fm.meta:
        yield fm.meta["qr"], "", fm.line("qr")
    exhibits = fm.meta.get("exhibits")
    for item in exhibits if isinstance(exhibits, list) else []:
        if isinstance(item, dict) and item.get("qr") not in (None, ""):
            yield item["qr"], str(item["qr"]), fm.line("exhibits")


def check_registry(
    root: Path, owners: dict[str, tuple[str, str]], hidden: dict[str, tuple[str, str]] | None = None
) -> list[Problem]:
    """Every printed id in data/qr.yml must still be claimed by a published page.

    hidden: ids claimed only by pages that are not published, as (src_uri, why)."""
    hidden = hidden or {}
    rel = REGISTRY_FILE
    if not (root / rel).exists():
        return []
    data, problems = load_yaml(root / rel, rel)
    codes = data.get("codes") if isinstance(data, dict) else None
    if data is not None and not isinstance(codes, list):
        return [*problems, Problem(rel, line_of(data, "codes"), "缺少 codes: 列表", expected="codes: 下面每个已印刷的编号一行")]
    seen: dict[str, int | None] = {}
    for item in codes or []:
        code = item.get("id") if isinstance(item, dict) else item
        line = line_of(item, "id")
        why = check_id(code)
        if why:
            problems.append(Problem(rel, line, f"二维码编号{why}", expected=ID_EXPECTED, actual=quote(code)))
        elif code in seen:
            problems.append(
                Problem(
                    rel, line, f"二维码编号“{code}”登记了两次", actual=f"第 {seen[code]} 行已有", fix="如何修改：删掉重复的一行"
                )
            )
        elif code in hidden:
            src, reason = hidden[code]
            problems.append(
                Problem(
                    rel,
                    line,
                    f"已印刷的二维码“{code}”指向的页面不会发布：docs/{src} 是{reason}",
                    expected="印出去的二维码打开一个已发布的页面",
                    actual=f"网站上不会有 /p/{code}/",
                    fix="如何修改：发布这个页面（删掉 draft: true，或从 exclude_docs 中去掉它），或把 qr: "
                    + code
                    + " 写到一个已发布的页面上",
                )
            )
        elif code not in owners:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"已印刷的二维码“{code}”找不到对应的页面",
                    expected=f"有一个页面的前置信息写着 qr: {code}",
                    actual="没有",
                    fix="如何修改：页面搬家了就在新页面写上这个 qr；阵地关闭了就写一个说明页并写上这个 qr。已印刷的编号不能删除",
                )
            )
        if isinstance(item, dict):
            problems += _check_printed(item, rel)
        seen.setdefault(code, line)
    return problems


def _check_printed(item: dict, rel: str) -> list[Problem]:
    """printed: the day the sign was printed, or empty; an impossible date is reported by the loader."""
    problems: list[Problem] = []
    fields.day(item, "printed", "印刷日期", rel, problems)
    return problems


def registered(root: Path) -> list[str]:
    """The valid ids listed in data/qr.yml (check_registry reports the rest)."""
    if not (root / REGISTRY_FILE).exists():
        return []
    data, _ = load_yaml(root / REGISTRY_FILE, REGISTRY_FILE)
    codes = data.get("codes") if isinstance(data, dict) else None
    items = [item.get("id") if isinstance(item, dict) else item for item in codes or []] if isinstance(codes, list) else []
    return [code for code in items if not check_id(code)]


def render_redirect(target: str, share: Share) -> str:
    """The page at p/<id>/: sends the reader on to target (relative), with or without JavaScript.

    It carries the target's title, description and share image, so a short link pasted into
    WeChat shows the same card as the page itself."""
    url = escape(target)
    return (
        "<!doctype html>\n"
        '<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        f"{META}\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f'<link rel="canonical" href="{escape(share.url) if share.url else url}">\n'
        f"{head_tags(share)}\n</head>\n<body>\n"
        f'<p>正在打开 <a href="{url}">{escape(share.own_title)}</a>……</p>\n'
        "</body>\n</html>\n"
    )
