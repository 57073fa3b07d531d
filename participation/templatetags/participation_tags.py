import re

from django import template
from django.utils.html import urlize
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def plain_text(text):
    """Paragraphs and clickable links; every other character is shown as typed (escaped)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    html = []
    for paragraph in paragraphs:
        linked = urlize(paragraph.strip(), trim_url_limit=60, nofollow=True, autoescape=True)
        html.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 (urlize escaped every text part)
