"""Grade the production setup with Mozilla's HTTP Observatory, on this machine.

    python3 run.py bench observatory

Builds what README "Production" describes on loopback: collectstatic, gunicorn
with DJANGO_ENV=production behind nginx with the repository's site (TLS, a
self-signed certificate for localhost), on ports 80 and 443, since the
Observatory scans only those. It installs the npm package
@mdn/mdn-http-observatory into a temporary folder (its install script
downloads the HSTS preload list, which this machine cannot reach, so it is
skipped and an empty list stands in: the site is not preloaded), trusts the
certificate through NODE_EXTRA_CA_CERTS, scans http://localhost/ and
https://localhost/, prints the grade and each test, and stops what it started.
The demo database (python3 run.py demo) is used if there is one.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.local import LocalNginx  # noqa: E402

OBSERVATORY = "@mdn/mdn-http-observatory@1.4.8"
APP = "127.0.0.1:8765"
SCAN = """
import { scan } from "%s/node_modules/@mdn/mdn-http-observatory/src/scanner/index.js";
const result = await scan("localhost");
console.log(JSON.stringify({grade: result.scan.grade, score: result.scan.score,
  tests: Object.fromEntries(Object.entries(result.tests).map(
    ([name, test]) => [name, [test.pass, test.result, test.scoreModifier]]))}));
"""


def install_observatory(folder):
    subprocess.run(  # noqa: S603
        [
            shutil.which("npm") or "npm",
            "install",
            "--prefix",
            str(folder),
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--silent",
            OBSERVATORY,
        ],
        check=True,
    )
    conf = folder / "node_modules" / "@mdn" / "mdn-http-observatory" / "conf"
    conf.mkdir(exist_ok=True)
    (conf / "hsts-preload.json").write_text("{}")


def main():
    base = Path(tempfile.mkdtemp(prefix="newsroom-observatory-"))
    base.chmod(0o755)
    database = ROOT / "db.sqlite3"
    environ = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "observatory-only-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{database if database.exists() else base / 'db'}",
        "STATIC_ROOT": str(base / "static"),
        "NEWSROOM_TRUSTED_PROXIES": "1",
        "BIND": APP,
        "WEB_CONCURRENCY": "1",
    }
    environ.pop("REDIS_URL", None)
    python = sys.executable
    app = nginx = None
    try:
        print("Installing the Observatory ...", flush=True)
        install_observatory(base / "observatory")
        for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run(  # noqa: S603
                [python, "manage.py", *step, "-v0"], cwd=ROOT, env=environ, check=True
            )
        app = subprocess.Popen(  # noqa: S603
            [python, "-m", "gunicorn", "newsroom.wsgi"],
            cwd=ROOT,
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        (base / "nginx").mkdir()
        nginx = LocalNginx(
            base / "nginx",
            app=APP,
            media_root=base / "media",
            max_upload_bytes=25 * 1024 * 1024,
            media_url="/media/",
            http_port=80,
            https_port=443,
        ).start()
        time.sleep(2)  # gunicorn's workers
        (base / "scan.mjs").write_text(SCAN % (base / "observatory"))
        scanned = subprocess.run(  # noqa: S603
            [shutil.which("node") or "node", str(base / "scan.mjs")],
            env={**os.environ, "NODE_EXTRA_CA_CERTS": str(nginx.certificate)},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        result = json.loads(scanned.stdout)
        print(f"\nHTTP Observatory: {result['grade']} ({result['score']}/100)\n")
        print("| Test | Pass | Result | Score |\n| --- | --- | --- | ---: |")
        for name, (passed, outcome, modifier) in result["tests"].items():
            print(
                f"| {name} | {'yes' if passed else 'no'} | {outcome} | {modifier:+d} |"
            )
        return 0 if result["grade"].startswith("A") else 1
    finally:
        if nginx:
            nginx.stop()
        if app:
            app.terminate()
            app.wait(timeout=30)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
