"""Uploaded pictures: metadata stripped, renditions made, bad files refused."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template import Context, Template
from PIL import Image as PILImage
from PIL import ImageChops

from images.models import Image, Rendition
from images.processing import crop_to_ratio
from images.services import image_create, image_update
from tests.factories import ArticleFactory

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


BLUE, RED = (20, 40, 220), (220, 30, 20)


def two_colours(size, *, split="vertical"):
    """A picture blue on its left (or top) half and red on the other half."""
    width, height = size
    picture = PILImage.new("RGB", size, BLUE)
    if split == "vertical":
        picture.paste(RED, (width // 2, 0, width, height))
    else:
        picture.paste(RED, (0, height // 2, width, height))
    return picture


def png_bytes(picture):
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def banner(*, focal_x):
    """A stored 1200 by 400 banner, blue on its left half and red on its right,
    with its focal point at ``focal_x``."""
    return image_create(
        file=SimpleUploadedFile("wide.png", png_bytes(two_colours((1200, 400)))),
        alt_text="A banner",
        focal_x=focal_x,
    )


def red_share(path):
    """The share of a stored picture's pixels that are more red than blue."""
    with PILImage.open(path) as made:
        red, _, blue = made.convert("RGB").split()
    redder = ImageChops.subtract(red, blue).point(lambda v: 255 if v else 0)
    return redder.histogram()[255] / (redder.width * redder.height)


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


def test_renditions_are_cropped_to_the_configured_ratio(settings):
    settings.IMAGE_RENDITION_RATIO = (3, 2)

    image = image_create(
        file=SimpleUploadedFile("p.jpg", jpeg_with_gps((4000, 3000))), alt_text="x"
    )

    for rendition in image.renditions.all():
        with PILImage.open(rendition.file.path) as made:
            assert made.size == (rendition.width, rendition.height)
        assert abs(rendition.width * 2 - rendition.height * 3) < 3
    assert {r.width for r in image.renditions.all()} == {480, 800, 1200, 1600}
    assert (image.width, image.height) == (4000, 3000)  # the original is kept


@pytest.mark.parametrize(("focal_x", "colour_kept"), [(0.9, "red"), (0.1, "blue")])
def test_renditions_of_a_wide_picture_keep_the_side_with_the_focal_point(
    settings, focal_x, colour_kept
):
    settings.IMAGE_RENDITION_RATIO = (3, 2)

    image = banner(focal_x=focal_x)

    renditions = list(image.renditions.all())
    assert {(r.format, r.width, r.height) for r in renditions} == {
        ("webp", 480, 320),
        ("jpeg", 480, 320),
    }
    for rendition in renditions:
        share = red_share(rendition.file.path)
        assert share > 0.95 if colour_kept == "red" else share < 0.05


def test_renditions_of_a_tall_picture_keep_the_half_with_the_focal_point(settings):
    settings.IMAGE_RENDITION_RATIO = (3, 2)

    image = image_create(
        file=SimpleUploadedFile(
            "tall.png", png_bytes(two_colours((900, 1800), split="horizontal"))
        ),
        alt_text="A tower",
        focal_y=0.85,
    )

    for rendition in image.renditions.all():
        assert (rendition.width, rendition.height) in {(480, 320), (800, 533)}
        assert red_share(rendition.file.path) > 0.95


def test_a_picture_already_at_the_ratio_is_kept_whole(settings):
    settings.IMAGE_RENDITION_RATIO = (3, 2)

    image = image_create(
        file=SimpleUploadedFile("even.png", png_bytes(two_colours((900, 600)))),
        alt_text="Half and half",
        focal_x=0.5,
        focal_y=0.5,
    )

    for rendition in image.renditions.all():
        assert (rendition.width, rendition.height) in {(480, 320), (800, 533)}
        with PILImage.open(rendition.file.path) as made:
            rgb = made.convert("RGB")
            left, right = rgb.getpixel((2, 100)), rgb.getpixel((rgb.width - 3, 100))
        assert left[2] > left[0] and right[0] > right[2]  # both edges survive
        assert 0.45 < red_share(rendition.file.path) < 0.55


