"""Demo kit for a fresh install, read from demo_data/kit.json. Idempotent.

Pages, items and templates are found by slug or title and only created when
missing, so running it again never overwrites what editors changed. The files
(slide deck, documents, images, template backgrounds) are drawn here with Pillow.
"""

import io
import json
import math
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from kits import rendering
from kits.models import KitItem, KitPage, KitSectionPage, VisualTemplate

DATA = Path(__file__).resolve().parent / "demo_data" / "kit.json"
BLUE = "#000091"
RED = "#e1000f"
LIGHT = "#f5f5fe"

TOPICS = {
    "speaker": [
        "Diapositive 1 – Ouvrir : « Depuis 2019, la feuille de route du numérique en santé se déploie. »",
        "Diapositive 4 – Les quatre services : DMP, messagerie sécurisée, agenda de santé, catalogue d'applications.",
        "Diapositive 9 – Le calendrier : trois départements pilotes, puis la généralisation à tous les assurés.",
        "Questions fréquentes : l'opposition, l'hébergement des données en France, l'accès des professionnels.",
    ],
    "howto": [
        "1. Proposez votre session sur reussirmonespacesante.fr : elle rejoint le programme national.",
        "2. Choisissez votre plateforme de visioconférence et testez-la avec vos intervenants.",
        "3. Invitez votre communauté avec les visuels faits pour votre webinaire.",
        "4. Animez : diaporama, films, puis questions-réponses.",
        "5. Partagez les contributions sur participez.esante.gouv.fr.",
    ],
    "pros": [
        "Mon espace santé ne remplace pas votre logiciel : il reçoit les documents que vous y versez.",
        "Le DMP est alimenté automatiquement par les logiciels référencés Ségur.",
        "Le patient garde la main : il peut masquer un document ou bloquer un professionnel.",
    ],
    "industry": [
        "Le Ségur du numérique finance la mise à niveau des logiciels pour alimenter le DMP.",
        "Le catalogue d'applications référencées ouvre Mon espace santé aux services innovants.",
        "Les exigences : sécurité, interopérabilité, éthique, hébergement certifié HDS.",
    ],
    "press": [
        "8 Français sur 10 favorables à Mon espace santé (OpinionWay – Think Out, juillet 2020).",
        "Un espace numérique individuel et sécurisé, hébergé en France, garanti par l'État.",
        "Généralisation au 1er janvier 2022, après trois départements pilotes.",
    ],
    "insert": [
        "Mon espace santé : votre santé, votre espace, vos données.",
        "Retrouvez le programme du Tour de France et inscrivez-vous sur reussirmonespacesante.fr.",
    ],
}


def _page(lines, heading, width=1240, height=1754):
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, width, 140), fill=BLUE)
    draw.text((60, 42), "Réussir ensemble Mon espace santé", font=rendering.font(rendering.BOLD, 44), fill="white")
    rendering.draw_text(draw, heading, rendering.BOLD, (60, 200, width - 120, 180), 60, BLUE, "left")
    rendering.draw_text(
        draw, "\n\n".join(lines), rendering.REGULAR, (60, 420, width - 120, height - 560), 34, "#161616", "left"
    )
    draw.text((60, height - 90), "DNS – Assurance Maladie", font=rendering.font(rendering.REGULAR, 26), fill="#666666")
    return page


def _pdf(pages):
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def slide_deck(spec):
    slides = [
        (
            "Réussir ensemble Mon espace santé",
            "Le Tour de France des webinaires\nDélégation ministérielle au numérique en santé – Assurance Maladie",
        ),
        (
            "Pourquoi Mon espace santé ?",
            "Permettre à chaque citoyen de stocker ses informations médicales et de les partager avec les professionnels qui le soignent.",
        ),
        (
            "Le dossier médical partagé",
            "Traitements, résultats d'examens, antécédents, comptes rendus d'hospitalisation.",
        ),
        ("La messagerie sécurisée", "Recevoir en toute confidentialité les informations de son équipe de soin."),
        ("L'agenda de santé", "Rendez-vous, rappels de vaccination et de dépistage."),
        ("Le catalogue d'applications", "Des services numériques référencés par l'État, sûrs et éthiques."),
        ("Le calendrier", "Trois départements pilotes, puis la généralisation au 1er janvier 2022."),
        ("À vous de jouer", "Organisez votre webinaire, partagez vos idées sur participez.esante.gouv.fr."),
    ]
    pages = []
    for number, (title, text) in enumerate(slides, start=1):
        slide = Image.new("RGB", (1600, 900), "white")
        draw = ImageDraw.Draw(slide)
        draw.rectangle((0, 0, 1600, 18), fill=BLUE)
        draw.rectangle((0, 882, 1600, 900), fill=RED)
        rendering.draw_text(draw, title, rendering.BOLD, (100, 160, 1400, 220), 84, BLUE, "left")
        rendering.draw_text(draw, text, rendering.REGULAR, (100, 420, 1400, 330), 48, "#161616", "left")
        draw.text((1460, 820), f"{number}/{len(slides)}", font=rendering.font(rendering.REGULAR, 30), fill="#666666")
        pages.append(slide)
    return _pdf(pages)


