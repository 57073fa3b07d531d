import io
import zipfile

import pytest
from PIL import Image

from kits.models import DownloadCount

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


def test_document_is_served_as_a_download_with_safe_headers_and_counted(client, kit):
    item = kit["items"]["deck"]
    response = client.get(f"/kit/telecharger/{item.pk}/fichier/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="diaporama.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert body(response).startswith(b"%PDF-1.4 deck")
    client.get(f"/kit/telecharger/{item.pk}/fichier/")
    count = DownloadCount.objects.get(item=item, variant="fichier")
    assert count.count == 2
    assert count.label == "Diaporama"


def test_counts_are_per_format(client, kit):
    item = kit["items"]["banner"]
    client.get(f"/kit/telecharger/{item.pk}/1080x1080/")
    client.get(f"/kit/telecharger/{item.pk}/1080x1080/")
    client.get(f"/kit/telecharger/{item.pk}/1500x500/")
    counts = dict(DownloadCount.objects.filter(item=item).values_list("variant", "count"))
    assert counts == {"1080x1080": 2, "1500x500": 1}


def test_viewing_the_kit_counts_nothing_and_sets_no_cookie(client, kit):
    response = client.get("/kit/")
    assert DownloadCount.objects.count() == 0
    assert not response.cookies


@pytest.mark.parametrize(
    ("size", "dimensions"),
    [("1200x630", (1200, 630)), ("1080x1080", (1080, 1080)), ("1080x1920", (1080, 1920)), ("1500x500", (1500, 500))],
)
def test_image_sizes_are_cropped_around_the_focal_point(client, kit, size, dimensions):
    item = kit["items"]["banner"]
    response = client.get(f"/kit/telecharger/{item.pk}/{size}/")
    assert response.status_code == 200
    picture = Image.open(io.BytesIO(body(response))).convert("RGB")
    assert picture.size == dimensions
    # The red square sits at the focal point, far right of the source: the crop keeps it.
    reds = sum(1 for pixel in picture.getdata() if pixel[0] > 200 and pixel[1] < 60)
    assert reds > 0


def test_original_image_is_offered_too(client, kit):
    item = kit["items"]["banner"]
    picture = Image.open(io.BytesIO(body(client.get(f"/kit/telecharger/{item.pk}/original/"))))
    assert picture.size == (2000, 1200)


@pytest.mark.parametrize("variant", ["1234x99", "video", "original"])
def test_unknown_or_absent_file_is_a_404(client, kit, variant):
    item = kit["items"]["deck"]
    assert client.get(f"/kit/telecharger/{item.pk}/{variant}/").status_code == 404
    assert DownloadCount.objects.count() == 0


def test_item_of_an_unpublished_section_is_not_served(client, kit):
    kit["sections"]["deck"].unpublish()
    item = kit["items"]["deck"]
    assert client.get(f"/kit/telecharger/{item.pk}/fichier/").status_code == 404


def test_whole_kit_zip_holds_every_file_in_section_folders(client, kit):
    response = client.get("/kit/archive/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kit-reussir-mon-espace-sante-v3.2.zip"'
    data = body(response)
    assert int(response["Content-Length"]) == len(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert archive.namelist() == [
        "LISEZ-MOI.txt",
        "01 Support de présentation/notes-de-lintervenant.pdf",
        "01 Support de présentation/diaporama.pdf",
        "02 Films/le-film-sous-titres.vtt",
        "02 Films/Bannières/banniere-tour-de-france-original.png",
        "02 Films/Bannières/banniere-tour-de-france-1200x630.png",
        "02 Films/Bannières/banniere-tour-de-france-1080x1080.png",
        "02 Films/Bannières/banniere-tour-de-france-1080x1920.png",
        "02 Films/Bannières/banniere-tour-de-france-1500x500.png",
    ]
    assert archive.read("01 Support de présentation/diaporama.pdf").startswith(b"%PDF-1.4 deck")
    readme = archive.read("LISEZ-MOI.txt").decode()
    assert "version 3.2" in readme
    assert "https://youtu.be/abcdefghijk" in readme
    size = Image.open(io.BytesIO(archive.read("02 Films/Bannières/banniere-tour-de-france-1080x1920.png"))).size
    assert size == (1080, 1920)
    assert DownloadCount.objects.get(variant="zip").count == 1


def test_section_zip_holds_the_section_and_its_sub_sections(client, kit):
    section = kit["sections"]["films"]
    response = client.get(f"/kit/archive/{section.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="kit-reussir-mon-espace-sante-v3.2-films.zip"'
    names = zipfile.ZipFile(io.BytesIO(body(response))).namelist()
    assert names[1:3] == ["01 Films/le-film-sous-titres.vtt", "01 Films/Bannières/banniere-tour-de-france-original.png"]
    assert not any("diaporama" in name for name in names)
    assert DownloadCount.objects.get(page=section).count == 1


def test_staff_see_download_counts(client, kit, django_user_model):
    item = kit["items"]["deck"]
    client.get(f"/kit/telecharger/{item.pk}/fichier/")
    client.get(f"/kit/telecharger/{item.pk}/fichier/")
    client.get("/kit/archive/")
    admin = django_user_model.objects.create_superuser("staff", "staff@example.org", "pass-word-1234")
    client.force_login(admin)
    html = client.get("/admin/kit-downloads/").content.decode()
    assert "Diaporama" in html and "fichier" in html and "Le kit" in html
    row = html[html.index("Diaporama") :][:600]
    assert ">2<" in row.replace(" ", "").replace("\n", "")


def test_download_counts_are_staff_only(client, kit):
    assert client.get("/admin/kit-downloads/").status_code == 302