def test_the_crop_window_is_centred_on_the_focal_point_when_it_fits():
    picture = two_colours((1200, 400))

    # A 600-wide window centred at x=720 runs from 420 to 1020.
    cropped = crop_to_ratio(picture, (3, 2), focal_x=0.6, focal_y=0.5)

    assert cropped.size == (600, 400)
    assert cropped.getpixel((179, 200)) == BLUE
    assert cropped.getpixel((180, 200)) == RED


def test_the_crop_window_stops_at_the_edges():
    picture = two_colours((1200, 400))

    assert crop_to_ratio(picture, (3, 2), focal_x=1.0).getpixel((0, 0)) == RED
    assert crop_to_ratio(picture, (3, 2), focal_x=0.0).getpixel((599, 0)) == BLUE


def test_a_picture_within_a_pixel_of_the_ratio_is_not_cropped():
    picture = two_colours((1000, 666))

    assert crop_to_ratio(picture, (3, 2), focal_x=0.9).size == (1000, 666)


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


@pytest.fixture
def road_photo():
    """A 2000 by 1000 photo, read back with its renditions prefetched."""
    created = image_create(
        file=SimpleUploadedFile("p.jpg", jpeg_with_gps((2000, 1000))),
        alt_text="A mountain road",
    )
    return Image.objects.prefetch_related("renditions").get(pk=created.pk)


def test_picture_tag_gives_srcset_and_intrinsic_size_without_queries(
    django_assert_num_queries, road_photo
):
    image = road_photo
    template = Template('{% load images %}{% picture image sizes="100vw" %}')

    with django_assert_num_queries(0):
        html = template.render(Context({"image": image}))

    assert 'type="image/webp"' in html
    # Cropped to 3:2 the picture is 1500 wide, so no 1600 rendition.
    assert "1200w" in html and "480w" in html
    assert "1600w" not in html
    assert 'width="1200" height="800"' in html
    assert 'alt="A mountain road"' in html
    assert 'loading="lazy"' in html


def test_a_jpeg_rendition_is_chosen_by_width_from_the_prefetched_ones(
    django_assert_num_queries, road_photo
):
    image = road_photo

    with django_assert_num_queries(0):
        webp = image.renditions_of(Rendition.Format.WEBP)
        widest = image.jpeg_rendition()
        narrowest = image.jpeg_rendition(width=0)
        # 1000 is as far from 800 as from 1200: the narrower one is chosen.
        closest = [image.jpeg_rendition(width=w).width for w in (700, 1000, 1100)]

    assert [(r.format, r.width) for r in webp] == [
        ("webp", 480),
        ("webp", 800),
        ("webp", 1200),
    ]
    assert (widest.format, widest.width) == ("jpeg", 1200)
    assert (narrowest.format, narrowest.width) == ("jpeg", 480)
    assert closest == [800, 800, 1200]
    image.renditions.all().delete()
    assert Image.objects.get(pk=image.pk).jpeg_rendition(width=800) is None


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


def test_moving_the_focal_point_in_the_admin_remakes_the_renditions(client, settings):
    settings.IMAGE_RENDITION_RATIO = (3, 2)
    editor = get_user_model().objects.create_superuser("editor", password="pw")
    client.force_login(editor)
    image = banner(focal_x=0.1)
    before = image.renditions.get(format="jpeg")
    assert red_share(before.file.path) < 0.05

    response = client.post(
        f"/admin/images/image/{image.pk}/change/",
        {"alt_text": "A banner", "focal_x": "0.9", "focal_y": "0.5"},
    )

    assert response.status_code == 302
    jpeg = Rendition.objects.get(image=image, format="jpeg")
    assert red_share(jpeg.file.path) > 0.95
    # A new address, so no browser or CDN keeps the old crop.
    assert jpeg.file.url != before.file.url


