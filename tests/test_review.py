"""Three-level review (三审): off by default, required with extra.pufa.require_review, a 待审 banner
in the preview that never blocks, and the record never published."""

from __future__ import annotations

import re

from conftest import POST, tree_digest

from pufa.adapter import engine
from pufa.commands.cli import main
from pufa.content import load_content
from pufa.model import Signature

POST_PATH = "docs/blog/posts/review-test.md"
SIGNED = "review:\n  初审: 赵审核 2026-02-01\n  复审: 钱审核 2026-02-02\n  终审: 孙审核 2026-02-03\n"


def _post(project, front: str = "", name: str = "review-test") -> None:
    (project / f"docs/blog/posts/{name}.md").write_text(POST.replace("---\n\n正文", f"{front}---\n\n正文"), "utf-8")


def _require_review(project, value: str = "true") -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("extra:\n", f"extra:\n  pufa:\n    require_review: {value}\n", 1), "utf-8")


def test_review_is_off_by_default_and_the_default_content_names_nobody(project, capsys):
    loaded = load_content(project)
    assert loaded.workflow.require_review is False and loaded.publish_problems == []
    assert all(post.review == () for post in loaded.content.posts)
    assert "review:" not in "".join(p.read_text("utf-8") for p in (project / "docs").rglob("*.md"))
    assert main(["--root", str(project), "build"]) == 0


def test_a_sign_off_record_is_read_in_order(project):
    _post(project, "review: {终审: 孙审核 2026-02-03, 初审: 赵审核，2026-02-01}\n")
    post = next(p for p in load_content(project).content.posts if p.src_uri.endswith("review-test.md"))
    assert post.review == (
        Signature("初审", "赵审核", __import__("datetime").date(2026, 2, 1)),
        Signature("终审", "孙审核", __import__("datetime").date(2026, 2, 3)),
    )


def test_required_review_refuses_every_unreviewed_post_at_once_and_keeps_the_site(built_project, capsys):
    before = tree_digest(built_project / "site")
    _require_review(built_project)
    _post(built_project, SIGNED)
    assert main(["--root", str(built_project), "build"]) == 1
    out = capsys.readouterr().out
    refused = re.findall(r"^(docs/blog/posts/[\w-]+\.md):\d+: 没有终审，不能发布", out, re.M)
    assert len(refused) == 14 and POST_PATH not in refused  # all default posts at once; the signed one passes
    assert "网站没有更新" in out
    assert tree_digest(built_project / "site") == before
    # check says the same before anyone builds
    assert main(["--root", str(built_project), "check"]) == 1
    assert len(re.findall("没有终审，不能发布", capsys.readouterr().out)) == 14


def test_required_review_passes_when_every_post_has_final_sign_off_or_is_a_draft(project, capsys):
    _require_review(project)
    for path in (project / "docs/blog/posts").glob("*.md"):
        text = path.read_text("utf-8")
        path.write_text(text.replace("\n---\n", "\n" + SIGNED + "---\n", 1), "utf-8")
    _post(project, "draft: true\n", name="draft-test")  # not published: needs no sign-off yet
    assert main(["--root", str(project), "build"]) == 0
    site = project / "site"
    # The record is internal: no reviewer's name reaches the site.
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "孙审核" not in text and "赵审核" not in text and "待审" not in text, page


def test_the_preview_never_blocks_and_shows_a_pending_banner(project, capsys):
    _require_review(project)
    _post(project, SIGNED)
    assert engine.build(project, site_dir=".preview", preview=True) == 0
    out = capsys.readouterr().out
    assert out.startswith("网站已生成")
    assert "docs/blog/posts/2023-zhuizi-tour.md:1: 提醒：没有终审，正式生成时不能发布" in out
    pending = (project / ".preview/blog/2023-zhuizi-tour/index.html").read_text("utf-8")
    assert "待审：本文还没有终审" in pending and "正式生成（python -m pufa build）会拒绝发布" in pending
    signed = (project / ".preview/blog/review-test/index.html").read_text("utf-8")
    assert "待审" not in signed


def test_without_the_setting_a_review_under_way_is_marked_in_the_preview_only(project, capsys):
    _post(project, "review:\n  初审: 赵审核 2026-02-01\n")
    assert engine.build(project, site_dir=".preview", preview=True) == 0
    assert "待审" in (project / ".preview/blog/review-test/index.html").read_text("utf-8")
    assert "待审" not in (project / ".preview/blog/2023-zhuizi-tour/index.html").read_text("utf-8")
    assert main(["--root", str(project), "build"]) == 0  # off: the publish build does not ask
    assert "待审" not in (project / "site/blog/review-test/index.html").read_text("utf-8")


def test_malformed_records_are_explained(project):
    _post(project, "review:\n  初审: 赵审核\n  二审: 钱审核 2026-02-02\n  复审: 钱审核 2026-02-05\n  终审: 孙审核 2026-02-03\n")
    problems = {(p.line, p.message) for p in load_content(project).problems if p.path == POST_PATH}
    assert problems == {
        (9, "初审要写审核人姓名和日期"),
        (10, "不认识的审核级别“二审”"),
        (12, "终审日期早于复审日期"),
    }
    _post(project, SIGNED + "published: 2026-02-01\n")
    problems = [(p.line, p.message) for p in load_content(project).problems if p.path == POST_PATH]
    assert problems == [(12, "发布日期（published）早于终审日期")]
    _post(project, "review: 已审\n")
    assert [p.message for p in load_content(project).problems if p.path == POST_PATH] == ["三审记录（review）格式不对"]


def test_a_wrong_setting_is_explained(project):
    _require_review(project, "是")
    problems = [p for p in load_content(project).problems if p.path == "mkdocs.yml"]
    assert [p.message for p in problems] == ["require_review 只能是 true、false 或一个日期"]
    assert problems[0].line and "require_review" in (project / "mkdocs.yml").read_text("utf-8").split("\n")[problems[0].line - 1]


def test_review_required_from_a_day_on_leaves_older_posts_as_they_are(project, capsys):
    _require_review(project, "2026-02-01")
    _post(project, "published: 2026-02-05\n", name="after")  # published after: needs 终审
    _post(project, "", name="undated")  # no published: date; its event (2023-05) is long before
    text = POST.replace("date: 2023-05", "date: 2026")  # a year-only event date that may fall after the day
    (project / "docs/blog/posts/this-year.md").write_text(text, "utf-8")
    loaded = load_content(project)
    assert sorted(p.path for p in loaded.publish_problems) == ["docs/blog/posts/after.md", "docs/blog/posts/this-year.md"]
    assert loaded.workflow.review_since.isoformat() == "2026-02-01"
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    assert "docs/blog/posts/after.md:1: 没有终审，不能发布（mkdocs.yml 设置了 require_review）" in out
    assert "2023-zhuizi-tour" not in out  # the default posts are older than the rule
