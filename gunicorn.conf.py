"""gunicorn settings for production: ``gunicorn newsroom.wsgi`` reads this file.

Every value can be set from the environment; see README, "Production".
"""

import ipaddress
import os
import re

# Loopback by default: nginx in front (deploy/nginx.conf.template) is the only
# client. Reached directly, gunicorn would let anyone write X-Forwarded-For
# and hold a sync worker with a slow request.
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: each renders one page at a time, and cached pages take
# about a millisecond. Two per core is a good start; measure with bench/.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "sync"
# Retire a worker now and then, so a slow leak cannot grow forever. Rarely:
# a cached page takes about a millisecond, so a worker at 2,000 requests
# was retired every few seconds under load, and each new one paid its cold
# start (at 2,000 the benchmark served 25% fewer requests, p99 23×).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Load the app once, before forking: faster starts, shared memory.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Escapes every value, so each line stays valid JSON whatever the URL holds.
logger_class = "newsroom.gunicorn_logging.JSONAccessLogger"
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "request": "%(r)s", "status": %(s)s, '
    '"bytes": "%(B)s", "ms": %(M)s, "cache": "%({x-page-cache}o)s"}'
)
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _reachable_from_outside(address):
    """True for a TCP address other machines may reach; False for loopback
    and unix sockets (gunicorn gives those as a path, not a (host, port))."""
    if not isinstance(address, tuple):
        return False
    host = address[0]
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return True


def refuse_public_bind_behind_proxies(addresses, environ=os.environ):
    """Refuse to serve on an outside address while X-Forwarded-For is trusted.

    With NEWSROOM_TRUSTED_PROXIES set, the app takes the reader's address from
    X-Forwarded-For, which only the proxy may write: anyone who reaches
    gunicorn directly could write it and step around the rate limits. Where
    the address is a private network only the proxy can reach (containers,
    a firewall), say so with BIND_TRUSTED_NETWORK=1.
    """
    try:
        proxies = int(environ.get("NEWSROOM_TRUSTED_PROXIES") or 0)
    except ValueError:
        return  # the settings refuse it, with their own message
    trusted_network = (environ.get("BIND_TRUSTED_NETWORK") or "").strip().lower()
    if proxies <= 0 or trusted_network in {"1", "true", "yes", "on"}:
        return
    public = [address for address in addresses if _reachable_from_outside(address)]
    if public:
        shown = ", ".join(f"{host}:{port}" for host, port in public)
        raise RuntimeError(
            f"gunicorn would listen on {shown} while NEWSROOM_TRUSTED_PROXIES="
            f"{proxies} trusts X-Forwarded-For: anyone reaching that address "
            "could forge it. Bind to 127.0.0.1 or a unix socket behind the "
            "proxy, or set BIND_TRUSTED_NETWORK=1 if only the proxy can reach it."
        )


def control_socket_for(binds, default):
    """A control socket of this server's own, named after where it listens.

    gunicorn's default is one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl),
    so a second server on the machine (a benchmark's, a test's) takes it over
    from the first. GUNICORN_CONTROL_SOCKET names one outright.
    """
    if os.environ.get("GUNICORN_CONTROL_SOCKET"):
        return os.environ["GUNICORN_CONTROL_SOCKET"]
    name = re.sub(r"[^A-Za-z0-9.-]+", "_", "-".join(binds)).strip("_")
    return os.path.join(os.path.dirname(default), f"gunicorn-{name}.ctl")


def when_ready(server):
    # The app is loaded in this process (preload_app): compile its templates
    # and load its catalogues here, once, for every worker it forks.
    if server.cfg.preload_app:
        from newsroom.warmup import warm

        warm()


def on_starting(server):
    # The final addresses, command line included (--bind overrides this file).
    refuse_public_bind_behind_proxies(server.cfg.address)
    server.cfg.set(
        "control_socket",
        control_socket_for(server.cfg.bind, server.cfg.control_socket),
    )
