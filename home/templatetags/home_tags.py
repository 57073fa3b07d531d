from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (pagination, filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def page_window(paginator, number, size=2):
    """Page numbers around the current one, for a compact pagination bar."""
    first = max(1, number - size)
    last = min(paginator.num_pages, number + size)
    return range(first, last + 1)
