"""gunicorn settings for production: ``gunicorn newsroom.wsgi`` reads this file.

Every value can be set from the environment; see README, "Production".
"""

import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: each renders one page at a time, and cached pages take
# about a millisecond. Two per core is a good start; measure with bench/.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "sync"
# Restart workers now and then, so a slow leak cannot grow forever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
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
