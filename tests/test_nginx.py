"""`python -m pufa nginx` run by Debian's real nginx on 127.0.0.1, at the domain root and under /pufa/.

Each test serves a built site with the printed server block inside a private http {} wrapper
(tests/nginxserver.py) and checks what a reader's phone would get: gzip, headers, the 404 page,
short links, and every link of every page.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import ssl
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import REPO, SITE_URL, copy_project
from nginxserver import generate, nginx_path, nginx_test, running, wrapper

from pufa.commands.cli import main
from pufa.pages.csp import HEADER_POLICY

pytestmark = pytest.mark.skipif(nginx_path() is None and not os.environ.get("CI"), reason="nginx is installed by `make test`")

SECURITY = {
    "Content-Security-Policy": HEADER_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
IMMUTABLE = "public, max-age=31536000, immutable"
GZIP = {"Accept-Encoding": "gzip"}


def test_readme_shows_what_the_command_prints():
    readme = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"<!-- pufa nginx -->\n```nginx\n(.*?)```\n", readme, re.S)
    assert block, "README.md: the output of `python -m pufa nginx` goes in a ```nginx block after <!-- pufa nginx -->"
    assert block.group(1) == generate()


def test_only_the_server_block_on_stdout(capsys, tmp_path):
    assert main(["--root", str(tmp_path), "nginx", "--prefix", "pufa"]) == 0  # no project needed
    out = capsys.readouterr().out
    assert out.startswith("server {\n") and out.endswith("\n}\n") and out.count("\nserver {") == 0
    assert "location ^~ /pufa/ {" in out and "error_page 403 404 =404 /pufa/404.html;" in out
    # The old README's two mistakes: `http2 on;` needs nginx 1.25.1; an unquoted { starts a block.
    assert "http2 on" not in out
    assert all(line.lstrip().startswith('location ~ "') for line in out.splitlines() if "{8}" in line)


def test_bad_options_are_refused_in_chinese(capsys):
    assert main(["nginx", "--tls-cert", "/etc/ssl/a.pem"]) == 2
    assert main(["nginx", "--root", "relative/path", "--listen", "80 ssl"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--tls-cert 和 --tls-key 要一起给出" in captured.err
    assert "--root 应是服务器上的绝对路径" in captured.err and "--listen 应写成" in captured.err


def test_a_prefix_other_than_site_url_is_pointed_out(project, capsys, monkeypatch):
    monkeypatch.setenv("PUFA_SITE_URL", "https://www.example.gov.cn/pufa/")
    assert main(["--root", str(project), "nginx"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("server {") and "--prefix /pufa/" in captured.err
    assert main(["--root", str(project), "nginx", "--prefix", "/pufa/"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "options",
    [(), ("--prefix", "/pufa/"), ("--listen", "8080", "--listen", "[::1]:8080", "--server-name", "pufa.example.gov.cn")],
    ids=["default", "sub-path", "listen"],
)
def test_nginx_t_accepts_the_block(tmp_path, options):
    (tmp_path / "pufa.conf").write_text(generate(*options), "utf-8")
    (tmp_path / "nginx.conf").write_text(wrapper(tmp_path, tmp_path / "pufa.conf"), "utf-8")
    checked = nginx_test(tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "[warn]" not in checked.stderr


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory) -> Path:
    """The default content with a photo, built for https://pufa.example/pufa/."""
    from test_photo_build import _with_photos

    root = copy_project(tmp_path_factory.mktemp("subpath") / "project")
    _with_photos(root)
    assert main(["--root", str(root), "build", "--site-url", SITE_URL + "pufa/"]) == 0
    return root / "site"


@pytest.fixture(scope="module", params=["root", "sub-path"])
def served(request, built_site, sub_path_site):
    site, prefix, site_url = (
        (built_site, "/", SITE_URL) if request.param == "root" else (sub_path_site, "/pufa/", SITE_URL + "pufa/")
    )
    with running(site, prefix) as server:
        server.site, server.site_url = site, site_url
        # The marker a deployment leaves in the site folder, and what an admin might copy by mistake.
        (server.web_root / ".pufa-site").write_text("pufa\n", "utf-8")
        (server.web_root / ".git").mkdir()
        (server.web_root / ".git/config").write_text("[core]\n", "utf-8")
        yield server


