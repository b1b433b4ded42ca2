"""The settings of mkdocs.yml that pufa itself needs, the ones it refuses, and the rule that a
site to publish has its address (site_url).

Read with the editors' YAML reader (yamlfile.py), not MkDocs, so `check` and the commands keep
working if the engine changes. MkDocs' own tags are understood as far as we need: !ENV through
pyyaml_env_tag (what MkDocs uses), !!python/... values are ignored.

Refused, because each makes every page load something from another host (slow or blank in
mainland China, and it tells a third party who reads what): analytics, fonts from Google, a
repository link (the theme then calls GitHub's API), and stylesheets or scripts from other hosts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from yaml_env_tag import construct_env_tag

from pufa.problems import Problem, quote
from pufa.sources import yamlfile
from pufa.sources.textfile import find_line, read_text

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = ""
    site_url: str = ""  # "" when unset
    host: str = ""  # 主办单位
    exclude_docs: str = ""  # gitignore-style lines: files under docs/ that are never published
    extra: object = None  # the extra: mapping (with its lines), for settings read elsewhere (workflow.py reads extra.pufa)
    posts_dir: str = "blog/posts/"  # where the blog plugin reads posts from (its blog_dir and post_dir), under docs/


class _ConfigLoader(yamlfile.Loader):
    pass


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(root: Path) -> tuple[SiteSettings, list[Problem]]:
    """The settings, and problems for anything in mkdocs.yml that would break a promise."""
    rel = CONFIG_FILE
    text, problems = read_text(Path(root) / rel, rel)
    if text is None:
        return SiteSettings(), problems
    try:
        data = yamlfile.parse(text, loader=_ConfigLoader)[1] or {}
    except yamlfile.YamlError as err:
        return SiteSettings(), [Problem(rel, err.mark.line + 1 if err.mark else None, f"YAML 格式不正确{err.hint}", fix=err.fix)]
    if not isinstance(data, dict):
        return SiteSettings(), [
            Problem(rel, 1, "mkdocs.yml 不是“名称: 值”的形式", fix="如何修改：对照项目里原来的 mkdocs.yml 检查")
        ]
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    settings = SiteSettings(
        str(data.get("site_name") or ""),
        str(data.get("site_url") or ""),
        str(extra.get("host") or ""),
        data.get("exclude_docs") if isinstance(data.get("exclude_docs"), str) else "",
        extra,
        _posts_dir(_plugin(data, "blog")),
    )
    return settings, list(_foreign(data, extra, rel))


def _plugin(data: dict, name: str) -> dict:
    """A plugin's settings in mkdocs.yml's plugins: list ({} when it has none or is not there)."""
    plugins = data.get("plugins")
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    else:  # a list of names and of {name: settings}
        entries = [
            (p, None) if isinstance(p, str) else next(iter(p.items()))
            for p in plugins or ()
            if isinstance(p, str) or (isinstance(p, dict) and p)
        ]
    for key, value in entries:
        if isinstance(key, str) and key.split("/")[-1] == name:
            return value if isinstance(value, dict) else {}
    return {}


def _posts_dir(blog: dict) -> str:
    """The blog plugin's folder of posts: post_dir ("{blog}/posts" by default) with blog_dir filled in."""
    blog_dir = str(blog.get("blog_dir") or "blog").strip("/")
    post_dir = str(blog.get("post_dir") or "{blog}/posts").replace("{blog}", blog_dir).strip("/")
    return f"{post_dir}/" if post_dir and post_dir != "." else ""


def load_settings(root: Path) -> SiteSettings:
    """The settings alone, for commands that run after `check` has passed."""
    return read_config(root)[0]


def _foreign(data: dict, extra: dict, rel: str):
    line = lambda key, where=data: yamlfile.line_of(where, key)  # noqa: E731
    if extra.get("analytics"):
        yield Problem(
            rel,
            line("analytics", extra),
            "不能使用网站统计（extra.analytics）：它会让每个页面都去访问谷歌等其他网站，并把访客的信息交给对方",
            fix="如何修改：删除 extra: 下面的 analytics 整段；扫码次数用 python -m pufa scans 从服务器日志统计",
        )
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    if theme.get("font", True) is not False:  # without `font: false` the theme loads Google Fonts
        yield Problem(
            rel,
            line("font", theme) or line("theme"),
            "不能使用谷歌字体（theme.font）：在国内会让页面空白很久",
            expected="font: false",
            actual=quote(theme.get("font")),
            fix="如何修改：写成 font: false，手机会用自带的中文字体",
        )
    if data.get("repo_url"):
        yield Problem(
            rel,
            line("repo_url"),
            "不能设置 repo_url：主题会因此访问 GitHub，在国内会拖慢页面",
            fix="如何修改：删除 repo_url 这一行",
        )
    for key in ("extra_javascript", "extra_css"):
        for item in data.get(key) or []:
            path = item.get("path") if isinstance(item, dict) else item
            if isinstance(path, str) and _is_remote(path):
                yield Problem(
                    rel,
                    line(key),
                    f"{key} 不能从其他网站加载",
                    actual=quote(path),
                    fix="如何修改：把文件下载后放进 docs/assets/ 里，写成相对路径，如 assets/javascripts/x.js",
                )


