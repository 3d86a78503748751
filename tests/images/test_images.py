"""Uploaded pictures: metadata stripped, renditions made, bad files refused."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image as PILImage

from images.models import Image, Rendition
from images.services import image_create

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
BODY_SERIAL = 0xA431


def jpeg_with_gps(size=(4000, 3000), noisy=False):
    if noisy:
        picture = PILImage.effect_noise(size, 64).convert("RGB")
    else:
        picture = PILImage.new("RGB", size, (120, 90, 60))
    exif = PILImage.Exif()
    exif[0x010F] = "Camera Maker"
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (38.0, 34.0, 0.0), 3: "E", 4: (68.0, 47.0, 0.0)}
    )
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL] = "SN-12345"
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def assert_no_location_or_serial(path):
    with PILImage.open(path) as stored:
        exif = stored.getexif()
        assert GPS_IFD not in exif
        assert not exif.get_ifd(GPS_IFD)
        assert BODY_SERIAL not in exif.get_ifd(EXIF_IFD)
        assert b"SN-12345" not in Path(path).read_bytes()


def test_the_fixture_really_carries_gps_and_a_serial():
    with PILImage.open(io.BytesIO(jpeg_with_gps((40, 30)))) as original:
        assert original.getexif().get_ifd(GPS_IFD)


def test_a_large_jpeg_gets_webp_and_jpeg_renditions_without_gps():
    image = image_create(
        file=SimpleUploadedFile("photo.jpg", jpeg_with_gps()),
        alt_text="Police officers outside the ministry",
        caption="Khalimov in Syria, May 2016.",
        credit="YouTube",
    )

    assert (image.width, image.height) == (4000, 3000)
    renditions = list(image.renditions.all())
    assert {(r.format, r.width) for r in renditions} == {
        (fmt, width) for fmt in ("webp", "jpeg") for width in (480, 800, 1200, 1600)
    }
    assert_no_location_or_serial(image.file.path)
    for rendition in renditions:
        assert_no_location_or_serial(rendition.file.path)
        with PILImage.open(rendition.file.path) as made:
            assert made.format == rendition.format.upper()
            assert made.size == (rendition.width, rendition.height)


def test_a_small_picture_is_never_upscaled():
    out = io.BytesIO()
    PILImage.new("RGB", (300, 200)).save(out, format="PNG")

    image = image_create(
        file=SimpleUploadedFile("small.png", out.getvalue()), is_decorative=True
    )

    assert {r.width for r in image.renditions.all()} == {300}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text, not a picture", "not a picture we can read"),
        (jpeg_with_gps((400, 300), noisy=True)[:20_000], "damaged or incomplete"),
    ],
)
def test_a_file_that_is_not_a_whole_picture_is_refused_and_nothing_stored(
    content, message
):
    with pytest.raises(ValidationError, match=message):
        image_create(file=SimpleUploadedFile("photo.jpg", content), alt_text="x")

    assert not Image.objects.exists()
    assert not Rendition.objects.exists()


def test_a_decompression_bomb_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 1000 * 1000

    with pytest.raises(ValidationError, match="too many pixels"):
        image_create(
            file=SimpleUploadedFile("bomb.jpg", jpeg_with_gps((1200, 1000))),
            alt_text="x",
        )
    assert not Image.objects.exists()


def test_alt_text_is_required_unless_the_picture_is_decorative():
    with pytest.raises(ValidationError, match="Describe the picture"):
        image_create(file=SimpleUploadedFile("p.jpg", jpeg_with_gps((40, 30))))
    assert not Image.objects.exists()


def test_picture_tag_gives_srcset_and_intrinsic_size_without_queries(
    django_assert_num_queries,
):
    created = image_create(
        file=SimpleUploadedFile("p.jpg", jpeg_with_gps((2000, 1000))),
        alt_text="A mountain road",
    )
    image = Image.objects.prefetch_related("renditions").get(pk=created.pk)
    template = Template('{% load images %}{% picture image sizes="100vw" %}')

    with django_assert_num_queries(0):
        html = template.render(Context({"image": image}))

    assert 'type="image/webp"' in html
    assert "1600w" in html and "480w" in html
    assert 'width="1600" height="800"' in html
    assert 'alt="A mountain road"' in html
    assert 'loading="lazy"' in html


def test_admin_upload_of_a_disguised_file_shows_a_form_error(client):
    editor = get_user_model().objects.create_superuser("editor", password="pw")
    client.force_login(editor)

    response = client.post(
        "/admin/images/image/add/",
        {
            "file": SimpleUploadedFile("holiday.jpg", b"<?php echo 'hi'; ?>"),
            "alt_text": "Holiday",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert "Upload a valid image" in response.content.decode()
    assert not Image.objects.exists()


def test_admin_upload_stores_a_clean_original_and_renditions(client):
    editor = get_user_model().objects.create_superuser("editor", password="pw")
    client.force_login(editor)

    response = client.post(
        "/admin/images/image/add/",
        {
            "file": SimpleUploadedFile("photo.jpg", jpeg_with_gps((1000, 750))),
            "alt_text": "A checkpoint",
            "caption": "A checkpoint near Khujand.",
            "credit": "Reuters",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert_no_location_or_serial(image.file.path)
    assert image.renditions.count() == 4  # 480 and 800 wide, WebP and JPEG
