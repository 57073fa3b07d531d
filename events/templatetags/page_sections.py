"""Extension point of the webinar page: other apps add sections without events importing them.

An app registers `@hooks.register("webinar_page_sections")` with a function
`(request, webinar) -> html`; the webinar page renders each result in turn
(the kit adds « Faire connaître ce webinaire »).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def webinar_page_sections(context, webinar):
    request = context.get("request")
    parts = [conditional_escape(section(request, webinar)) for section in hooks.get_hooks("webinar_page_sections")]
    return mark_safe("".join(parts))  # noqa: S308 (each part is escaped unless the hook returned safe HTML)
