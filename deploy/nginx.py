"""Write Newsroom's nginx site (deploy/nginx.conf.template) to stdout.

    python deploy/nginx.py --server-name news.example.org \\
        > /etc/nginx/sites-available/newsroom

Run it with the app's environment (MEDIA_ROOT, MEDIA_URL,
IMAGE_MAX_UPLOAD_BYTES and what production requires): the media directory and
the upload limit are read from the app's settings, so nginx and the app agree.
Standard library and Django only; see README, "Production".
"""

import argparse
import math
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
MIB = 1024 * 1024
# Room for the rest of an upload's form around the image itself.
FORM_ALLOWANCE = MIB
_FIELD = re.compile(r"@([a-z_]+)@")
# Nothing that could end a directive, open a block or start a variable.
_PLAIN = re.compile(r"[^\s;{}'\"#$@\\]+")


def _plain(what, value):
    text = str(value)
    if not _PLAIN.fullmatch(text):
        raise ValueError(f"{what} {text!r} cannot go into nginx's configuration.")
    return text


def client_max_body_size(max_upload_bytes):
    """nginx's body limit for the app's upload limit: whole MiB, with room
    for the form around the image."""
    return f"{math.ceil((max_upload_bytes + FORM_ALLOWANCE) / MIB)}m"


def render(
    *,
    server_names,
    app,
    media_url,
    media_root,
    max_upload_bytes,
    certificate,
    certificate_key,
    acme_root="/var/www/letsencrypt",
    http_port=80,
    https_port=443,
    listen_on=("", "[::]"),
):
    """The site's configuration text.

    ``listen_on`` are the addresses to listen on, "" for every IPv4 address
    and "[::]" for every IPv6 one; each listen line is repeated for each.
    """
    if not (media_url.startswith("/") and media_url.endswith("/")):
        raise ValueError(f"MEDIA_URL {media_url!r} must be a path such as /media/.")
    media_root = str(media_root).rstrip("/")
    if not media_root.startswith("/"):
        raise ValueError(f"MEDIA_ROOT {media_root!r} must be an absolute path.")
    fields = {
        "server_names": " ".join(
            _plain("The server name", name) for name in server_names
        ),
        "app": _plain("The app's address", app),
        "media_url": _plain("MEDIA_URL", media_url),
        "media_root": _plain("MEDIA_ROOT", media_root),
        "client_max_body_size": client_max_body_size(max_upload_bytes),
        "certificate": _plain("The certificate", certificate),
        "certificate_key": _plain("The certificate's key", certificate_key),
        "acme_root": _plain("The ACME challenge directory", acme_root),
        "https_port_suffix": "" if https_port == 443 else f":{int(https_port)}",
    }
    if not fields["server_names"]:
        raise ValueError("At least one server name is needed.")

    lines = []
    for line in TEMPLATE.read_text().splitlines():
        for port_field, port in (("@http@", http_port), ("@https@", https_port)):
            if port_field in line:
                for address in listen_on:
                    where = f"{address}:{int(port)}" if address else str(int(port))
                    lines.append(line.replace(port_field, where))
                break
        else:
            lines.append(line)

    def fill(match):
        if match.group(1) not in fields:
            raise KeyError(f"The template names an unknown field {match.group(0)}.")
        return fields[match.group(1)]

    return _FIELD.sub(fill, "\n".join(lines)) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--server-name",
        action="append",
        required=True,
        help="the site's name (repeat for more, e.g. the www. one)",
    )
    parser.add_argument(
        "--app",
        default=os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}"),
        help="where gunicorn listens: host:port or unix:/path (default: as "
        "gunicorn.conf.py, from BIND and PORT)",
    )
    parser.add_argument("--certificate", help="default: certbot's fullchain.pem")
    parser.add_argument("--certificate-key", help="default: certbot's privkey.pem")
    parser.add_argument("--acme-root", default="/var/www/letsencrypt")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.conf import settings

    live = f"/etc/letsencrypt/live/{args.server_name[0]}"
    sys.stdout.write(
        render(
            server_names=args.server_name,
            app=args.app,
            media_url=settings.MEDIA_URL,
            media_root=Path(settings.MEDIA_ROOT).resolve(),
            max_upload_bytes=settings.IMAGE_MAX_UPLOAD_BYTES,
            certificate=args.certificate or f"{live}/fullchain.pem",
            certificate_key=args.certificate_key or f"{live}/privkey.pem",
            acme_root=args.acme_root,
        )
    )


if __name__ == "__main__":
    main()