def test_text_is_gzipped_with_vary(served):
    suffixes: dict[str, str] = {}
    for path in sorted(served.site.rglob("*")):
        if (
            path.is_file()
            and path.stat().st_size >= 1024
            and path.suffix in (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
        ):
            suffixes.setdefault(path.suffix, path.relative_to(served.site).as_posix())
    assert {".html", ".css", ".js", ".json"} <= set(suffixes)
    for rel in suffixes.values():
        status, headers, body = served.request(rel, GZIP)
        assert status == 200 and headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"], rel
        assert gzip.decompress(body) == (served.site / rel).read_bytes(), rel
    # The sitemap: nginx's mime.types calls it text/xml (missing from the old README's gzip_types).
    sitemap = "x" * 2000
    (served.web_root / "big-sitemap.xml").write_text(f"<?xml version='1.0'?><urlset>{sitemap}</urlset>", "utf-8")
    status, headers, _ = served.request("big-sitemap.xml", GZIP)
    assert headers["Content-Type"].startswith("text/xml") and headers["Content-Encoding"] == "gzip"


def test_every_response_carries_the_headers_and_its_cache_policy(served):
    css = next(served.site.glob("assets/stylesheets/main.*.min.css")).relative_to(served.site).as_posix()
    share = next(served.site.glob("assets/images/share.*.png")).relative_to(served.site).as_posix()
    cases = {
        "": "no-cache",
        "search/search_index.json": "no-cache",
        "sitemap.xml": "no-cache",
        "assets/stylesheets/pufa.css": "no-cache",
        css: IMMUTABLE,
        share: IMMUTABLE,
        "missing/page/": "no-cache",
        "p/bogewu": "no-cache",
    }
    photos = sorted(served.site.glob("assets/photos/*.jpg"))
    if photos:
        cases[photos[0].relative_to(served.site).as_posix()] = IMMUTABLE
    for path, cache in cases.items():
        status, headers, _ = served.request(path, GZIP)
        assert status in (200, 301, 404), path
        assert headers["Cache-Control"] == cache, path
        for name, value in SECURITY.items():
            assert headers[name] == value, (path, name)
        assert "Strict-Transport-Security" not in headers  # only with TLS
        assert headers["Server"] == "nginx"  # no version number


def test_missing_pages_get_the_chinese_404(served):
    for path in ("nope", "blog/nope/deeper/", "assets/", ".pufa-site", ".git/config"):
        status, _headers, body = served.request(path)
        assert status == 404, path
        text = body.decode("utf-8")
        assert "<title>页面没有找到 - 法治鲁山</title>" in text and 'href="tel:12348"' in text, path
        assert "[core]" not in text
    # Its stylesheets and links are absolute on the site's own path: they work at any depth.
    _, _, body = served.request("a/b/c/d")
    prefix = urlsplit(served.base).path
    refs = re.findall(r'(?:href|src)="(/[^"]*)"', body.decode("utf-8"))
    assert refs and all(ref.startswith(prefix) for ref in refs), refs
    for ref in refs:
        assert served.request(ref)[0] == 200, ref


def test_short_links_resolve_with_or_without_the_slash(served):
    codes = sorted(p.name for p in (served.site / "p").iterdir())
    assert {"bogewu", "binhe", "cangjie", "sites"} <= set(codes)
    prefix = urlsplit(served.base).path
    for code in codes:
        status, headers, _ = served.request(f"p/{code}")
        assert status == 301 and headers["Location"] == f"{prefix}p/{code}/", code  # relative: right behind any proxy
        status, _, body = served.request(headers["Location"])
        assert status == 200
        target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', body.decode("utf-8")).group(1)
        landing = urljoin(f"{prefix}p/{code}/", target).split("#", 1)[0]
        assert served.request(landing)[0] == 200, (code, landing)
    if prefix != "/":
        assert served.request(prefix.rstrip("/"))[1]["Location"] == prefix
        assert served.request("/")[0] == 404  # nothing but the site is served


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        for item in (attrs.get("srcset") or "").split(","):
            if item.strip():
                self.links.append(item.split()[0])
        if tag == "meta" and attrs.get("property") == "og:image":
            self.links.append(attrs["content"])


def test_every_page_and_everything_it_links_is_served(served):
    """A crawl from the home page through every link on this server: nothing answers 4xx or 5xx."""
    prefix = urlsplit(served.base).path
    short_links = [f"{prefix}p/{p.name}/" for p in (served.site / "p").iterdir()]  # printed on signs, linked from no page
    todo, seen, failed, pages = [prefix, *short_links], set(), [], 0
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        status, headers, body = served.request(path)
        if status in (301, 302):
            todo.append(urljoin(path, headers["Location"]))
            continue
        if status >= 400:
            failed.append((path, status))
            continue
        if not headers["Content-Type"].startswith("text/html"):
            continue
        pages += 1
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            if link.startswith(served.site_url):  # og:image, canonical: this site at its real address
                link = prefix + link[len(served.site_url) :]
            url = urlsplit(urljoin(path, link))
            if url.scheme in ("", "http") and url.netloc in ("", f"127.0.0.1:{served.port}") and url.path.startswith(prefix):
                todo.append(url.path)
    assert failed == []
    assert pages == len(list(served.site.rglob("index.html")))  # every page was reached


def test_https_with_http2_on_nginx_1_22(built_site, tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl makes the test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    with running(built_site, "/", ("--tls-cert", str(cert), "--tls-key", str(key)), scheme="https") as server:
        assert f"listen 127.0.0.1:{server.port} ssl http2;" in server.config
        context = ssl._create_unverified_context()
        context.set_alpn_protocols(["h2", "http/1.1"])
        with (
            socket.create_connection(("127.0.0.1", server.port)) as raw,
            context.wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            assert tls.selected_alpn_protocol() == "h2"
        status, headers, _ = server.request("", GZIP)
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        assert headers["Content-Security-Policy"] == HEADER_POLICY


def test_404_page_in_a_browser_at_any_depth(served):
    from browser import chromium_path, phone_page

    if chromium_path() is None and not os.environ.get("CI"):
        pytest.skip("chromium is installed by `make test`")
    with phone_page() as (page, _):
        failed = []
        page.on("response", lambda r: failed.append((r.url, r.status)) if r.status >= 400 else None)
        missing = served.base + "blog/no-such-post/photos/"
        response = page.goto(missing, wait_until="networkidle")
        assert response.status == 404 and failed == [(missing, 404)]  # everything the page loads is there
        assert page.title() == "页面没有找到 - 法治鲁山" and page.inner_text(".md-content h1") == "页面没有找到"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(183, 28, 28)"
        assert page.locator(".md-content a[href='tel:12348']").is_visible()
        page.click(".md-content button[data-pufa-open-search]")
        page.wait_for_selector("[data-md-component=search-query]:focus", timeout=5000)
        page.keyboard.press("Escape")
        page.goto(missing, wait_until="networkidle")
        page.click("text=看看法治文化阵地")
        page.wait_for_url(served.base + "sites/")
        page.goto(missing, wait_until="networkidle")
        page.click("text=回到首页")
        page.wait_for_url(served.base)
        assert page.title() == "法治鲁山"
