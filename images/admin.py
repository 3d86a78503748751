from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from images import services
from images.forms import ImageForm
from images.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "__str__", "credit", "width", "height", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    search_fields = ["caption", "credit", "alt_text"]
    readonly_fields = ["width", "height", "created_at"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    @admin.display(description=_("picture"))
    def thumbnail(self, image):
        narrowest = image.jpeg_rendition(width=0)
        if narrowest is None:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="120" style="height:auto">',
            narrowest.file.url,
        )

    def save_model(self, request, obj, form, change):
        changed = set(form.changed_data)
        services.image_update(
            image=obj,
            file=form.cleaned_data["file"] if "file" in changed else None,
            remake_renditions=not change
            or bool({"file", "focal_x", "focal_y"} & changed),
        )
