"""Image ingest: strip metadata, store, and make renditions."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.db import transaction

from images import processing
from images.models import Image, Rendition
from newsroom import pagecache


def _rejected(error: processing.ImageRejected) -> ValidationError:
    return ValidationError({"file": str(error)})


@transaction.atomic
def image_create(
    *,
    file: File,
    alt_text: str = "",
    is_decorative: bool = False,
    caption: str = "",
    credit: str = "",
    focal_x: float = 0.5,
    focal_y: float = 0.5,
) -> Image:
    """Store a picture with no location or camera metadata, and its renditions.

    Raises ``ValidationError`` (and stores nothing) for a file that is not an
    accepted picture, is damaged, too large, or lacks alt text.
    """
    image = Image(
        alt_text=alt_text,
        is_decorative=is_decorative,
        caption=caption,
        credit=credit,
        focal_x=focal_x,
        focal_y=focal_y,
    )
    image_set_file(image=image, file=file)
    image.full_clean()
    image.save()
    image_make_renditions(image=image)
    return image


@transaction.atomic
def image_update(
    *, image: Image, file: File | None = None, remake_renditions: bool = False
) -> Image:
    """Save an edited picture: ``file`` replaces the upload (its metadata
    removed), renditions are remade when asked (a new file or focal point),
    and every cached page that shows the picture is purged.

    Files it no longer uses are deleted only once the change is committed and
    those pages purged: until then, cached pages may still name them.
    """
    if file is not None:
        image_set_file(image=image, file=file)
    image.save()
    # Before the renditions: a purge must come ahead of the old files' deletion.
    pagecache.purge_for(image)
    if remake_renditions:
        image_make_renditions(image=image)
    return image


def _delete_files_after_commit(storage: Storage, names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def _stem(name: str | None) -> str:
    """``name`` without its folder and extension; "image" if that leaves nothing."""
    return os.path.splitext(os.path.basename(name or ""))[0] or "image"


def image_set_file(*, image: Image, file: File) -> None:
    """Attach ``file`` to ``image`` after removing its metadata; does not save.

    A file it replaces is deleted when the transaction commits."""
    try:
        decoded = processing.open_upload(file)
    except processing.ImageRejected as error:
        raise _rejected(error) from None
    cleaned, extension, size = processing.strip_metadata(decoded)
    replaced = image.file.name
    image.file.save(f"{_stem(file.name)}.{extension}", cleaned, save=False)
    if replaced:
        _delete_files_after_commit(image.file.storage, [replaced])
    # Replacing an earlier file makes Django re-read the size from storage, which
    # can come back empty; the cleaned picture's size is known, so set it.
    image.width, image.height = size


@transaction.atomic
def image_make_renditions(*, image: Image) -> list[Rendition]:
    """(Re)make every rendition of ``image``: each configured width, WebP and JPEG.

    Every rendition has ``IMAGE_RENDITION_RATIO``'s shape, cropped around the
    image's focal point, so callers must remake them when the focal point
    changes. Runs when an image is saved, never during a reader's request. Old
    renditions are replaced; their files are deleted when the transaction
    commits, after any purge already asked for.
    """
    old = list(image.renditions.all())
    image.file.open("rb")
    try:
        source = processing.open_upload(image.file)
    finally:
        image.file.close()
    renditions = []
    stem = _stem(image.file.name)
    # The crop is in the name: a new focal point makes new addresses, so no
    # browser or CDN keeps showing the old crop under the old one.
    crop = f"c{round(image.focal_x * 100):02d}{round(image.focal_y * 100):02d}"
    Rendition.objects.filter(pk__in=[rendition.pk for rendition in old]).delete()
    if old:
        _delete_files_after_commit(
            old[0].file.storage,
            [rendition.file.name for rendition in old if rendition.file.name],
        )
    cropped = processing.crop_to_ratio(
        source,
        settings.IMAGE_RENDITION_RATIO,
        focal_x=image.focal_x,
        focal_y=image.focal_y,
    )
    for width in processing.rendition_widths(cropped.width):
        resized = processing.resize(cropped, width)
        for fmt, extension in (("webp", "webp"), ("jpeg", "jpg")):
            data = processing.encode(resized, fmt)
            rendition = Rendition(
                image=image, format=fmt, width=width, height=resized.height
            )
            rendition.file.save(
                f"{stem}-{crop}-{width}.{extension}", ContentFile(data), save=False
            )
            rendition.save()
            renditions.append(rendition)
    return renditions
