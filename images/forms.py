from django import forms
from django.core.exceptions import ValidationError

from images import processing
from images.models import Image


class ImageForm(forms.ModelForm):
    """Checks an upload by its content before anything is stored."""

    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "is_decorative",
            "caption",
            "credit",
            "focal_x",
            "focal_y",
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and "file" in self.changed_data:
            try:
                processing.open_upload(upload)
            except processing.ImageRejected as error:
                raise ValidationError(str(error)) from None
        return upload
