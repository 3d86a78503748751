from django import template

from images.models import Rendition

register = template.Library()


@register.inclusion_tag("includes/_picture.html")
def picture(image, sizes="100vw", loading="lazy", css_class=""):
    """A responsive <picture>: WebP and JPEG srcsets, intrinsic size, alt text.

    Reads ``image.renditions.all()``, so a caller that prefetched
    ``lead_image__renditions`` pays no query here.
    """
    if image is None:
        return {"image": None}
    webp = image.renditions_of(Rendition.Format.WEBP)
    jpeg = image.renditions_of(Rendition.Format.JPEG)
    if jpeg:
        largest, fallback = jpeg[-1], image.jpeg_rendition(width=800)
        src, width, height = fallback.file.url, largest.width, largest.height
    else:
        src, width, height = image.file.url, image.width, image.height
    return {
        "image": image,
        "src": src,
        "width": width,
        "height": height,
        "webp_srcset": _srcset(webp),
        "jpeg_srcset": _srcset(jpeg),
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }


def _srcset(renditions):
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)
