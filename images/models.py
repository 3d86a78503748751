from operator import attrgetter

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

_unit_interval = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """A picture in the library, with what readers need to understand it."""

    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    is_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Tick only if the picture adds nothing to the story's meaning."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    focal_x = models.FloatField(
        _("focal point (x)"),
        default=0.5,
        validators=_unit_interval,
        help_text=_("0 is the left edge, 1 the right."),
    )
    focal_y = models.FloatField(
        _("focal point (y)"),
        default=0.5,
        validators=_unit_interval,
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(alt_text="") | models.Q(is_decorative=True),
                name="image_alt_text_or_decorative",
                violation_error_message=_(
                    "Describe the picture in the alt text, or mark it decorative."
                ),
            ),
        ]

    def __str__(self):
        return self.caption or self.alt_text or self.file.name

    def clean(self):
        if not self.is_decorative and not self.alt_text.strip():
            raise ValidationError(
                {
                    "alt_text": _(
                        "Describe the picture for readers who cannot see it, "
                        "or mark it decorative."
                    )
                }
            )

    @property
    def reader_alt(self):
        """The alt attribute readers get: empty for decorative pictures."""
        return "" if self.is_decorative else self.alt_text

    def renditions_of(self, format):
        """Its renditions in ``format`` (a ``Rendition.Format``), narrowest first.

        Reads ``renditions.all()``: no query where they were prefetched.
        """
        return sorted(
            (
                rendition
                for rendition in self.renditions.all()
                if rendition.format == format
            ),
            key=attrgetter("width"),
        )

    def jpeg_rendition(self, *, width=None):
        """The JPEG rendition closest to ``width`` pixels wide (the widest if
        ``width`` is None), or None if it has none. As ``renditions_of``."""
        jpegs = self.renditions_of(Rendition.Format.JPEG)
        if not jpegs:
            return None
        if width is None:
            return jpegs[-1]
        return min(jpegs, key=lambda rendition: abs(rendition.width - width))


class Rendition(models.Model):
    """One resized, metadata-free copy of an image, made when the image is saved."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions"
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    file = models.ImageField(_("file"), upload_to="renditions/%Y/%m/")

    class Meta:
        ordering = ["image", "format", "width"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "format", "width"], name="rendition_unique_size"
            ),
        ]

    def __str__(self):
        return f"{self.image_id} {self.format} {self.width}w"
