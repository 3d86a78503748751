from django.conf import settings
from django.core.management.base import BaseCommand

from comments.services import comment_ip_hashes_purge


class Command(BaseCommand):
    help = (
        "Forget the IP address hashes of comments older than "
        "COMMENTS_IP_RETENTION_DAYS (30 days unless set). Run it daily."
    )

    def handle(self, *args, **options):
        count = comment_ip_hashes_purge()
        self.stdout.write(
            f"Forgot the address of {count} comment(s) older than "
            f"{settings.COMMENTS_IP_RETENTION_DAYS} days."
        )
