import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from kits.models import KitItem, KitPage, KitSectionPage
from tests.kits.conftest import make_document

pytestmark = pytest.mark.django_db


class KitPageRulesTest(WagtailPageTestCase):
    def test_kit_goes_under_home_and_sections_under_the_kit_or_a_section(self):
        self.assertCanCreateAt(HomePage, KitPage)
        self.assertCanCreateAt(KitPage, KitSectionPage)
        self.assertCanCreateAt(KitSectionPage, KitSectionPage)
        self.assertCanNotCreateAt(KitPage, KitPage)


def test_kit_page_lists_sections_in_tree_order_and_items_in_editor_order(client, kit):
    html = client.get("/kit/").content.decode()
    items = kit["items"]
    anchors = [
        'id="support"',
        f'id="kit-item-{items["notes"].pk}"',
        f'id="kit-item-{items["deck"].pk}"',
        'id="films"',
        f'id="kit-item-{items["film"].pk}"',
        'id="bannieres"',
        f'id="kit-item-{items["banner"].pk}"',
    ]
    positions = [html.index(anchor) for anchor in anchors]
    assert positions == sorted(positions)


def test_kit_is_in_the_main_menu(client, kit):
    html = client.get("/").content.decode()
    assert '<a class="fr-nav__link" href="/kit/">Le kit</a>' in html


def test_item_shows_format_size_version_date_and_licence(client, kit):
    item = kit["items"]["deck"]
    html = client.get("/kit/").content.decode()
    card = html[html.index(f'id="kit-item-{item.pk}"') :][:4000]
    assert "Version 2.0" in card
    assert f"Mis à jour le {item.updated_on.day} " in card
    assert "Licence Ouverte 2.0 (Etalab)" in card
    assert "PDF – 2,0\xa0Kio" in card or "PDF – 2.0\xa0KB" in card
    assert f'href="/kit/telecharger/{item.pk}/fichier/"' in card


def test_image_item_offers_every_standard_size(client, kit):
    item = kit["items"]["banner"]
    html = client.get("/kit/").content.decode()
    for size in ["original", "1200x630", "1080x1080", "1080x1920", "1500x500"]:
        assert f'href="/kit/telecharger/{item.pk}/{size}/"' in html


def test_video_item_embeds_the_privacy_friendly_player_and_offers_captions(client, kit):
    item = kit["items"]["film"]
    html = client.get("/kit/films/").content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in html
    assert f'href="/kit/telecharger/{item.pk}/sous-titres/"' in html


def test_section_page_shows_its_items_and_sub_sections_only(client, kit):
    html = client.get("/kit/films/").content.decode()
    assert "Le film" in html and "Bannière Tour de France" in html
    assert "Diaporama" not in html
    assert f'href="/kit/archive/{kit["sections"]["films"].pk}/"' in html


def test_kit_page_query_count_does_not_grow_with_items(client, kit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/kit/")  # renditions made, caches warm
    with CaptureQueriesContext(connection) as few:
        client.get("/kit/")
    deck = kit["sections"]["deck"]
    for number in range(10):
        KitItem.objects.create(
            section=deck, title=f"Fiche {number}", document=make_document(f"F{number}", f"f{number}.pdf", b"%PDF-1.4")
        )
    client.get("/kit/")
    with CaptureQueriesContext(connection) as many:
        client.get("/kit/")
    assert len(many) == len(few), [q["sql"][:150] for q in many.captured_queries]


def test_preview_shows_the_draft_items_of_a_section(kit):
    section = KitSectionPage.objects.get(slug="support")
    draft = make_document("Brouillon", "brouillon.pdf", b"%PDF-1.4 draft")
    section.items.add(KitItem(title="Fiche en brouillon", document=draft))
    response = section.make_preview_request()
    assert "Fiche en brouillon" in response.content.decode()
    assert not KitItem.objects.filter(title="Fiche en brouillon").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "un seul contenu"),
        ({"video_url": "https://youtu.be/abcdefghijk"}, "sous-titres ou une transcription"),
        ({"video_url": "https://example.org/film.mp4"}, "YouTube et Vimeo"),
    ],
)
def test_item_content_rules(kit, fields, message):
    item = KitItem(section=kit["sections"]["deck"], title="Incomplet", **fields)
    with pytest.raises(ValidationError) as error:
        item.full_clean(exclude=["section"])
    assert message in str(error.value)


def test_section_slug_cannot_hide_a_download_address(kit):
    section = KitSectionPage(title="Archive", slug="archive")
    with pytest.raises(ValidationError):
        section.full_clean()