def document(spec):
    return _pdf([_page(TOPICS[spec["topic"]], spec["heading"])])


def invitation_docx(spec):
    paragraphs = [
        "Invitation",
        "Madame, Monsieur,",
        "Nous avons le plaisir de vous inviter au webinaire « Réussir ensemble Mon espace santé » le [date] à [heure].",
        "Inscription gratuite : [lien d'inscription]",
        "Bien cordialement,",
    ]
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{text.replace("&", "&amp;").replace("<", "&lt;")}</w:t></w:r></w:p>'
        for text in paragraphs
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        docx.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        docx.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
        )
    return buffer.getvalue()


GENERATORS = {"slide_deck": slide_deck, "document": document, "invitation_docx": invitation_docx}


def captions(title):
    return (
        "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n"
        f"{title}\n\n00:00:04.000 --> 00:00:09.000\n"
        "Mon espace santé : le DMP, la messagerie sécurisée, l'agenda et le catalogue d'applications.\n"
    ).encode()


def transcript(title):
    return (
        f"Transcription – {title}\n\n"
        "Voix off : Mon espace santé est un espace numérique individuel et sécurisé, mis à disposition par "
        "l'État et l'Assurance Maladie. Il permet à chacun de stocker ses informations médicales et de les "
        "partager avec les professionnels de santé qui le soignent.\n"
    ).encode()


