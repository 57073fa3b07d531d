import pytest
from wagtail.blocks import StreamBlock

from home.blocks import BODY_BLOCKS

pytestmark = pytest.mark.django_db

SAMPLES = {
    "heading": (
        {"text": "Les services", "level": "h3", "anchor": "Services DMP"},
        ['<h3 id="services-dmp">Les services</h3>'],
    ),
    "paragraph": ("<p>Le <b>DMP</b> est le carnet de santé.</p>", ['<div class="rich-text"><p>Le <b>DMP</b>']),
    "callout": (
        {
            "title": "À savoir",
            "text": "<p>Ouvert à tous</p>",
            "link": "https://example.org",
            "link_label": "Voir",
            "color": "",
        },
        ['<h3 class="fr-callout__title">À savoir</h3>', 'href="https://example.org">Voir</a>'],
    ),
    "quote": ({"text": "Tous ensemble", "author": "D. Pon", "role": "DNS"}, ["« Tous ensemble »", "D. Pon", "DNS"]),
    "accordions": (
        {"title": "FAQ", "items": [{"title": "Qui ?", "body": "<p>Tous</p>"}]},
        ['class="fr-accordion__btn"', "Qui ?", "<p>Tous</p>"],
    ),
    "cards": (
        {
            "title": "",
            "cards": [{"title": "Agenda", "text": "Rendez-vous", "page": None, "url": "https://a.fr", "image": None}],
        },
        ['<a href="https://a.fr">Agenda</a>', "Rendez-vous"],
    ),
    "buttons": (
        {"buttons": [{"label": "S'inscrire", "page": None, "url": "/programme/", "secondary": True}]},
        ['class="fr-btn fr-btn--secondary" href="/programme/">S&#x27;inscrire</a>'],
    ),
    "key_figures": (
        {"title": "Chiffres", "figures": [{"figure": "85 %", "label": "messagerie"}], "source": "Enquête"},
        ['key-figures__figure">85 %</p>', "messagerie", "Enquête"],
    ),
    "table": (
        {
            "caption": "Données",
            "table": {"first_row_is_table_header": True, "data": [["Donnée", "Durée"], ["Nom", "90 jours"]]},
        },
        ["<caption>Données</caption>", '<th scope="col">Donnée</th>', "<td>90 jours</td>"],
    ),
}


def test_every_body_block_has_a_sample_here():
    assert {name for name, _ in BODY_BLOCKS} - {"image", "video"} == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_block_renders(name):
    stream_block = StreamBlock(BODY_BLOCKS)
    raw, expected = SAMPLES[name]
    value = stream_block.to_python([{"type": name, "value": raw}])
    html = value.render_as_block() if hasattr(value, "render_as_block") else str(value)
    for fragment in expected:
        assert fragment in html, (fragment, html)


def test_image_block_renders_with_alt_text():
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Affiche", file=get_test_image_file())
    value = StreamBlock(BODY_BLOCKS).to_python(
        [
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Affiche du Tour de France", "caption": "Mai 2021"},
            }
        ]
    )
    html = str(value)
    assert 'alt="Affiche du Tour de France"' in html
    assert "<figcaption" in html and "Mai 2021" in html


def test_video_block_renders_title_and_transcript(monkeypatch):
    from wagtail.embeds.blocks import EmbedValue
    from wagtail.embeds.exceptions import EmbedNotFoundException

    def offline(*args, **kwargs):
        raise EmbedNotFoundException

    monkeypatch.setattr("wagtail.embeds.embeds.get_embed", offline)
    block = dict(BODY_BLOCKS)["video"]
    value = block.to_python(
        {"video": "https://www.youtube.com/watch?v=x", "title": "Film DMP", "transcript": "<p>Bonjour</p>"}
    )
    assert isinstance(value["video"], EmbedValue)
    html = block.render(value)
    assert "Film DMP" in html and "<p>Bonjour</p>" in html
    assert 'href="https://www.youtube.com/watch?v=x"' in html
