"""Debian's real nginx running the configuration `python -m pufa nginx` prints, on 127.0.0.1 only.

Used by tests/test_nginx.py and by the benchmark (Lighthouse behind the generated config). Each
run gets its own folder with a wrapper nginx.conf (pid file, logs, temp paths), listens on a free
port of 127.0.0.1 and is started and stopped by the pid of its own master process; the system's
nginx service is never touched.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIME_TYPES = Path("/etc/nginx/mime.types")


def nginx_path() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)


def nginx_version() -> str:
    done = subprocess.run([nginx_path(), "-v"], capture_output=True, text=True, check=True)
    return (done.stderr or done.stdout).strip().split("/", 1)[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def generate(*args: str) -> str:
    """stdout of the real command, as an admin would run it."""
    env = {k: v for k, v in os.environ.items() if k != "PUFA_SITE_URL"}
    env["PYTHONPATH"] = str(REPO / "scripts")
    done = subprocess.run(
        [sys.executable, "-m", "pufa", "--root", str(REPO), "nginx", *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def wrapper(folder: Path, server_block: Path) -> str:
    """The smallest http {} around the generated block, with every path inside folder."""
    user = "user www-data;\n" if os.geteuid() == 0 else ""  # as Debian's own nginx.conf: workers never run as root
    temps = "".join(f"    {kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\ndaemon off;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n    default_type application/octet-stream;\n"
        f"    access_log {folder / 'access.log'};\n    sendfile on;\n{temps}"
        f"    include {server_block};\n"
        "}\n"
    )


@dataclass
class Nginx:
    base: str  # http(s)://127.0.0.1:PORT/prefix/
    port: int
    folder: Path
    web_root: Path
    config: str  # the generated server block
    pid: int

    def request(
        self, path: str, headers: dict[str, str] | None = None, method: str = "GET"
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One request, no redirects followed; path is absolute ("/pufa/x") or relative to base."""
        if not path.startswith("/"):
            path = self.base.split(str(self.port), 1)[1] + path
        if self.base.startswith("https:"):
            import ssl

            context = ssl._create_unverified_context()  # the test's own self-signed certificate
            connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=20, context=context)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


def nginx_test(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [nginx_path(), "-t", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")],
        capture_output=True,
        text=True,
    )


@contextlib.contextmanager
def running(site: Path, prefix: str = "/", extra: tuple[str, ...] = (), scheme: str = "http"):
    """Serve site with the generated config at 127.0.0.1:PORT{prefix}; yields an Nginx."""
    folder = Path(tempfile.mkdtemp(prefix="pufa-nginx-"))
    folder.chmod(0o755)  # the workers (www-data when run as root) must reach the web root inside it
    proc = None
    try:
        web_root = folder / "www"
        # Hard links: the same files, in a folder the workers may enter (pytest's tmp folders are private).
        try:
            shutil.copytree(site, web_root, copy_function=os.link)
        except OSError:
            shutil.rmtree(web_root, ignore_errors=True)
            shutil.copytree(site, web_root)
        port = free_port()
        config = generate(
            "--prefix", prefix, "--root", str(web_root), "--listen", f"127.0.0.1:{port}", "--server-name", "localhost", *extra
        )
        (folder / "pufa.conf").write_text(config, "utf-8")
        (folder / "nginx.conf").write_text(wrapper(folder, folder / "pufa.conf"), "utf-8")
        checked = nginx_test(folder)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{checked.stderr}\n{config}")
        proc = subprocess.Popen(
            [nginx_path(), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"nginx did not start: {proc.stderr.read().decode() if proc.poll() is not None else 'timeout'}"
                )
            time.sleep(0.05)
        yield Nginx(f"{scheme}://127.0.0.1:{port}{prefix}", port, folder, web_root, config, proc.pid)
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()  # SIGTERM to our master only: fast shutdown of it and its workers
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
