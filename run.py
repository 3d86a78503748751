#!/usr/bin/env python3
"""Run Newsroom from a fresh checkout with nothing but Python 3.11 or newer.

    python3 run.py demo    # set up .venv, build a demo site, serve it on :8000
    python3 run.py test    # set up .venv with the dev tools and run pytest
    python3 run.py test -k seed -x   # anything after "test" goes to pytest
    python3 run.py lock    # pin every dependency again (requirements/*.txt)
    python3 run.py messages  # gather strings to translate into locale/, compile
    python3 run.py bench   # HTTP benchmark on PostgreSQL + Redis (bench/load.py)
    python3 run.py bench search      # search latency at 100k and 1M stories
    python3 run.py bench admin       # the admin's article list at 10k and 1M
    python3 run.py bench drills      # outages under load, nginx in front
    python3 run.py bench observatory # Mozilla's HTTP Observatory grade, on loopback

Standard library only: this script is what installs everything else, at the
versions pinned in requirements/base.txt (the site) and requirements/dev.txt
(the site and its development tools), which `lock` makes from pyproject.toml.
The virtual environment lives in .venv; it is reused as long as the pinned
versions have not changed since the last install (a stamp file in .venv
records their hash).
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".newsroom-install.json"
PYPROJECT = ROOT / "pyproject.toml"
LOCKS = {
    False: ROOT / "requirements" / "base.txt",
    True: ROOT / "requirements" / "dev.txt",
}
ADDRESS = "127.0.0.1:8000"


class Failure(Exception):
    """A step failed; the message says which and what to try."""


def say(message):
    print(f"[run.py] {message}", flush=True)


def venv_python():
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(command, what, **kwargs):
    say(f"{what}: {' '.join(str(part) for part in command)}")
    completed = subprocess.run(command, cwd=ROOT, check=False, **kwargs)  # noqa: S603
    if completed.returncode != 0:
        raise Failure(f"{what} failed (exit code {completed.returncode}).")
    return completed


def ensure_venv(*, dev):
    """Create .venv if needed and install the pinned dependencies (with the
    dev tools if asked), then the project itself.

    Skips pip when the stamp says these pins are already installed.
    """
    python = venv_python()
    if not python.exists():
        say(f"Creating a virtual environment in {VENV.name}/ ...")
        run([sys.executable, "-m", "venv", "--clear", str(VENV)], "Creating .venv")
        if not python.exists():
            raise Failure(
                f"{python} is missing after creating the virtual environment. "
                "On Debian or Ubuntu, install the python3-venv package."
            )

    stamp = _read_stamp()
    # Keep the dev tools if they were there before, so switching between
    # "demo" and "test" does not reinstall back and forth.
    dev = dev or stamp.get("dev", False)
    lock = LOCKS[dev]
    wanted = hashlib.sha256(PYPROJECT.read_bytes() + lock.read_bytes()).hexdigest()
    if stamp.get("installed") == wanted and stamp.get("dev") == dev:
        say(f"Dependencies are up to date ({lock.relative_to(ROOT)} unchanged).")
        return python

    say(
        f"Installing the versions pinned in {lock.relative_to(ROOT)} "
        "(the first time takes a minute) ..."
    )
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    run([*pip, "--quiet", "--requirement", str(lock)], "Installing dependencies")
    run(
        [*pip, "--quiet", "--no-deps", "--editable", "."],
        "Installing the project",
    )
    STAMP.write_text(json.dumps({"installed": wanted, "dev": dev}) + "\n")
    return python


def lock(python):
    """Pin every dependency of pyproject.toml again, at its newest release."""
    for dev, path in LOCKS.items():
        extras = ["--extra", "dev"] if dev else []
        run(
            [
                str(python),
                "-m",
                "piptools",
                "compile",
                "--quiet",
                "--upgrade",
                "--strip-extras",
                "--no-emit-index-url",
                "--no-emit-find-links",
                *extras,
                "--output-file",
                str(path.relative_to(ROOT)),
                "pyproject.toml",
            ],
            f"Pinning {path.relative_to(ROOT)}",
        )
    say("Review the changes (git diff requirements/), run the tests, commit.")
    return 0


def _read_stamp():
    try:
        return json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return {}


def demo(python):
    manage = [str(python), "manage.py"]
    run([*manage, "migrate", "--noinput"], "Creating the database tables")
    run([*manage, "seed_demo"], "Building the demo site")
    say(f"Serving the demo on http://{ADDRESS}/ (Ctrl+C stops it).")
    if os.name != "nt":
        # Become the server, so that signals (Ctrl+C, kill) reach it directly.
        os.chdir(ROOT)
        os.execv(python, [str(python), "manage.py", "runserver", ADDRESS])  # noqa: S606
    try:
        completed = subprocess.run(  # noqa: S603
            [*manage, "runserver", ADDRESS], cwd=ROOT, check=False
        )
    except KeyboardInterrupt:
        return 0
    return completed.returncode


# The catalogues kept in locale/ (besides English, the source language).
LOCALES = ["ru", "kk", "ky", "tg", "tk", "uz"]
# Not reader- or editor-facing: tests, benchmarks, installed packages.
MESSAGES_IGNORE = ["node_modules/*", "tests/*", "bench/*", "staticfiles*", "media/*"]


def messages(python):
    """Gather every marked string into locale/<lang>/LC_MESSAGES/django.po and
    compile the .mo files (committed, so that no machine running the site
    needs GNU gettext). Needs GNU gettext here: apt-get install gettext."""
    if not shutil.which("xgettext"):
        raise Failure("GNU gettext is needed: apt-get install gettext")
    manage = [str(python), "manage.py"]
    run(
        [
            *manage,
            "makemessages",
            *(f"--locale={code}" for code in LOCALES),
            "--add-location=file",
            *(f"--ignore={pattern}" for pattern in MESSAGES_IGNORE),
        ],
        "Gathering the strings to translate",
    )
    say('Translate the new entries (msgstr "") in locale/*/LC_MESSAGES/django.po.')
    run(
        [*manage, "compilemessages", "--ignore=.venv", "--ignore=node_modules"],
        "Compiling the catalogues",
    )
    return 0


def test(python, pytest_args):
    say(" ".join(["Running the test suite: python -m pytest", *pytest_args]))
    completed = subprocess.run(  # noqa: S603
        [str(python), "-m", "pytest", *pytest_args], cwd=ROOT, check=False
    )
    return completed.returncode


# Benchmarks whose file is not named after their command.
BENCH_FILES = {"admin": "admin_list"}


def bench(python, bench_args):
    """bench/load.py (or bench/<name>.py), installing wrk (load) or nginx
    (drills) first if it is missing."""
    named = bool(bench_args) and not bench_args[0].startswith("-")
    name, rest = (bench_args[0], bench_args[1:]) if named else ("load", bench_args)
    name = BENCH_FILES.get(name, name)
    if name == "load" and not shutil.which("wrk"):
        run(["apt-get", "install", "-y", "-qq", "wrk"], "Installing wrk")
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if name in ("drills", "observatory") and not nginx:
        run(["apt-get", "install", "-y", "-qq", "nginx"], "Installing nginx")
    say(f"Running bench/{name}.py")
    completed = subprocess.run(  # noqa: S603
        [str(python), f"bench/{name}.py", *rest], cwd=ROOT, check=False
    )
    return completed.returncode


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="run.py", description="Set up and run Newsroom."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help=f"build a demo site and serve it on {ADDRESS}")
    commands.add_parser(
        "test", help="run the test suite; extra arguments are passed to pytest"
    )
    commands.add_parser(
        "lock", help="pin every dependency again in requirements/ (newest releases)"
    )
    commands.add_parser(
        "messages",
        help="gather the strings to translate into locale/ and compile them",
    )
    commands.add_parser(
        "bench",
        help=(
            "run a benchmark: load (the default), search, admin, drills or "
            "observatory; see bench/"
        ),
    )
    argv = sys.argv[1:] if argv is None else list(argv)
    # Everything after the command goes to pytest untouched, in order.
    args = parser.parse_args(argv[:1])
    extra = argv[1:]
    if args.command in ("demo", "lock", "messages") and extra:
        parser.error(f"unrecognised arguments: {' '.join(extra)}")

    if sys.version_info < (3, 11):  # noqa: UP036 - run.py may meet an older Python
        say(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
        return 2
    try:
        python = ensure_venv(dev=args.command != "demo")
        if args.command == "demo":
            return demo(python)
        if args.command == "bench":
            return bench(python, extra)
        if args.command == "lock":
            return lock(python)
        if args.command == "messages":
            return messages(python)
        return test(python, extra)
    except Failure as failure:
        say(f"ERROR: {failure}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
