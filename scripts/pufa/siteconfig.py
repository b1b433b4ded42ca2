"""The few settings of mkdocs.yml that commands outside the build need (signs: site_url, host).

Read with PyYAML, not MkDocs, so the core keeps working if the engine changes. MkDocs' own tags
are understood as far as we need: !ENV is resolved, !!python/... values are ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class SiteSettings:
    site_name: str
    site_url: str  # "" when unset
    host: str  # 主办单位


class _Loader(yaml.SafeLoader):
    pass


def _env(loader: _Loader, node: yaml.Node):
    """!ENV NAME or !ENV [NAME, …, default]: the first variable that is set, else the default."""
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else (names + [None])
    return next((os.environ[v] for v in variables if v in os.environ), default)


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_settings(root: Path) -> SiteSettings:
    data = yaml.load((Path(root) / "mkdocs.yml").read_text("utf-8"), Loader=_Loader) or {}
    extra = data.get("extra") or {}
    return SiteSettings(str(data.get("site_name") or ""), str(data.get("site_url") or ""), str(extra.get("host") or ""))
