import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from kits.demo import seed_kit
from kits.forms import content_matches
from kits.models import KitItem, KitPage, KitSectionPage, VisualTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("staff", "staff@example.org", "pass-word-1234"))
    return client


def upload(client, name, content):
    return client.post(
        "/admin/documents/add/", {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1}
    )


def test_a_real_pdf_is_accepted(staff_client):
    response = upload(staff_client, "deck.pdf", b"%PDF-1.7\n...")
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="deck.pdf").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("notes.txt", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("deck.docx", b"%PDF-1.7 not a docx"),
        ("film.mp4", b"\x00\x00\x00\x18notftyp"),
    ],
)
def test_a_file_whose_content_does_not_match_its_type_is_refused(staff_client, name, content):
    response = upload(staff_client, name, content)
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_a_file_above_the_size_limit_is_refused_with_a_message(staff_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    response = upload(staff_client, "big.pdf", b"%PDF-1.7" + b"x" * 2000)
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_svg_images_are_refused(staff_client):
    response = staff_client.post(
        "/admin/images/add/",
        {"title": "logo", "file": SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")},
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_content_sniffing_rules():
    assert content_matches("pdf", b"%PDF-1.4")
    assert content_matches("xlsx", b"PK\x03\x04rest")
    assert content_matches("mp4", b"\x00\x00\x00\x20ftypisom")
    assert content_matches("vtt", b"\xef\xbb\xbfWEBVTT\n")
    assert content_matches("csv", "nom;prénom\n".encode())
    assert not content_matches("vtt", b"1\n00:00:01,000 --> 00:00:02,000")
    assert not content_matches("txt", b"\x00\x01binary")


def test_seed_builds_a_believable_kit_and_is_idempotent(site_root):
    kit = seed_kit(site_root)
    counts = (KitSectionPage.objects.count(), KitItem.objects.count(), VisualTemplate.objects.count())
    assert counts == (10, 12, 4)
    assert kit.show_in_menus and kit.live
    titles = list(KitSectionPage.objects.child_of(kit).values_list("title", flat=True))
    assert titles == [
        "Support de présentation",
        "Films pédagogiques",
        "Tutoriel : mode d'emploi du webinaire",
        "Kit de communication",
        "Encart",
    ]
    deck = KitItem.objects.get(title="Diaporama « Réussir ensemble Mon espace santé »")
    with deck.document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert set(VisualTemplate.objects.values_list("kind", flat=True)) == set(VisualTemplate.Kind.values)
    KitItem.objects.filter(pk=deck.pk).update(title="Diaporama renommé par un éditeur", version="9.9")
    seed_kit(site_root)
    again = (KitSectionPage.objects.count(), KitItem.objects.count(), VisualTemplate.objects.count())
    assert again == counts
    assert KitPage.objects.count() == 1
    assert KitItem.objects.get(pk=deck.pk).version == "9.9"
