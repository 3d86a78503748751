"""gunicorn.conf.py: loopback by default, and never public while proxies are trusted.

The file is imported as a module with the environment set for each case, as
gunicorn itself reads it.
"""

import importlib.util
import os
import subprocess
import time
from pathlib import Path

import pytest

from deploy.local import free_port, gunicorn_command, stop_process, wait_for

ROOT = Path(__file__).resolve().parents[2]
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - checked, never bound
OURS = ("BIND", "PORT", "NEWSROOM_TRUSTED_PROXIES", "BIND_TRUSTED_NETWORK")


def load_config(monkeypatch, **environ):
    for name in OURS:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf_under_test", ROOT / "gunicorn.conf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_listens_on_loopback_by_default(monkeypatch):
    assert load_config(monkeypatch).bind == "127.0.0.1:8000"
    assert load_config(monkeypatch, PORT="9000").bind == "127.0.0.1:9000"


def test_bind_can_be_a_unix_socket_for_the_proxy(monkeypatch):
    config = load_config(monkeypatch, BIND="unix:/run/newsroom/gunicorn.sock")

    assert config.bind == "unix:/run/newsroom/gunicorn.sock"


@pytest.mark.parametrize(
    "address", [(ALL_INTERFACES, 8000), ("::", 8000), ("192.0.2.10", 8000), ("app", 80)]
)
def test_an_outside_address_is_refused_while_proxies_are_trusted(monkeypatch, address):
    config = load_config(monkeypatch, NEWSROOM_TRUSTED_PROXIES="1")

    with pytest.raises(RuntimeError, match="could forge it"):
        config.refuse_public_bind_behind_proxies([address])


@pytest.mark.parametrize(
    "address", [("127.0.0.1", 8000), ("::1", 8000), ("localhost", 8000), "/run/s"]
)
def test_loopback_and_unix_sockets_are_fine_behind_proxies(monkeypatch, address):
    config = load_config(monkeypatch, NEWSROOM_TRUSTED_PROXIES="1")

    config.refuse_public_bind_behind_proxies([address])


def test_an_outside_address_is_fine_when_no_proxy_is_trusted(monkeypatch):
    config = load_config(monkeypatch, NEWSROOM_TRUSTED_PROXIES="0")

    config.refuse_public_bind_behind_proxies([(ALL_INTERFACES, 8000)])


def test_a_private_network_only_the_proxy_reaches_can_be_declared(monkeypatch):
    config = load_config(
        monkeypatch, NEWSROOM_TRUSTED_PROXIES="1", BIND_TRUSTED_NETWORK="1"
    )

    config.refuse_public_bind_behind_proxies([(ALL_INTERFACES, 8000)])


def test_gunicorn_refuses_to_start_on_a_public_bind_given_on_its_command_line():
    # An address of no interface here (TEST-NET-1): even if the check were
    # missing, this test could never open a public port.
    address = "192.0.2.10:8000"
    env = {key: value for key, value in os.environ.items() if key not in OURS}
    env["NEWSROOM_TRUSTED_PROXIES"] = "1"

    result = subprocess.run(  # noqa: S603 - our own server, our arguments
        gunicorn_command("--bind", address),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert address in result.stderr
    assert "NEWSROOM_TRUSTED_PROXIES" in result.stderr
    assert "Listening at" not in result.stderr


def test_two_servers_on_one_machine_get_control_sockets_of_their_own(monkeypatch):
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    config = load_config(monkeypatch)
    default = "/run/user/0/gunicorn.ctl"

    first = config.control_socket_for(["127.0.0.1:8000"], default)
    second = config.control_socket_for(["127.0.0.1:8001"], default)

    assert first != second
    assert first == "/run/user/0/gunicorn-127.0.0.1_8000.ctl"
    assert config.control_socket_for(["unix:/run/app.sock"], default).startswith(
        "/run/user/0/gunicorn-unix_"
    )


def test_a_started_server_uses_its_own_control_socket(tmp_path):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own server, on loopback
        gunicorn_command("--bind", f"127.0.0.1:{port}", "--workers", "1"),
        cwd=ROOT,
        env={**os.environ, "XDG_RUNTIME_DIR": str(tmp_path), "DEBUG": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz/live", seconds=30)
        # gunicorn opens it once its workers are up, a moment after they answer.
        deadline = time.monotonic() + 10
        while not list(tmp_path.glob("*.ctl")) and time.monotonic() < deadline:
            time.sleep(0.05)
        sockets = sorted(path.name for path in tmp_path.glob("*.ctl"))
    finally:
        stop_process(process, timeout=10)

    assert sockets == [f"gunicorn-127.0.0.1_{port}.ctl"]


def test_workers_are_retired_rarely_enough_not_to_start_cold_under_load(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    config = load_config(monkeypatch)
    # At a millisecond a cached page, 2,000 requests retired a worker every
    # few seconds under load; the jitter keeps workers from retiring together.
    assert config.max_requests >= 50_000
    assert config.max_requests_jitter > 0


def test_the_master_compiles_the_templates_before_it_forks(monkeypatch):
    from types import SimpleNamespace

    from django.template import engines

    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    server = SimpleNamespace(cfg=SimpleNamespace(preload_app=True))

    load_config(monkeypatch).when_ready(server)

    compiled = set(loader.get_template_cache)
    assert {"base.html", "404.html", "articles/article_detail.html"} <= compiled
    assert {"comments/_comments.html", "includes/_story_card.html"} <= compiled
    # The project's own only: the admin's hundreds compile when first asked.
    assert not any(name.startswith("admin/change_form") for name in compiled)
