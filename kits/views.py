"""Downloads of the kit (counted here, never on a page view) and each webinar's visuals."""

import datetime
import os

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from wagtail.images.models import Filter
from zipstream import ZipStream

from events.models import WebinarPage
from kits.models import IMAGE_FORMATS, DownloadCount, KitItem, KitPage, KitSectionPage
from kits.models.pages import IMAGE_FORMAT_SPECS
from kits.selectors import kit_sections, published_kit
from kits.visuals import CONTENT_TYPES, active_templates, remember_name, remembered_name, visual_file

CHUNK = 64 * 1024


def _safe_headers(response, *, cache="private, no-cache"):
    # Files from the kit are never rendered by the browser in our origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache
    return response


def _live_item(pk):
    item = get_object_or_404(KitItem.objects.select_related("section", "document", "image"), pk=pk)
    section = item.section
    if not section.live or section.get_view_restrictions().exists():
        raise Http404
    return item


def rendition_file(image, spec):
    """The rendition's file, made again if its row outlived the file (storage wiped or moved)."""
    rendition = image.get_rendition(spec)
    if not rendition.file.storage.exists(rendition.file.name):
        image.renditions.filter(pk=rendition.pk).delete()
        rendition = image.create_rendition(Filter(spec=spec))
        rendition.cache_backend.set(rendition.construct_cache_key(image, rendition.focal_point_key, spec), rendition)
    return rendition.file


def _file_response(field_file, filename):
    handle = field_file.storage.open(field_file.name, "rb")
    response = FileResponse(handle, as_attachment=True, filename=filename)
    return _safe_headers(response)


@require_safe
def download(request, pk, variant):
    """One file of an item: its document, video, captions, transcript, or the image in one standard size."""
    item = _live_item(pk)
    stem = slugify(item.title) or "fichier"
    if variant in IMAGE_FORMAT_SPECS or variant == "original":
        if not item.image_id:
            raise Http404
        if variant == "original":
            field_file = item.image.file
        else:
            field_file = rendition_file(item.image, IMAGE_FORMAT_SPECS[variant])
        filename = f"{stem}-{variant}{os.path.splitext(field_file.name)[1].lower()}"
    else:
        documents = {name: document for name, document, _label in item.files()}
        document = documents.get(variant)
        if document is None:
            raise Http404
        field_file = document.file
        filename = f"{stem}{os.path.splitext(field_file.name)[1].lower()}"
    DownloadCount.record(key=f"item:{item.pk}:{variant}", item=item, label=item.title, variant=variant)
    return _file_response(field_file, filename)


def _chunks(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def _add(stream, field_file, arcname, seen):
    name = arcname
    counter = 2
    while name in seen:  # two items of one section with the same title
        root, ext = os.path.splitext(arcname)
        name = f"{root}-{counter}{ext}"
        counter += 1
    seen.add(name)
    stream.add(_chunks(field_file), name, size=field_file.size)


def _readme(kit, sections):
    lines = [f"{kit.title} — version {kit.version} ({kit.updated_on:%d/%m/%Y})", ""]
    if kit.licence_note:
        lines += [kit.licence_note, ""]
    for section in sections:
        lines.append(f"{'  ' * section.level}# {section.title}")
        for item in section.kit_items:
            lines.append(
                f"{'  ' * section.level}- {item.title} — v{item.version}, {item.updated_on:%d/%m/%Y}, "
                f"{item.get_licence_display()}"
            )
            if item.video_url:
                lines.append(f"{'  ' * section.level}  {gettext('Video')}: {item.video_url}")
        lines.append("")
    return "\n".join(lines).encode()


def _folder_names(sections):
    """ZIP folders: "01 Section", "01 Section/Sub-section", in the kit's order (no query)."""
    folders = {}
    top = 0
    for section in sections:
        title = section.title.replace("/", "-")
        parent = folders.get(section.path[: -section.steplen])
        if parent is None:
            top += 1
            folders[section.path] = f"{top:02d} {title}"
        else:
            folders[section.path] = f"{parent}/{title}"
    return folders


def _archive(kit, sections, filename, count_key, page):
    """The ZIP streamed as it is written: files are read chunk by chunk, nothing is held whole."""
    stream = ZipStream(sized=True)
    readme = _readme(kit, sections)
    stream.add(readme, gettext("READ-ME.txt"))
    folders = _folder_names(sections)
    seen = set()
    for section in sections:
        folder = folders[section.path]
        for item in section.kit_items:
            stem = f"{folder}/{slugify(item.title) or 'fichier'}"
            for variant, document, _label in item.files():
                suffix = "" if variant == "fichier" else f"-{variant}"
                _add(stream, document.file, f"{stem}{suffix}{os.path.splitext(document.file.name)[1].lower()}", seen)
            if item.image_id:
                ext = os.path.splitext(item.image.file.name)[1].lower()
                _add(stream, item.image.file, f"{stem}-original{ext}", seen)
                for key, spec, _label in IMAGE_FORMATS:
                    rendition = rendition_file(item.image, spec)
                    rext = os.path.splitext(rendition.name)[1].lower()
                    _add(stream, rendition, f"{stem}-{key}{rext}", seen)
    DownloadCount.record(key=count_key, page=page, label=page.title, variant="zip")
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Length"] = len(stream)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Last-Modified"] = datetime.datetime.now(tz=datetime.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    return _safe_headers(response)


@require_safe
def kit_archive(request):
    kit = published_kit()
    if kit is None:
        raise Http404
    sections = kit_sections(kit=kit)
    return _archive(kit, sections, kit.archive_name, f"zip:{kit.pk}", kit)


@require_safe
def section_archive(request, pk):
    section = get_object_or_404(KitSectionPage.objects.live().public(), pk=pk)
    kit = KitPage.objects.live().public().ancestor_of(section).first()
    if kit is None:
        raise Http404
    sections = kit_sections(kit=section, include_self=True)
    return _archive(kit, sections, section.archive_name(), f"zip:{section.pk}", section)


def _serve_visual(request, name, filename, ext):
    etag = f'"{os.path.basename(name)}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type=CONTENT_TYPES[ext],
        as_attachment=bool(request.GET.get("telecharger")),
        filename=filename,
    )
    response["ETag"] = etag
    # Short: the same address shows the new visual soon after the webinar changes.
    return _safe_headers(response, cache="public, max-age=300")


@require_safe
def webinar_visual(request, pk, kind, ext):
    """A webinar's visual, drawn on its first request then served from storage until something on it changes."""
    if ext not in CONTENT_TYPES:
        raise Http404
    remembered = remembered_name(pk, kind)
    if remembered and remembered["name"].endswith(f".{ext}"):
        try:
            return _serve_visual(request, remembered["name"], remembered["filename"], ext)
        except FileNotFoundError:
            pass  # removed meanwhile (a newer version was drawn): look it up again
    webinar = get_object_or_404(WebinarPage.objects.live().public(), pk=pk)
    template = active_templates().get(kind)
    if template is None:
        raise Http404
    name = visual_file(webinar, template)
    if not name.endswith(f".{ext}"):
        raise Http404
    filename = f"{kind}-{webinar.slug}.{ext}"
    remember_name(pk, kind, {"name": name, "filename": filename})
    return _serve_visual(request, name, filename, ext)