def illustration(style, size=(2400, 1600)):
    """A source image in the campaign's colours, with its subject away from the centre."""
    width, height = size
    image = Image.new("RGB", size, LIGHT)
    draw = ImageDraw.Draw(image)
    for row in range(0, height, 80):
        draw.line((0, row, width, row), fill="#e3e3fd", width=2)
    if style == "badge":
        centre = (width // 2, height // 2)
        draw.ellipse((centre[0] - 600, centre[1] - 600, centre[0] + 600, centre[1] + 600), fill=BLUE)
        rendering.draw_text(
            draw,
            "J'y participe !",
            rendering.BOLD,
            (centre[0] - 450, centre[1] - 200, 900, 400),
            190,
            "white",
            "center",
        )
    else:
        cx, cy = int(width * 0.62), height // 2
        points = [
            (
                cx + 520 * math.cos(a) * (1 + 0.12 * math.sin(5 * a)),
                cy + 520 * math.sin(a) * (1 + 0.1 * math.cos(3 * a)),
            )
            for a in [i * 2 * math.pi / 48 for i in range(48)]
        ]
        draw.polygon(points, fill=BLUE)
        for dx, dy in [(-200, -120), (150, 60), (-60, 220), (260, -240), (-300, 140)]:
            draw.ellipse((cx + dx - 26, cy + dy - 26, cx + dx + 26, cy + dy + 26), fill=RED)
        rendering.draw_text(
            draw,
            "Le Tour de France\nMon espace santé",
            rendering.BOLD,
            (120, height // 2 - 220, 820, 440),
            110,
            BLUE,
            "left",
        )
    return image


def template_background(kind, width, height):
    """A background that leaves the text and QR zones clear (see TEMPLATES)."""
    image = Image.new("RGB", (width, height), BLUE)
    draw = ImageDraw.Draw(image)
    band = max(12, height // 60)
    draw.rectangle((0, height - band, width, height), fill=RED)
    draw.text(
        (width * 0.05, height * 0.05),
        "Réussir ensemble Mon espace santé",
        font=rendering.font(rendering.BOLD, max(24, width // 36)),
        fill="white",
    )
    if kind == VisualTemplate.Kind.INVITATION:
        draw.rectangle((0, int(height * 0.12), width, int(height * 0.22)), fill="#ffffff")
        draw.text(
            (width * 0.05, height * 0.14), "Invitation", font=rendering.font(rendering.BOLD, width // 14), fill=BLUE
        )
    return image


# kind: (size, title box, details box, qr box, title size, details size, align)
TEMPLATES = {
    VisualTemplate.Kind.BANNER: (
        (1500, 500),
        (75, 110, 1000, 200),
        (75, 320, 1000, 150),
        (1150, 110, 300),
        72,
        34,
        "left",
    ),
    VisualTemplate.Kind.BADGE: (
        (1080, 1080),
        (80, 180, 920, 360),
        (80, 560, 920, 200),
        (400, 790, 260),
        84,
        40,
        "center",
    ),
    VisualTemplate.Kind.STORY: (
        (1080, 1920),
        (80, 320, 920, 620),
        (80, 980, 920, 340),
        (340, 1400, 400),
        96,
        48,
        "center",
    ),
    VisualTemplate.Kind.INVITATION: (
        (2480, 3508),
        (124, 900, 2232, 900),
        (124, 1900, 2232, 600),
        (940, 2650, 600),
        160,
        80,
        "left",
    ),
}


KIND_NAMES = {
    VisualTemplate.Kind.BANNER: "Bannière web",
    VisualTemplate.Kind.BADGE: "Pastille carrée",
    VisualTemplate.Kind.STORY: "Story",
    VisualTemplate.Kind.INVITATION: "Invitation A4",
}


def _collection():
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = root.get_children().filter(name="Kit").first()
    return existing or root.add_child(name="Kit")


def _document(title, name, content, collection):
    Document = get_document_model()  # noqa: N806
    found = Document.objects.filter(title=title, collection=collection).first()
    if found:
        return found
    document = Document(title=title, collection=collection)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def _image(title, spec, collection):
    ImageModel = get_image_model()  # noqa: N806
    found = ImageModel.objects.filter(title=title, collection=collection).first()
    if found:
        return found
    source = illustration(spec["style"])
    buffer = io.BytesIO()
    source.save(buffer, "PNG")
    image = ImageModel(title=title, collection=collection)
    image.file.save(spec["name"], ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = source.size
    fx, fy = spec["focal"]
    image.focal_point_x, image.focal_point_y = int(source.width * fx), int(source.height * fy)
    image.focal_point_width, image.focal_point_height = 900, 900
    image.save()
    return image


def _item(section, data, collection, order):
    item = KitItem(
        section=section,
        sort_order=order,
        title=data["title"],
        description=data.get("description", ""),
        audience=data.get("audience", ""),
        version=data.get("version", "1.0"),
        licence=data.get("licence", KitItem.Licence.ETALAB),
    )
    if "file" in data:
        spec = data["file"]
        item.document = _document(data["title"], spec["name"], GENERATORS[spec["generator"]](spec), collection)
    if "image" in data:
        item.image = _image(data["title"], data["image"], collection)
    if "video_url" in data:
        item.video_url = data["video_url"]
        item.captions = _document(
            f"{data['title']} – sous-titres", data["captions"], captions(data["title"]), collection
        )
        item.transcript = _document(
            f"{data['title']} – transcription", data["transcript"], transcript(data["title"]), collection
        )
    item.full_clean(exclude=["section"])
    item.save()


def _section(parent, data, collection):
    """A section and its items, added only when the section is new: editors' changes stay."""
    section = KitSectionPage.objects.child_of(parent).filter(slug=data["slug"]).first()
    if section is None:
        section = parent.add_child(
            instance=KitSectionPage(title=data["title"], slug=data["slug"], intro=data.get("intro", ""))
        )
        for order, item in enumerate(data.get("items", [])):
            _item(section, item, collection, order)
        section.save_revision().publish()
    for child in data.get("children", []):
        _section(section, child, collection)
    return section


def _visual_templates(collection):
    for kind, (size, title, details, qr, title_size, details_size, align) in TEMPLATES.items():
        if VisualTemplate.objects.filter(kind=kind).exists():
            continue
        width, height = size
        background = template_background(kind, width, height)
        buffer = io.BytesIO()
        background.save(buffer, "PNG")
        ImageModel = get_image_model()  # noqa: N806
        image = ImageModel(title=f"Fond – {KIND_NAMES[kind]}", collection=collection)
        image.file.save(f"fond-{kind}.png", ContentFile(buffer.getvalue()), save=False)
        image.width, image.height = size
        image.save()
        VisualTemplate.objects.create(
            name=f"Tour de France – {KIND_NAMES[kind]}",
            kind=kind,
            width=width,
            height=height,
            background_image=image,
            background_colour=BLUE,
            text_colour="#ffffff",
            accent_colour="#ffffff",
            text_align=align,
            title_x=title[0],
            title_y=title[1],
            title_width=title[2],
            title_height=title[3],
            title_max_size=title_size,
            details_x=details[0],
            details_y=details[1],
            details_width=details[2],
            details_height=details[3],
            details_max_size=details_size,
            qr_x=qr[0],
            qr_y=qr[1],
            qr_size=qr[2],
        )


@transaction.atomic
def seed_kit(home):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    collection = _collection()
    kit = KitPage.objects.child_of(home).first()
    if kit is None:
        info = data["kit"]
        kit = home.add_child(
            instance=KitPage(
                title=info["title"],
                slug=info["slug"],
                intro=info["intro"],
                version=info["version"],
                licence_note=info["licence_note"],
                show_in_menus=True,
            )
        )
        kit.save_revision().publish()
    for section in data["sections"]:
        _section(kit, section, collection)
    _visual_templates(collection)
    return kit