def _bmp():
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(out, format="BMP")
    return out.getvalue()


@pytest.mark.parametrize(
    ("upload", "limits", "message"),
    [
        ("too big", {"IMAGE_MAX_UPLOAD_BYTES": 10_000}, "larger than"),
        ("bomb", {"IMAGE_MAX_PIXELS": 500 * 500}, "too many pixels"),
        ("truncated", {}, ""),
        ("bmp named jpg", {}, "Upload a JPEG, PNG, WebP or GIF picture, not BMP"),
    ],
)
def test_admin_upload_of_a_bad_picture_is_a_form_error_never_a_500(
    client, settings, upload, limits, message
):
    for name, value in limits.items():
        setattr(settings, name, value)
    content = {
        "too big": lambda: jpeg_with_gps((1000, 750), noisy=True),
        "bomb": lambda: jpeg_with_gps((1000, 750)),
        "truncated": lambda: jpeg_with_gps((400, 300), noisy=True)[:20_000],
        "bmp named jpg": _bmp,
    }[upload]()
    client.force_login(get_user_model().objects.create_superuser("ed", password="pw"))

    response = client.post(
        "/admin/images/image/add/",
        {
            "file": SimpleUploadedFile("photo.jpg", content),
            "alt_text": "A checkpoint",
            "caption": "Kept caption",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert message in " ".join(errors)
    assert 'value="Kept caption"' in response.content.decode()
    assert not Image.objects.exists()


def test_reader_pages_never_make_renditions(client, settings):
    image = image_create(
        file=SimpleUploadedFile("p.jpg", jpeg_with_gps((1200, 800))),
        alt_text="A mountain road",
    )
    story = ArticleFactory(published=True, lead_image=image)
    renditions = set(Rendition.objects.values_list("pk", flat=True))
    assert renditions
    media = Path(settings.MEDIA_ROOT)
    files = {path for path in media.rglob("*") if path.is_file()}
    pages = ["/", story.section.get_absolute_url(), story.get_absolute_url()]

    for page in pages:
        assert client.get(page).status_code == 200
    # A picture whose renditions are missing is shown as it was uploaded.
    Rendition.objects.all().delete()
    bare = client.get(story.get_absolute_url(), HTTP_COOKIE="sessionid=uncached")

    assert not Rendition.objects.exists()
    assert {path for path in media.rglob("*") if path.is_file()} == files
    assert image.file.url in bare.content.decode()


def test_recropping_a_picture_purges_the_stories_it_leads(
    client, settings, django_capture_on_commit_callbacks
):
    settings.IMAGE_RENDITION_RATIO = (3, 2)
    editor = get_user_model().objects.create_superuser("editor", password="pw")
    image = banner(focal_x=0.1)
    story = ArticleFactory(published=True, lead_image=image)
    old = image.renditions.get(format="jpeg", width=480)
    assert old.file.url in client.get(story.get_absolute_url()).content.decode()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/images/image/{image.pk}/change/",
            {"alt_text": "A banner", "focal_x": "0.9", "focal_y": "0.5"},
        )
    client.logout()

    page = client.get(story.get_absolute_url()).content.decode()
    new = Rendition.objects.get(image=image, format="jpeg", width=480)
    assert new.file.url in page
    assert old.file.url not in page
    assert not Path(old.file.path).exists()


def test_old_rendition_files_stay_until_the_change_is_committed(settings):
    settings.IMAGE_RENDITION_RATIO = (3, 2)
    image = banner(focal_x=0.1)
    old_files = [Path(rendition.file.path) for rendition in image.renditions.all()]
    image.focal_x = 0.9

    with pytest.raises(RuntimeError), transaction.atomic():
        image_update(image=image, remake_renditions=True)
        raise RuntimeError("the save fails after the renditions were made")

    assert all(path.exists() for path in old_files)
    assert Rendition.objects.filter(image=image).count() == len(old_files)