def _is_remote(url: str) -> bool:
    text = url.strip().lower()
    return text.startswith("//") or (":" in text.split("/")[0] and not text.startswith("data:"))


# `make site` builds the default content with this address until the bureau sets its own: the
# .example domain is reserved (RFC 2606) and never resolves, so nobody mistakes it for a real one.
EXAMPLE_SITE_URL = "https://pufa.example/"
_RESERVED = (".example", ".invalid", ".test", ".localhost", "localhost")
WHAT_THE_ADDRESS_IS_FOR = "二维码和短链接、站点地图、微信等分享卡片的链接，以及页面之间的快速跳转（即时导航）都要用它"


def site_url_problem(root: Path, override: str | None = None) -> Problem | None:
    """Why a publish build cannot go ahead with this site_url (mkdocs.yml, PUFA_SITE_URL or --site-url)."""
    config = Path(root) / CONFIG_FILE
    site_url = (override if override is not None else load_settings(root).site_url).strip()
    line = find_line(config, "site_url:")
    if not site_url:
        return Problem(
            "mkdocs.yml",
            line,
            f"没有设置网站的正式网址（site_url）：{WHAT_THE_ADDRESS_IS_FOR}",
            expected="以 / 结尾的完整网址，如 https://pufa.example.gov.cn/ 或 https://www.example.gov.cn/pufa/",
            actual="空",
            fix=(
                "如何修改：在 mkdocs.yml 写 site_url: https://正式网址/ ，或生成时加 --site-url https://正式网址/"
                "（也可以设环境变量 PUFA_SITE_URL）；只是拷到 U 盘或在内网试看，可以加 --no-site-url 生成"
                "（这样的网站没有二维码、分享链接和站点地图，不要正式发布）"
            ),
        )
    if not site_url.startswith(("https://", "http://")) or not urlsplit(site_url).hostname:
        return Problem(
            "mkdocs.yml",
            line,
            "网站网址（site_url）不是完整的网址",
            expected="以 https:// 开头、以 / 结尾，如 https://pufa.example.gov.cn/",
            actual=f"“{site_url}”",
            fix="如何修改：写出 https:// 和域名；放在门户网站栏目下时写上栏目路径，如 https://www.example.gov.cn/pufa/",
        )
    return None


def is_example(site_url: str) -> bool:
    """An address that can never be the bureau's real one (reserved names, localhost)."""
    host = (urlsplit(site_url).hostname or "").lower()
    return any(host == name.lstrip(".") or host.endswith(name) for name in _RESERVED)


def print_address_problems(root: Path, site_url: str, printed: str) -> list[Problem]:
    """Why site_url cannot go into a printed QR code (signs, notice boards): [] when it can.

    A code on paper lives for years: it must be a full address, and never the example one that
    `make site` uses, which nobody can open."""
    line = find_line(Path(root) / "mkdocs.yml", "site_url:")
    if not site_url:
        return [
            Problem(
                "mkdocs.yml",
                line,
                f"没有设置网站网址（site_url），{printed}上的二维码必须是完整网址",
                expected="完整网址，如 site_url: https://www.example.gov.cn/pufa/",
                fix="如何修改：在 mkdocs.yml 中写 site_url: https://你的网站地址/ ，或运行时加 --site-url https://…/ ，或设置环境变量 PUFA_SITE_URL",
            )
        ]
    if not site_url.startswith(("http://", "https://")) or not urlsplit(site_url).hostname:
        return [
            Problem(
                "mkdocs.yml",
                line,
                "网站网址（site_url）应以 https:// 开头",
                actual=quote(site_url),
                fix="如何修改：写出 https:// 和域名",
            )
        ]
    if is_example(site_url):
        return [
            Problem(
                "mkdocs.yml",
                line,
                f"网站网址（site_url）是示例地址：印在{printed}上的二维码扫了打不开",
                expected="本单位网站的正式网址，如 https://www.example.gov.cn/pufa/",
                actual=quote(site_url),
                fix="如何修改：在 mkdocs.yml 写上正式网址，或运行时加 --site-url https://正式网址/",
            )
        ]
    return []
