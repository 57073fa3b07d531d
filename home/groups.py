"""Staff groups (DNS editors and moderators), kept in step with the models.

Run after every migration so that permissions for models added later are
granted too. Idempotent.
"""

from django.utils.translation import gettext_lazy as _

EDITORS = "Éditeurs DNS"
MODERATORS = "Modérateurs DNS"

# Model permissions per group, as "app_label.codename"; unknown ones are skipped.
MODEL_PERMISSIONS = {
    EDITORS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "home.change_sitesettings",
        # Programme: sessions, themes, communities, organisers. No delete on
        # sessions: staff cancel them (registrations hang on them).
        "events.add_session",
        "events.change_session",
        "events.view_session",
        "events.add_theme",
        "events.change_theme",
        "events.delete_theme",
        "events.add_community",
        "events.change_community",
        "events.delete_community",
        "events.add_organiser",
        "events.change_organiser",
        "events.delete_organiser",
        # Registrations: registrants, exports, attendance, messages; the outbox.
        "events.view_registration",
        "events.change_registration",
        "mailer.view_outboundmessage",
        "mailer.view_emailsuppression",
        "mailer.add_emailsuppression",
        "mailer.delete_emailsuppression",
    ],
    MODERATORS: [
        "wagtailadmin.access_admin",
        # The staff dashboard's figures (issue 14) are read with this permission.
        "events.view_session",
        "wagtailimages.choose_image",
        "wagtaildocs.choose_document",
    ],
}
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    MODERATORS: ["change_page", "publish_page"],
}
GROUP_DESCRIPTIONS = {EDITORS: _("DNS editors"), MODERATORS: _("DNS moderators")}


def ensure_staff_groups(sender=None, **kwargs):
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    for name in (EDITORS, MODERATORS):
        group, _created = Group.objects.get_or_create(name=name)
        wanted = MODEL_PERMISSIONS[name]
        query = Q(pk__in=[])
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.add(*Permission.objects.filter(query))
        if root is not None:
            for codename in PAGE_PERMISSIONS[name]:
                permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
                if permission:
                    GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
