import io
import re

import pytest
import zxingcpp
from django.core.files.storage import default_storage
from PIL import Image, ImageChops

from kits import rendering, visuals
from kits.models import VisualTemplate
from kits.selectors import webinar_promotion, webinar_visuals
from tests.factories import ProgrammePageFactory, SessionFactory, WebinarPageFactory
from tests.kits.conftest import template_spec

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "Réussir ensemble Mon espace santé : l'hôpital, la médecine de ville, les pharmacies d'officine "
    "et les éditeurs s'engagent à alimenter le DMP "
    "« Très-longmotcomposéquinetientjamaissurunelignedelazonedutitre » – édition spéciale"
)


@pytest.fixture
def webinar(site_root):
    programme = ProgrammePageFactory(parent=site_root)
    page = WebinarPageFactory(
        parent=programme, title="L'agenda de santé à l'hôpital", slug="agenda-hopital", region="53"
    )
    SessionFactory(webinar=page)
    return page


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def ink_outside(image, zones, background):
    """Pixels that differ from the plain background outside every zone."""
    mask = ImageChops.difference(image, Image.new("RGB", image.size, background)).convert("L").point(lambda v: v > 40)
    blank = Image.new("L", image.size, 0)
    inside = blank.copy()
    for x, y, w, h in zones:
        inside.paste(255, (x, y, x + w, y + h))
    return ImageChops.multiply(mask.convert("L").point(lambda v: 255 if v else 0), ImageChops.invert(inside)).getbbox()


def ink_in(image, zone, background):
    x, y, w, h = zone
    crop = image.crop((x, y, x + w, y + h))
    return ImageChops.difference(crop, Image.new("RGB", crop.size, background)).getbbox()


@pytest.mark.parametrize("kind", [VisualTemplate.Kind.BANNER, VisualTemplate.Kind.BADGE, VisualTemplate.Kind.STORY])
def test_long_accented_title_stays_in_its_zone_and_qr_gives_the_page(client, webinar, kind):
    sizes = {"banniere": (1500, 500), "pastille": (1080, 1080), "story": (1080, 1920)}
    width, height = sizes[kind]
    template = VisualTemplate.objects.create(
        **template_spec(
            kind=kind,
            width=width,
            height=height,
            title_x=40,
            title_y=40,
            title_width=width // 2,
            title_height=height // 3,
            details_x=40,
            details_y=height // 2,
            details_width=width // 2,
            details_height=height // 4,
            qr_x=width - 320,
            qr_y=height - 320,
            qr_size=280,
        )
    )
    webinar.title = LONG_TITLE
    webinar.save_revision().publish()
    image = Image.open(io.BytesIO(fetch(client, f"/kit/visuels/{webinar.pk}/{kind}.png"))).convert("RGB")
    assert image.size == (width, height)
    zones = [template.title_box, template.details_box, template.qr_box]
    assert ink_outside(image, zones, "#000091") is None
    assert ink_in(image, template.title_box, "#000091") is not None
    assert ink_in(image, template.details_box, "#000091") is not None
    codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == ["http://127.0.0.1:8000/programme/agenda-hopital/"]


def test_fitting_shrinks_then_wraps_and_never_overflows():
    fitted = rendering.fit_text(LONG_TITLE * 3, rendering.BOLD, 400, 120, 80)
    face = rendering.font(rendering.BOLD, fitted.size)
    assert fitted.size == rendering.MIN_FONT_SIZE
    assert fitted.lines[-1].endswith("…")
    assert all(face.getlength(line) <= 400 for line in fitted.lines)
    ascent, descent = face.getmetrics()
    assert fitted.line_height * (len(fitted.lines) - 1) + ascent + descent <= 120
    short = rendering.fit_text("Le DMP", rendering.BOLD, 400, 120, 80)
    assert short.size == 80 and short.lines == ("Le DMP",)


def test_accents_and_apostrophes_have_real_glyphs():
    from PIL import ImageDraw

    face = rendering.font(rendering.BOLD, 60)

    def glyph(char):
        canvas = Image.new("L", (100, 100))
        ImageDraw.Draw(canvas).text((10, 10), char, font=face, fill=255)
        return canvas.tobytes()

    missing = glyph("\ue000")
    for char in "éèêëàâçùûôîïÉÈÀÇ’'«»–œ":
        assert glyph(char) != missing, char
        assert Image.frombytes("L", (100, 100), glyph(char)).getbbox() is not None


def test_invitation_is_a_one_page_a4_pdf(client, webinar):
    VisualTemplate.objects.create(
        **template_spec(
            kind=VisualTemplate.Kind.INVITATION,
            width=2480,
            height=3508,
            title_width=2000,
            title_height=800,
            details_y=1000,
            details_width=2000,
            details_height=500,
            qr_x=900,
            qr_y=2400,
            qr_size=600,
        )
    )
    response = client.get(f"/kit/visuels/{webinar.pk}/invitation.pdf?telecharger=1")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="invitation-agenda-hopital.pdf"'
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") <= 1
    media_box = [float(v) for v in re.search(rb"/MediaBox \[([\d. ]+)\]", pdf).group(1).split()]
    assert [round(v) for v in media_box] == [0, 0, 595, 842]


