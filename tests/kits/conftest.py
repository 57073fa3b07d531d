import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from kits.models import KitItem, KitPage, KitSectionPage, VisualTemplate


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # Wagtail caches renditions, whose files live in another test's folder
    return settings.MEDIA_ROOT


def make_document(title, name, content):
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def make_image(title, size=(2000, 1200), colour="#dddddd", focus=None):
    """An image; `focus` (x, y, w, h) is painted red and set as the focal point."""
    picture = Image.new("RGB", size, colour)
    if focus:
        x, y, w, h = focus
        picture.paste((255, 0, 0), (x - w // 2, y - h // 2, x + w // 2, y + h // 2))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = get_image_model()(title=title)
    image.file.save(f"{title.lower().replace(' ', '-')}.png", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = size
    if focus:
        image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = focus
    image.save()
    return image


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def kit(site_root):
    """A kit: two sections (the second with a sub-section), documents, an image and a video."""
    kit = site_root.add_child(instance=KitPage(title="Le kit", slug="kit", version="3.2", show_in_menus=True))
    publish(kit)
    deck_section = kit.add_child(instance=KitSectionPage(title="Support de présentation", slug="support"))
    films = kit.add_child(instance=KitSectionPage(title="Films", slug="films"))
    banners = films.add_child(instance=KitSectionPage(title="Bannières", slug="bannieres"))
    deck = make_document("Diaporama", "diaporama.pdf", b"%PDF-1.4 deck " + b"x" * 2000)
    notes = make_document("Notes", "notes.pdf", b"%PDF-1.4 notes")
    captions = make_document("Sous-titres", "film.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n")
    picture = make_image("Bannière", focus=(1800, 600, 200, 200))
    items = {
        "deck": KitItem(section=deck_section, sort_order=1, title="Diaporama", document=deck, version="2.0"),
        "notes": KitItem(section=deck_section, sort_order=0, title="Notes de l'intervenant", document=notes),
        "film": KitItem(
            section=films, sort_order=0, title="Le film", video_url="https://youtu.be/abcdefghijk", captions=captions
        ),
        "banner": KitItem(section=banners, sort_order=0, title="Bannière Tour de France", image=picture),
    }
    for item in items.values():
        item.full_clean(exclude=["section"])
        item.save()
    for section in (deck_section, films, banners):
        publish(section)
    return {"kit": kit, "sections": {"deck": deck_section, "films": films, "banners": banners}, "items": items}


def template_spec(**overrides):
    fields = {
        "name": "Bannière",
        "kind": VisualTemplate.Kind.BANNER,
        "width": 1500,
        "height": 500,
        "background_colour": "#000091",
        "text_colour": "#ffffff",
        "accent_colour": "#ffffff",
        "title_x": 60,
        "title_y": 40,
        "title_width": 900,
        "title_height": 220,
        "title_max_size": 80,
        "details_x": 60,
        "details_y": 300,
        "details_width": 900,
        "details_height": 160,
        "details_max_size": 36,
        "qr_x": 1120,
        "qr_y": 80,
        "qr_size": 340,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def banner_template(db):
    return VisualTemplate.objects.create(**template_spec())
