"""`python -m pufa nginx`: the web-server configuration for the built site, as one `server { … }` block.

The block is printed on stdout and nothing else, so an admin can write it to a file and include it
in the `http { … }` block of nginx.conf (Debian: /etc/nginx/sites-available/). It is tested with
Debian 12's nginx 1.22.1 (the `make test` machine) and written so it also runs on newer versions:
- HTTP/2 is switched on in `listen … ssl http2`: the `http2 on;` directive needs nginx ≥ 1.25.1.
  (Newer versions accept the old form with a deprecation notice.) HTTP/2 only with TLS: a plain
  `listen 80 http2` would refuse the HTTP/1.1 requests every browser sends without TLS.
- Every regular expression is quoted: nginx reads an unquoted `{` as the start of a block.

Headers: nginx's `add_header` is not inherited by a location that has an `add_header` of its own,
so every header is set once at server level and the locations only choose the cache policy
through the `$pufa_cache` variable. Errors carry the headers too (`always`).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pufa.pages.csp import HEADER_POLICY

DEFAULT_ROOT = "/var/www/pufa"
# What the site publishes that is worth compressing, by the MIME types of nginx's own mime.types
# (html is always compressed by nginx when gzip is on; listing it again is an error on old versions).
GZIP_TYPES = (
    "text/css",
    "text/plain",
    "text/xml",  # sitemap.xml: nginx's mime.types says text/xml, not application/xml
    "application/xml",
    "application/javascript",
    "application/json",  # search/search_index.json
    "image/svg+xml",
    "image/x-icon",
)
# Files whose name changes when their content does: Material's bundles (main.57a0d79d.min.css),
# the search worker, and pufa's share image (share.1a2b3c4d.png); photos are named by digest.
FINGERPRINTED = r"\.[0-9a-f]{8}(?:\.min)?\.(?:js|css|png)$"
PHOTOS = "assets/photos/"
IMMUTABLE = "public, max-age=31536000, immutable"
# HTML, the search index, the sitemap, pufa.css, short links: the browser asks every time whether
# they changed (WeChat's browser otherwise keeps old pages for days); unchanged files cost a 304.
REVALIDATE = "no-cache"
SECURITY_HEADERS = (
    ("Content-Security-Policy", HEADER_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "SAMEORIGIN"),  # for old browsers; CSP frame-ancestors for new ones
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")  # no includeSubDomains: other county hosts may still be http


@dataclass(frozen=True)
class Options:
    prefix: str = "/"
    root: str = DEFAULT_ROOT
    listen: tuple[str, ...] = ()
    server_name: str = "_"
    tls_cert: str = ""
    tls_key: str = ""

    @property
    def tls(self) -> bool:
        return bool(self.tls_cert)


def normalise_prefix(prefix: str) -> str:
    """ "/pufa", "pufa/", "/pufa/" -> "/pufa/"; "" and "/" -> "/"."""
    parts = [p for p in prefix.strip().split("/") if p]
    return "/" + "".join(f"{p}/" for p in parts)


def check(options: Options) -> list[str]:
    """Why these options cannot make a working block (Chinese), or []."""
    errors = []
    if bool(options.tls_cert) != bool(options.tls_key):
        errors.append("--tls-cert 和 --tls-key 要一起给出（证书文件和私钥文件）")
    if not re.fullmatch(r"(/[A-Za-z0-9._~-]+)*/", options.prefix):
        errors.append(f"--prefix 只能含英文字母、数字和 . _ ~ -，如 /pufa/；实际“{options.prefix}”")
    if not options.root.startswith("/") or re.search(r"[\s;{}\"'$]", options.root):
        errors.append(f"--root 应是服务器上的绝对路径，不含空格、引号和 ; {{ }} $，如 {DEFAULT_ROOT}；实际“{options.root}”")
    for value in options.listen:
        if not re.fullmatch(r"(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?\d{1,5}", value):
            errors.append(f"--listen 应写成 端口 或 地址:端口，如 443、127.0.0.1:8080、[::]:443；实际“{value}”")
    if not re.fullmatch(r"[A-Za-z0-9.*_-]+(?: [A-Za-z0-9.*_-]+)*", options.server_name):
        errors.append(f"--server-name 应是域名，如 pufa.example.gov.cn；实际“{options.server_name}”")
    for value in (options.tls_cert, options.tls_key):
        if value and (not value.startswith("/") or re.search(r"[\s;{}\"'$]", value)):
            errors.append(f"证书和私钥应写服务器上的绝对路径，不含空格和引号；实际“{value}”")
    return errors


def render(options: Options) -> str:
    """The server block for these options (validated with check() first)."""
    prefix = options.prefix
    listens = options.listen or (("443", "[::]:443") if options.tls else ("80", "[::]:80"))
    suffix = " ssl http2" if options.tls else ""
    lines = [
        "server {",
        "    # pufa 生成（python -m pufa nginx）。放进 nginx.conf 的 http { } 中，或存为",
        "    # /etc/nginx/sites-available/pufa 并链接到 sites-enabled/；改完先 nginx -t，再 systemctl reload nginx",
        *(f"    listen {value}{suffix};" for value in listens),
        f"    server_name {options.server_name};",
    ]
    if options.tls:
        lines += [
            f"    ssl_certificate {options.tls_cert};",
            f"    ssl_certificate_key {options.tls_key};",
            "    ssl_protocols TLSv1.2 TLSv1.3;",
        ]
    lines += [
        "    server_tokens off;",
        "    charset utf-8;",
        "    charset_types text/css text/plain text/xml application/javascript application/json image/svg+xml;",
        "",
        "    # 压缩文字类文件（HTML 总是压缩）；Vary 让中间的缓存分别保存压缩和未压缩的版本",
        "    gzip on;",
        "    gzip_vary on;",
        "    gzip_proxied any;",
        "    gzip_comp_level 6;",
        "    gzip_min_length 256;",
        f"    gzip_types {' '.join(GZIP_TYPES)};",
        "",
        "    # 所有回应（包括 404）都带安全头；缓存策略由下面各 location 设置 $pufa_cache",
        f'    set $pufa_cache "{REVALIDATE}";',
        "    add_header Cache-Control $pufa_cache always;",
        *(f'    add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS + ((HSTS,) if options.tls else ())),
        "",
        "    # /p/bogewu 这样少了结尾 / 的地址（二维码、手抄的短链接）由 nginx 跳转到 /p/bogewu/；",
        "    # 跳转地址不含域名，经过反向代理或 https 终端时也正确",
        "    absolute_redirect off;",
        "    index index.html;",
        "    # 不存在的地址（和不能列出的文件夹）都显示网站自己的中文 404 页面",
        f"    error_page 403 404 =404 {prefix}404.html;",
        "",
    ]
    if prefix == "/":
        lines += [f"    root {options.root};", "", "    location / {"]
    else:
        lines += [f"    location ^~ {prefix} {{", f"        alias {options.root.rstrip('/')}/;"]
    lines += [
        "        # 以 . 开头的文件和文件夹（如 .git）从不发布；.well-known 留给证书申请",
        '        location ~ "/\\.(?!well-known/)" {',
        "            return 404;",
        "        }",
        "        # 文件名带内容指纹的主题文件和分享图片、按内容命名的照片：内容变了文件名就变，可以缓存一年",
        f'        location ~ "^{re.escape(prefix)}assets/.+{FINGERPRINTED}" {{',
        f'            set $pufa_cache "{IMMUTABLE}";',
        "        }",
        f'        location ~ "^{re.escape(prefix)}{PHOTOS}" {{',
        f'            set $pufa_cache "{IMMUTABLE}";',
        "        }",
        "    }",
    ]
    if prefix != "/":
        lines += [
            f"    location = {prefix.rstrip('/')} {{",
            f"        return 301 {prefix};",
            "    }",
            "    # 网站以外的地址：显示网站的 404 页面",
            "    location / {",
            "        return 404;",
            "    }",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--prefix", default="/", help="网站在域名下的路径，如 /pufa/（默认 /，即域名根目录）；应与 site_url 的路径一致"
    )
    parser.add_argument(
        "--root",
        dest="web_root",
        default=DEFAULT_ROOT,
        metavar="DIR",
        help=f"服务器上存放网站文件（site/ 的内容）的文件夹，默认 {DEFAULT_ROOT}",
    )
    parser.add_argument(
        "--listen",
        action="append",
        metavar="ADDR:PORT",
        help="监听的端口或地址:端口，可写多次；默认 80（有证书时 443），IPv4 和 IPv6",
    )
    parser.add_argument("--server-name", default="_", metavar="NAME", help="域名，如 pufa.example.gov.cn；默认 _（不按域名区分）")
    parser.add_argument(
        "--tls-cert", default="", metavar="F", help="HTTPS 证书文件（含中间证书），与 --tls-key 一起给出时启用 HTTPS 和 HTTP/2"
    )
    parser.add_argument("--tls-key", default="", metavar="F", help="HTTPS 私钥文件")


def run(args: argparse.Namespace, project: Path | None = None) -> int:
    options = Options(
        prefix=normalise_prefix(args.prefix),
        root=args.web_root,
        listen=tuple(args.listen or ()),
        server_name=args.server_name,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
    )
    errors = check(options)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    if project is not None:
        warning = _prefix_warning(project, options.prefix)
        if warning:
            print(warning, file=sys.stderr)  # stdout stays the block alone
    sys.stdout.write(render(options))
    return 0


def _prefix_warning(project: Path, prefix: str) -> str:
    """The 404 page and the sitemap are built for site_url's path: say so when --prefix differs."""
    from urllib.parse import urlsplit

    from pufa.sources.siteconfig import load_settings

    if not (project / "mkdocs.yml").is_file():
        return ""
    site_url = load_settings(project).site_url
    if not site_url:
        return ""
    path = normalise_prefix(urlsplit(site_url).path)
    if path == prefix:
        return ""
    return (
        f"注意：网站按网址 {site_url} 生成（路径 {path}），而 --prefix 是 {prefix}。"
        f"404 页面和站点地图会指向 {path}；请让两者一致（--prefix {path}，或改 site_url 后重新生成）。"
    )