def test_visual_is_drawn_once_then_served_from_storage_without_a_query(
    client, webinar, banner_template, monkeypatch, django_assert_num_queries
):
    calls = []
    real_draw = visuals.draw
    monkeypatch.setattr(visuals, "draw", lambda *args: calls.append(1) or real_draw(*args))
    url = f"/kit/visuels/{webinar.pk}/banniere.png"
    first = fetch(client, url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert b"".join(second.streaming_content) == first
    assert len(calls) == 1
    assert second["Cache-Control"] == "public, max-age=300"
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_visual_is_remade_when_the_webinar_changes_and_the_old_file_goes(client, webinar, banner_template):
    url = f"/kit/visuels/{webinar.pk}/banniere.png"
    before = fetch(client, url)
    _dirs, files_before = default_storage.listdir(f"kits/visuals/{webinar.pk}")
    webinar.title = "Un tout autre titre"
    webinar.save_revision().publish()
    after = fetch(client, url)
    assert after != before
    _dirs, files_after = default_storage.listdir(f"kits/visuals/{webinar.pk}")
    assert len(files_after) == 1 and files_after != files_before


def test_visual_is_remade_when_a_session_moves(client, webinar, banner_template):
    url = f"/kit/visuels/{webinar.pk}/banniere.png"
    before = fetch(client, url)
    session = webinar.sessions.get()
    session.start = session.start.replace(hour=14)
    session.end = session.start.replace(hour=15)
    session.save()
    assert fetch(client, url) != before


def test_visual_is_remade_when_the_template_changes(client, webinar, banner_template):
    url = f"/kit/visuels/{webinar.pk}/banniere.png"
    before = fetch(client, url)
    banner_template.background_colour = "#e1000f"
    banner_template.save()
    after = Image.open(io.BytesIO(fetch(client, url))).convert("RGB")
    assert after.getpixel((5, 5)) == (225, 0, 15)
    assert after.tobytes() != Image.open(io.BytesIO(before)).convert("RGB").tobytes()


def test_no_visual_for_an_unpublished_webinar_or_a_kind_without_template(client, webinar, banner_template):
    assert client.get(f"/kit/visuels/{webinar.pk}/story.png").status_code == 404
    assert client.get(f"/kit/visuels/{webinar.pk}/banniere.pdf").status_code == 404
    webinar.unpublish()
    assert client.get(f"/kit/visuels/{webinar.pk}/banniere.png").status_code == 404


def test_template_zones_must_fit_the_visual(db):
    from django.core.exceptions import ValidationError

    template = VisualTemplate(**template_spec(qr_x=1400))
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "qr_size" in error.value.message_dict


def test_selector_lists_the_visuals_of_each_defined_kind(webinar, banner_template):
    assert webinar_visuals(webinar=webinar) == [
        {
            "kind": "banniere",
            "label": "Bannière web",
            "url": f"/kit/visuels/{webinar.pk}/banniere.png",
            "download_url": f"/kit/visuels/{webinar.pk}/banniere.png?telecharger=1",
            "width": 1500,
            "height": 500,
            "format": "PNG",
            "is_image": True,
        }
    ]


def test_ready_to_paste_texts_carry_the_title_date_and_link(webinar):
    texts = webinar_promotion(webinar=webinar)
    assert "« L'agenda de santé à l'hôpital »" in texts["short_post"]
    assert "http://127.0.0.1:8000/programme/agenda-hopital/" in texts["short_post"]
    assert "Bretagne" in texts["email_body"]
    assert texts["email_subject"] == "Invitation : webinaire « L'agenda de santé à l'hôpital »"
    assert texts["mailto"].startswith("mailto:?subject=Invitation%20")


def test_webinar_page_offers_its_visuals_and_texts_through_the_hook(client, webinar, banner_template):
    html = client.get("/programme/agenda-hopital/").content.decode()
    assert '<h2 id="promote-title">Faire connaître ce webinaire</h2>' in html
    assert f'href="/kit/visuels/{webinar.pk}/banniere.png?telecharger=1"' in html
    assert f'src="/kit/visuels/{webinar.pk}/banniere.png"' in html
    assert "Inscription gratuite : http://127.0.0.1:8000/programme/agenda-hopital/" in html
    assert 'href="mailto:?subject=Invitation%20%3A%20webinaire' in html


def test_webinar_page_without_any_template_still_offers_the_texts(client, webinar):
    html = client.get("/programme/agenda-hopital/").content.decode()
    assert "Faire connaître ce webinaire" in html
    assert "/kit/visuels/" not in html
