import io
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.events.fixtures_programme import in_days
from tests.factories import ProgrammePageFactory, SessionFactory, WebinarPageFactory

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


@pytest.fixture
def kit_site(e2e_site, settings, tmp_path):
    from kits.demo import seed_kit

    settings.MEDIA_ROOT = tmp_path / "media"
    kit = seed_kit(e2e_site)
    programme = ProgrammePageFactory(parent=e2e_site, title="Programme", slug="programme")
    webinar = WebinarPageFactory(
        parent=programme,
        title="L'agenda de santé à l'hôpital : rappels et prévention",
        slug="agenda-hopital",
        summary="Les rappels de vaccination et de dépistage dans Mon espace santé.",
        region="84",
    )
    SessionFactory(webinar=webinar, start=in_days(10), end=in_days(10, hour=11))
    return {"kit": kit, "webinar": webinar}


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


def test_kit_opens_downloads_an_item_and_the_zip(page, kit_site, assert_accessible):
    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Le webinaire clé en main").click()
    expect(page).to_have_url(f"{page.url.split('/kit')[0]}/kit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le webinaire clé en main")
    expect(page.get_by_role("heading", name="Pastilles réseaux sociaux")).to_be_visible()
    assert_accessible(page)
    shoot(page, "kit-desktop.png")

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger Diaporama « Réussir ensemble Mon espace santé »").click()
    download = info.value
    assert download.suggested_filename == "diaporama-reussir-ensemble-mon-espace-sante.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")

    with page.expect_download() as info:
        page.get_by_role("link", name="1080 × 1920").first.click()
    story = Image.open(info.value.path())
    assert story.size == (1080, 1920)

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger tout le kit (ZIP)").click()
    archive = info.value
    assert archive.suggested_filename == "kit-reussir-mon-espace-sante-v2.1.zip"
    names = zipfile.ZipFile(io.BytesIO(Path(archive.path()).read_bytes())).namelist()
    assert "01 Support de présentation/diaporama-reussir-ensemble-mon-espace-sante.pdf" in names
    assert page.csp_errors == []


def test_kit_on_a_phone(mobile_page, kit_site, assert_accessible):
    mobile_page.goto("/kit/kit-de-communication/")
    expect(mobile_page.get_by_role("heading", level=1)).to_have_text("Kit de communication")
    assert_accessible(mobile_page)
    shoot(mobile_page, "kit-section-phone.png")
    mobile_page.goto("/kit/")
    shoot(mobile_page, "kit-phone.png")


def test_webinar_page_offers_its_banner_and_texts(page, kit_site, assert_accessible):
    webinar = kit_site["webinar"]
    page.goto("/programme/agenda-hopital/")
    section = page.get_by_role("region", name="Faire connaître ce webinaire")
    expect(section).to_be_visible()
    expect(section.get_by_label("Publication courte (X, Bluesky, Mastodon)")).to_contain_text(
        "/programme/agenda-hopital/"
    )
    assert_accessible(page)
    shoot(page, "webinar-promotion-desktop.png")
    with page.expect_download() as info:
        section.get_by_role("link", name="Télécharger Bannière web").click()
    download = info.value
    assert download.suggested_filename == "banniere-agenda-hopital.png"
    banner = Image.open(download.path())
    assert banner.size == (1500, 500)
    with page.expect_download() as info:
        section.get_by_role("link", name="Télécharger Invitation A4 à imprimer (PDF)").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    assert webinar.pk
    assert page.csp_errors == []


def test_webinar_promotion_on_a_phone(mobile_page, kit_site):
    mobile_page.goto("/programme/agenda-hopital/")
    mobile_page.get_by_role("heading", name="Faire connaître ce webinaire").scroll_into_view_if_needed()
    shoot(mobile_page, "webinar-promotion-phone.png")
