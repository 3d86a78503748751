"""The repository's nginx site run from a temporary directory, for tests and drills,
and what they share to start and stop the app's own server.

nginx runs in the foreground (not as a daemon) with its own prefix, on free
loopback ports, with a self-signed certificate for ``localhost`` made by
openssl; nothing outside the directory is read but nginx's mime.types.
"""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from deploy.nginx import render

ROOT = Path(__file__).resolve().parents[1]


def find_nginx():
    """nginx's path, or None (Debian puts it in /usr/sbin, off some PATHs)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(*options):
    """The command that serves the site as production does (gunicorn with the
    repository's gunicorn.conf.py), with ``options`` added."""
    config = ROOT / "gunicorn.conf.py"
    return [
        sys.executable,
        *("-m", "gunicorn", "newsroom.wsgi", "--config", str(config)),
        *options,
    ]


def wait_for(url, *, seconds):
    """Return once ``url`` answers with a success; RuntimeError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - our server
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop_process(process, *, timeout):
    """End ``process`` (SIGTERM), killing it if it is still there after
    ``timeout`` seconds. Nothing to do if it never started or has ended."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_certificate(directory, name="localhost"):
    """A self-signed certificate and key for ``name``, valid for a day."""
    openssl = shutil.which("openssl")
    if not openssl:
        raise FileNotFoundError("openssl is needed to make a certificate.")
    certificate, key = directory / f"{name}.crt", directory / f"{name}.key"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={name}",
            "-addext",
            f"subjectAltName=DNS:{name}",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        capture_output=True,
        check=True,
    )
    return certificate, key


def _mime_types(nginx):
    """Debian's mime.types next to nginx.conf, or the few types we serve."""
    built = subprocess.run(  # noqa: S603 - the nginx we were given
        [nginx, "-V"], capture_output=True, text=True, check=False
    ).stderr
    for option in built.split():
        if option.startswith("--conf-path="):
            types = Path(option.split("=", 1)[1]).parent / "mime.types"
            if types.is_file():
                return f"include {types};"
    return "types { text/html html; text/plain txt; image/webp webp; image/jpeg jpg; }"


class LocalNginx:
    """nginx with deploy/nginx.conf.template in front of ``app``, from ``base``.

    ``base`` must be readable by nginx's workers (nobody, when run as root)
    wherever they serve files from it, such as ``media_root``.
    """

    def __init__(
        self,
        base,
        *,
        app,
        media_root,
        max_upload_bytes,
        media_url,
        http_port=None,
        https_port=None,
    ):
        self.base = Path(base)
        self.acme_root = self.base / "acme"
        self.http_port = http_port or free_port()
        self.https_port = https_port or free_port()
        self.nginx = find_nginx()
        if not self.nginx:
            raise FileNotFoundError("nginx is not installed (apt-get install nginx).")
        (self.acme_root / ".well-known" / "acme-challenge").mkdir(parents=True)
        temp = self.base / "temp"
        temp.mkdir()
        self.certificate, key = make_certificate(self.base)
        (self.base / "newsroom.conf").write_text(
            render(
                server_names=["localhost"],
                app=app,
                media_url=media_url,
                media_root=media_root,
                max_upload_bytes=max_upload_bytes,
                certificate=self.certificate,
                certificate_key=key,
                acme_root=self.acme_root,
                http_port=self.http_port,
                https_port=self.https_port,
                listen_on=["127.0.0.1"],
            )
        )
        (self.base / "nginx.conf").write_text(
            f"""daemon off;
worker_processes 1;
pid {self.base}/nginx.pid;
error_log {self.base}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    {_mime_types(self.nginx)}
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.base}/newsroom.conf;
}}
"""
        )
        self.command = [
            self.nginx,
            "-p",
            f"{self.base}/",
            "-c",
            str(self.base / "nginx.conf"),
            "-e",
            str(self.base / "error.log"),
        ]
        self.process = None

    def check(self):
        """nginx -t on the configuration: (ok, what nginx said)."""
        checked = subprocess.run(  # noqa: S603 - our nginx, our configuration
            [*self.command, "-t"], capture_output=True, text=True, check=False
        )
        return checked.returncode == 0, checked.stderr

    def start(self, timeout=10):
        ok, said = self.check()
        if not ok:
            raise RuntimeError(f"nginx refused the configuration:\n{said}")
        self.process = subprocess.Popen(  # noqa: S603
            self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self.error_log()}")
            try:
                socket.create_connection(("127.0.0.1", self.https_port), 1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not start in {timeout} s: {self.error_log()}")

    def error_log(self):
        try:
            return (self.base / "error.log").read_text()[-2000:]
        except OSError:
            return ""

    def stop(self):
        stop_process(self.process, timeout=10)
