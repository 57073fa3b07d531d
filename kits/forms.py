"""Uploads checked by their content, not only their name (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"}
TEXT_BASED = {"txt", "csv", "vtt"}


def content_matches(extension, head):
    """Whether the first bytes of a file are what its extension announces."""
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ZIP_BASED:
        return head.startswith(b"PK\x03\x04")
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension in TEXT_BASED:
        if b"\x00" in head:
            return False
        text = head.lstrip(b"\xef\xbb\xbf")
        if extension == "vtt" and not text.startswith(b"WEBVTT"):
            return False
        lowered = text.lstrip().lower()
        return not lowered.startswith((b"<", b"<?xml", b"<svg", b"<!doctype"))
    return False


def check_upload(uploaded):
    """Raise ValidationError unless the file's size and content match an allowed type."""
    limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
    if limit and uploaded.size > limit:
        raise ValidationError(
            _("This file is too big (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )
    extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
    if extension not in settings.WAGTAILDOCS_EXTENSIONS:
        raise ValidationError(_("This type of file is not accepted (SVG and HTML never are)."))
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(position)
    if not content_matches(extension, head):
        raise ValidationError(
            _("The content of this file is not a .%(extension)s file: check it and upload it again.")
            % {"extension": extension}
        )


class SafeDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_upload(uploaded)
        return uploaded
