"""Static files for production, with their manifest kept out of public reach."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's hashed, compressed static files; the manifest (every
    static file's name) is written to ``STATIC_MANIFEST_ROOT``, beside
    ``STATIC_ROOT`` rather than in it, so it is not served to anyone who asks."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "manifest_storage",
            FileSystemStorage(location=settings.STATIC_MANIFEST_ROOT),
        )
        super().__init__(*args, **kwargs)
