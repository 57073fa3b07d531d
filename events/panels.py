"""Admin panel listing a webinar's sessions on its edit view.

Sessions are a plain model (registrations hang on them), not page children:
this panel shows them where editors work, with links to the Sessions admin.
"""

from django.urls import NoReverseMatch, reverse
from wagtail.admin.panels import Panel

from events.models.sessions import Session


class SessionsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/sessions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            webinar = self.instance
            sessions = []
            add_url = None
            if webinar.pk:
                viewset = getattr(Session, "snippet_viewset", None)
                sessions = list(webinar.sessions.with_seats().order_by("start"))
                if viewset is not None:
                    try:
                        add_url = reverse(viewset.get_url_name("add")) + f"?webinar={webinar.pk}"
                        for session in sessions:
                            session.edit_url = reverse(viewset.get_url_name("edit"), args=[session.pk])
                    except NoReverseMatch:
                        add_url = None
            context.update({"webinar": webinar, "sessions": sessions, "add_url": add_url})
            return context
