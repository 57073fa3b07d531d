import pytest
from wagtail.models import Page, Site

from home.models import AccessibilityPage, ContentPage, HomePage, SitemapPage

pytestmark = pytest.mark.django_db

MANDATORY_PATHS = ["/mentions-legales/", "/donnees-personnelles/", "/accessibilite/", "/plan-du-site/"]


def test_seed_demo_is_idempotent(site_root):
    from home.demo import seed_site

    counts = Page.objects.count()
    seed_site()
    assert Page.objects.count() == counts
    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page_id == site_root.pk


def test_seed_demo_keeps_editor_changes(site_root):
    from home.demo import seed_site

    faq = ContentPage.objects.get(slug="faq")
    faq.title = "FAQ éditée"
    faq.save_revision().publish()
    seed_site()
    assert ContentPage.objects.get(slug="faq").title == "FAQ éditée"


@pytest.mark.parametrize("path", ["/", "/mon-espace-sante/", "/faq/", *MANDATORY_PATHS])
def test_every_demo_page_renders_in_french(client, site_root, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert 'class="fr-header"' in html
    assert 'id="footer"' in html
    for mandatory in MANDATORY_PATHS:
        assert f'href="{mandatory}"' in html


def test_english_interface_under_en_prefix(client, site_root):
    response = client.get("/en/faq/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Search the site" in html
    assert 'href="/en/mentions-legales/"' in html


def test_french_interface_strings_are_translated(client, site_root):
    html = client.get("/faq/").content.decode()
    assert "Rechercher sur le site" in html
    assert "Données personnelles" in html


def test_language_switch_links_to_the_same_page(client, site_root):
    html = client.get("/faq/").content.decode()
    assert 'hreflang="en" lang="en" href="/en/faq/"' in html
    assert 'hreflang="fr" lang="fr" href="/faq/"' in html


def test_main_navigation_lists_menu_pages(client, site_root):
    html = client.get("/").content.decode()
    assert 'class="fr-nav__link" href="/mon-espace-sante/"' in html
    assert 'class="fr-nav__link" href="/faq/"' in html


def test_accessibility_declaration_has_the_rgaa_structure(client, site_root):
    html = client.get("/accessibilite/").content.decode()
    for heading in [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d’information et contact",
        "Voies de recours",
    ]:
        assert heading in html, heading
    assert "partiellement conforme" in html


def test_sitemap_lists_the_pages(client, site_root):
    html = client.get("/plan-du-site/").content.decode()
    assert 'href="/faq/"' in html
    assert 'href="/mentions-legales/"' in html


def test_site_settings_hold_the_contact_address(client, site_root):
    html = client.get("/").content.decode()
    assert "mailto:monespacesante@esante.gouv.fr" in html
    assert "linkedin.com" in html


def test_search_finds_pages(client, site_root):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    response = client.get("/recherche/", {"q": "messagerie"})
    assert response.status_code == 200
    assert 'href="/mon-espace-sante/"' in response.content.decode()


def test_search_with_bad_page_number_is_not_an_error(client, site_root):
    assert client.get("/recherche/", {"q": "santé", "page": "abc"}).status_code == 200
    assert client.get("/recherche/", {"q": "santé", "page": "999999"}).status_code == 200


def test_unknown_page_gives_the_friendly_404(client, site_root):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page non trouvée" in html
    assert 'class="fr-header"' in html


def test_server_error_page_is_in_the_site_design(client, site_root, settings, monkeypatch):
    from django.test import Client

    monkeypatch.setattr(HomePage, "serve", lambda *a, **k: 1 / 0)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Erreur inattendue" in html
    assert "Traceback" not in html and "ZeroDivisionError" not in html


def test_public_pages_send_a_content_security_policy(client, site_root):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


class TestPageCreationRules:
    def test_home_accepts_editorial_and_mandatory_pages(self):
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanCreateAt(HomePage, AccessibilityPage)
        self.assertCanCreateAt(HomePage, SitemapPage)

    def test_home_only_under_the_root(self):
        self.assertCanNotCreateAt(ContentPage, HomePage)
        self.assertCanCreateAt(Page, HomePage)

    def test_mandatory_pages_take_no_children(self):
        self.assertAllowedSubpageTypes(AccessibilityPage, {})
        self.assertAllowedSubpageTypes(SitemapPage, {})

    def test_content_pages_nest(self):
        self.assertCanCreateAt(ContentPage, ContentPage)

    def assertCanCreateAt(self, parent, child):  # noqa: N802
        assert child._meta.label_lower in {m._meta.label_lower for m in parent.allowed_subpage_models()}

    def assertCanNotCreateAt(self, parent, child):  # noqa: N802
        assert child._meta.label_lower not in {m._meta.label_lower for m in parent.allowed_subpage_models()}

    def assertAllowedSubpageTypes(self, parent, expected):  # noqa: N802
        assert {m._meta.label_lower for m in parent.allowed_subpage_models()} == set(expected)


def test_only_one_home_accessibility_and_sitemap_page(site_root):
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert not AccessibilityPage.can_create_at(site_root)
    assert not SitemapPage.can_create_at(site_root)
