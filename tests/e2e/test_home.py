import re

from playwright.sync_api import expect


def test_home_navigation_language_switch_and_accessibility(page, e2e_site, assert_accessible):
    page.goto("/")
    expect(page).to_have_title(re.compile("Accueil"))
    expect(page.locator("h1")).to_have_text("Réussir ensemble Mon espace santé")
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Mon espace santé").click()
    expect(page).to_have_url(re.compile(r"/mon-espace-sante/$"))
    expect(page.locator("h1")).to_have_text("Mon espace santé")
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Questions fréquentes").click()
    expect(page).to_have_url(re.compile(r"/faq/$"))
    page.get_by_role("button", name="Qui peut participer ?").click()
    expect(page.get_by_text("C'est ouvert à tous")).to_be_visible()
    assert_accessible(page)

    # Language switch: the DSFR menu opens, English keeps the same page.
    page.locator("button.fr-translate__btn").first.click()
    page.get_by_role("link", name="EN - English").first.click()
    expect(page).to_have_url(re.compile(r"/en/faq/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    assert_accessible(page)
    assert page.csp_errors == []


def test_mandatory_pages_are_accessible(page, e2e_site, assert_accessible):
    for path in [
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/accessibilite/",
        "/plan-du-site/",
        "/recherche/?q=DMP",
    ]:
        page.goto(path)
        expect(page.locator("footer")).to_be_visible()
        assert_accessible(page)
    assert page.csp_errors == []


def test_small_screen_menu_opens(mobile_page, e2e_site):
    mobile_page.goto("/")
    mobile_page.get_by_role("button", name="Menu").click()
    nav = mobile_page.get_by_role("navigation", name="Menu principal")
    expect(nav.get_by_role("link", name="Questions fréquentes")).to_be_visible()


def test_not_found_page_in_site_design(page, e2e_site, assert_accessible):
    response = page.goto("/page-inexistante/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page non trouvée")
    assert_accessible(page)
