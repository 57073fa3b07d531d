"""Atom feed of published contributions (Django's syndication framework escapes every text)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Contribution


class ContributionFeed(Feed):
    feed_type = Atom1Feed
    title = _("Contributions to the Tour de France Mon espace santé")
    subtitle = _("Ideas, good practices, questions and testimonies, published after moderation.")
    link = reverse_lazy("participation:list")

    def items(self):
        return Contribution.objects.published().filter(merged_into__isnull=True).order_by("-published_at", "-pk")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.public_author or None

    def item_guid(self, item):
        return f"urn:uuid:{item.external_id}"

    item_guid_is_permalink = False
