"""The settings of mkdocs.yml that pufa itself needs, and the ones it refuses.

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

from yaml_env_tag import construct_env_tag

from pufa import yamlfile
from pufa.problems import Problem, quote
from pufa.textfile import read_text

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = ""
    site_url: str = ""  # "" when unset
    host: str = ""  # 主办单位
    exclude_docs: str = ""  # gitignore-style lines: files under docs/ that are never published
    extra: object = None  # the extra: mapping (with its lines), for settings read elsewhere (workflow.py reads extra.pufa)


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
        return SiteSettings(), [Problem(rel, 1, "mkdocs.yml 不是“名称: 值”的形式", fix="如何修改：对照项目里原来的 mkdocs.yml 检查")]
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    settings = SiteSettings(
        str(data.get("site_name") or ""),
        str(data.get("site_url") or ""),
        str(extra.get("host") or ""),
        data.get("exclude_docs") if isinstance(data.get("exclude_docs"), str) else "",
        extra,
    )
    return settings, list(_foreign(data, extra, rel))


def load_settings(root: Path) -> SiteSettings:
    """The settings alone, for commands that run after `check` has passed."""
    return read_config(root)[0]


def _foreign(data: dict, extra: dict, rel: str):
    line = lambda key, where=data: yamlfile.line_of(where, key)  # noqa: E731
    if extra.get("analytics"):
        yield Problem(rel, line("analytics", extra), "不能使用网站统计（extra.analytics）：它会让每个页面都去访问谷歌等其他网站，并把访客的信息交给对方", fix="如何修改：删除 extra: 下面的 analytics 整段；扫码次数用 python -m pufa scans 从服务器日志统计")
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    if theme.get("font", True) is not False:  # without `font: false` the theme loads Google Fonts
        yield Problem(rel, line("font", theme) or line("theme"), "不能使用谷歌字体（theme.font）：在国内会让页面空白很久", expected="font: false", actual=quote(theme.get("font")), fix="如何修改：写成 font: false，手机会用自带的中文字体")
    if data.get("repo_url"):
        yield Problem(rel, line("repo_url"), "不能设置 repo_url：主题会因此访问 GitHub，在国内会拖慢页面", fix="如何修改：删除 repo_url 这一行")
    for key in ("extra_javascript", "extra_css"):
        for item in data.get(key) or []:
            path = item.get("path") if isinstance(item, dict) else item
            if isinstance(path, str) and _is_remote(path):
                yield Problem(rel, line(key), f"{key} 不能从其他网站加载", actual=quote(path), fix="如何修改：把文件下载后放进 docs/assets/ 里，写成相对路径，如 assets/javascripts/x.js")


def _is_remote(url: str) -> bool:
    text = url.strip().lower()
    return text.startswith("//") or (":" in text.split("/")[0] and not text.startswith("data:"))
