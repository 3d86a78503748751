"""Pillow work on uploads: recognise, clean, crop, resize. No database or storage."""

import io
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

# Formats we accept, recognised from the file's content, never from its name.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class ImageRejected(ValueError):
    """The upload is not an image we can safely take; the message says why."""


def open_upload(fileobj) -> PILImage.Image:
    """Open ``fileobj`` as a fully decoded image, or raise ``ImageRejected``."""
    size = getattr(fileobj, "size", None)
    if size is not None and size > settings.IMAGE_MAX_UPLOAD_BYTES:
        limit = settings.IMAGE_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ImageRejected(
            _("The file is larger than %(limit)d MB.") % {"limit": limit}
        )
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            # A picture past Pillow's pixel limit warns first; treat it as a bomb.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(fileobj)
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(
                    _("Upload a JPEG, PNG, WebP or GIF picture, not %(format)s.")
                    % {"format": image.format}
                )
            if image.width * image.height > settings.IMAGE_MAX_PIXELS:
                raise ImageRejected(_("The picture has too many pixels to process."))
            image.load()
    except ImageRejected:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageRejected(_("The picture has too many pixels to process.")) from None
    except UnidentifiedImageError:
        raise ImageRejected(
            _("This is not a picture we can read: upload a JPEG, PNG, WebP or GIF.")
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ImageRejected(
            _("The picture is damaged or incomplete. Please upload it again.")
        ) from None
    return image


def strip_metadata(
    image: PILImage.Image,
) -> tuple[ContentFile, str, tuple[int, int]]:
    """Re-encode ``image`` upright and without EXIF or XMP (location, serials).

    The colour profile is kept so the picture looks the same. Returns the new
    file, its extension and its (width, height).
    """
    fmt = image.format
    upright = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    upright = _without_metadata(upright)
    # Pillow writes info["exif"] back unless told otherwise.
    options = {"exif": b""}
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        upright = (
            upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright
        )
        options.update(quality=90, optimize=True)
    elif fmt == "GIF":
        options["save_all"] = getattr(image, "is_animated", False)
    out = io.BytesIO()
    upright.save(out, format=fmt, **options)
    return ContentFile(out.getvalue()), ACCEPTED_FORMATS[fmt], upright.size


def rendition_widths(original_width):
    """The configured widths that do not upscale; at least one, however small."""
    widths = [w for w in settings.IMAGE_RENDITION_WIDTHS if w <= original_width]
    return widths or [original_width]


def crop_to_ratio(
    image: PILImage.Image,
    ratio: tuple[int, int],
    *,
    focal_x: float = 0.5,
    focal_y: float = 0.5,
) -> PILImage.Image:
    """``image`` cut to ``ratio`` (width, height), as centred on the focal point
    as the picture's edges allow.

    ``focal_x`` and ``focal_y`` run from 0 to 1 across the picture. A picture
    within a pixel of the ratio already comes back uncropped.
    """
    ratio_width, ratio_height = ratio
    width, height = image.size
    if abs(width * ratio_height - height * ratio_width) < max(ratio):
        return image
    if width * ratio_height > height * ratio_width:
        crop_width = max(1, min(width, round(height * ratio_width / ratio_height)))
        crop_height = height
    else:
        crop_width = width
        crop_height = max(1, min(height, round(width * ratio_height / ratio_width)))
    left = _clamp(round(focal_x * width - crop_width / 2), 0, width - crop_width)
    top = _clamp(round(focal_y * height - crop_height / 2), 0, height - crop_height)
    return image.crop((left, top, left + crop_width, top + crop_height))


def resize(image: PILImage.Image, width: int) -> PILImage.Image:
    """``image`` scaled to ``width``, keeping its proportions."""
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)


def encode(image: PILImage.Image, fmt: str) -> bytes:
    """``image`` as WebP or JPEG bytes, with no metadata."""
    out = io.BytesIO()
    if fmt == "webp":
        converted = image.convert("RGBA" if _has_alpha(image) else "RGB")
        _without_metadata(converted).save(
            out, format="WEBP", quality=80, method=4, exif=b""
        )
    else:
        _without_metadata(image.convert("RGB")).save(
            out, format="JPEG", quality=82, optimize=True, progressive=True, exif=b""
        )
    return out.getvalue()


def _clamp(value, lowest, highest):
    return max(lowest, min(value, highest))


def _has_alpha(image):
    return image.mode in ("RGBA", "LA") or "transparency" in image.info


def _without_metadata(image):
    """``image`` with only what drawing needs kept from its info (no EXIF, XMP)."""
    keep = {"transparency", "duration", "loop", "background"}
    image.info = {key: value for key, value in image.info.items() if key in keep}
    return image
