"""Command line: `python -m pufa check` and `python -m pufa build`.

Content mistakes are printed as `file:line: 说明` lines with a count and exit status 1; they
never produce a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pufa import workflow
from pufa.commands import scaffold, scans, signcmd, wechat
from pufa.commands.crashlog import report_crash
from pufa.content import load_content
from pufa.kinds import registry
from pufa.problems import format_problems
from pufa.publish import nginx
from pufa.sources import siteconfig


def main(argv: list[str] | None = None) -> int:
    """Run one command. No traceback ever reaches an editor: an unexpected error becomes a short
    Chinese message, and the details go to a log file under .cache/pufa/logs/ for whoever fixes it."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Chinese messages on any terminal locale
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("\n已取消。生成到一半的网站不会替换原来的网站。")
        return 130
    except Exception:
        return report_crash(Path(_root_of(argv)))


def _root_of(argv: list[str] | None) -> str:
    args = list(sys.argv[1:] if argv is None else argv)
    for index, arg in enumerate(args):
        if arg == "--root" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--root="):
            return arg.split("=", 1)[1]
    return "."


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pufa", description="普法网站生成工具")
    parser.add_argument("--root", default=".", help="项目文件夹（含 mkdocs.yml），默认为当前文件夹")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="检查所有内容，列出全部问题")
    build = commands.add_parser("build", help="检查后生成网站到 site/（失败时保留原来的网站）")
    build.add_argument("--site-dir", default="site", help="输出文件夹，默认 site")
    build.add_argument(
        "--offline", action="store_true", help="另外生成离线包 build/pufa-offline.zip（在没有网络的电脑上打开；不影响 site/）"
    )
    build.add_argument(
        "--site-url",
        help="网站的正式网址，如 https://pufa.example.gov.cn/（不写时用 mkdocs.yml 的 site_url 或环境变量 PUFA_SITE_URL）",
    )
    build.add_argument(
        "--no-site-url", action="store_true", help="没有正式网址也生成，只用于 U 盘或内网试看（没有二维码、分享链接和站点地图）"
    )
    signcmd.add_arguments(commands.add_parser("signs", help="生成可打印的二维码标牌（300 dpi PNG 和一个 PDF）"))
    scans.add_arguments(commands.add_parser("scans", help="从网站访问日志统计各二维码的扫码次数（不发布）"))
    new_help = "新建" + "、".join(kind.label for kind in registry.scaffolds().values()) + "或页面"
    scaffold.add_arguments(commands.add_parser("new", help=new_help))
    wechat.add_arguments(commands.add_parser("wechat", help="把文章导出成可以粘贴到微信公众号编辑器的网页（build/wechat/）"))
    nginx.add_arguments(commands.add_parser("nginx", help="输出这个网站的 nginx 配置（一个 server { } 块）"))
    for kind in registry.commands().values():
        kind.command.arguments(commands.add_parser(kind.command.name, help=kind.command.help))
    serve = commands.add_parser("serve", help="在本机预览网站，修改文件后自动重新生成")
    serve.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.command == "scans":  # reads server logs, not the project
        return scans.run(args)
    if args.command == "nginx":  # needs no project; compares with its site_url when there is one
        return nginx.run(args, root)
    if not (root / "mkdocs.yml").is_file():
        print(f"找不到 {root / 'mkdocs.yml'}：请在项目文件夹里运行，或用 --root 指定项目文件夹。")
        return 2
    if args.command == "check":
        return check(root)
    if args.command == "new":
        return scaffold.run(root, args)
    if args.command == "wechat":
        return wechat.run(root, args)
    if args.command == "serve":
        from pufa.commands import preview

        return preview.serve(root, port=args.port)
    if args.command == "signs" or args.command in registry.commands():
        loaded = load_content(root)
        if loaded.problems:
            print(format_problems(loaded.problems))
            return 1
        kind = registry.commands().get(args.command)
        return kind.command.run(root, loaded, args) if kind else signcmd.run(root, loaded, args)
    return publish(root, args)


def publish(root: Path, args: argparse.Namespace) -> int:
    """A publish build needs the site's address; the offline bundle and --no-site-url do not."""
    from pufa.adapter import engine

    if not (args.offline or args.no_site_url):
        problem = siteconfig.site_url_problem(root, args.site_url)
        if problem:  # listed with every content mistake, so one run shows them all
            print(format_problems([problem, *load_content(root).problems]))
            print("网站没有更新，原来的网站保持不变。")
            return 1
    status = engine.build(root, site_dir=args.site_dir, offline=args.offline, site_url=args.site_url)
    site_url = args.site_url or siteconfig.load_settings(root).site_url
    if status == 0 and not args.offline and site_url and siteconfig.is_example(site_url):
        print(
            f"注意：网址 {site_url} 是示例网址（不是真实域名），二维码和分享链接打不开，这个网站不要正式发布。"
            "正式发布前在 mkdocs.yml 写上 site_url，或运行 PUFA_SITE_URL=https://正式网址/ make site。"
        )
    elif status == 0 and not args.offline and not site_url:
        print("注意：这次没有设置网址（--no-site-url），只能在 U 盘或内网试看，不要正式发布。")
    return status


def check(root: Path) -> int:
    loaded = load_content(root)
    problems = workflow.blocking(loaded)  # what a publish build would refuse, 终审 included
    if problems:
        print(format_problems(problems))
        workflow.print_warnings(loaded)
        return 1
    content = loaded.content
    print(
        f"检查通过：{len(loaded.pages)} 个页面（其中普法活动 {len(content.posts)} 篇），{len(content.townships)} 个乡镇（街道），{len(content.categories)} 个分类。"
    )
    workflow.print_warnings(loaded)
    return 0
