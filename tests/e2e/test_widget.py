"""The programme widget inside a partner's page served from another origin, and its snippet builder."""

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.widget import widget_snippets
from tests.events.fixtures_programme import in_days, make_taxonomy
from tests.factories import ProgrammePageFactory, SessionFactory, WebinarPageFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def widget_site(e2e_site, live_server, settings):
    settings.SITE_URL = live_server.url
    programme = ProgrammePageFactory(parent=e2e_site, title="Programme", slug="programme")
    t = make_taxonomy()
    bretagne = WebinarPageFactory(
        parent=programme,
        title="Le DMP en Bretagne",
        slug="dmp-bretagne",
        region="53",
        department="35",
        organiser=t["ars"],
        themes=[t["dmp"]],
        communities=[t["pros"]],
    )
    paris = WebinarPageFactory(parent=programme, title="La messagerie à Paris", slug="messagerie-paris", region="11")
    for days in (3, 10, 17, 24):
        SessionFactory(webinar=bretagne, start=in_days(days), end=in_days(days, hour=11), capacity=30)
    SessionFactory(webinar=paris, start=in_days(4), end=in_days(4, hour=11))
    return programme


@pytest.fixture
def partner_site(tmp_path):
    """A second web server on another port: the partner's site (another origin)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def publish(name, body):
        (tmp_path / name).write_text(
            f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>ARS Bretagne</title></head>'
            f"<body><main><h1>Les webinaires en Bretagne</h1>{body}<p>Pied de page du partenaire</p></main></body></html>",
            encoding="utf-8",
        )
        return f"http://127.0.0.1:{server.server_port}/{name}"

    yield publish
    server.shutdown()
    server.server_close()


def test_script_snippet_embeds_the_filtered_widget_resizes_it_and_links_open_on_top(
    page, widget_site, partner_site, live_server
):
    snippet = widget_snippets({"region": "53"}, 3)["script"]
    assert live_server.url in snippet
    url = partner_site("partner.html", snippet)
    page.goto(url)
    frame = page.frame_locator("iframe.rmes-programme-widget")
    expect(frame.get_by_role("link", name="Le DMP en Bretagne")).to_have_count(3)
    expect(frame.get_by_text("La messagerie à Paris")).to_have_count(0)
    expect(frame.get_by_role("link", name=re.compile("4 sessions"))).to_be_visible()
    # The iframe took the height of its content (not the default 600).
    iframe = page.locator("iframe.rmes-programme-widget")
    expect(iframe).not_to_have_attribute("height", "600")
    height = int(iframe.get_attribute("height"))
    inner = frame.locator("html").evaluate("el => Math.ceil(el.getBoundingClientRect().height)")
    assert abs(height - inner) <= 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-partner-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 740})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "widget-partner-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    # A webinar link replaces the partner's page, not the iframe.
    frame.get_by_role("link", name="Le DMP en Bretagne").first.click()
    expect(page).to_have_url(f"{live_server.url}/programme/dmp-bretagne/")
    assert page.csp_errors == []


def test_iframe_snippet_works_and_other_pages_refuse_to_be_framed(page, widget_site, partner_site, live_server):
    iframe = widget_snippets({"theme": "dmp"}, 5)["iframe"]
    other = (
        f'<iframe id="other" title="Programme" src="{live_server.url}/programme/" width="600" height="300"></iframe>'
    )
    page.goto(partner_site("iframe.html", iframe + other))
    widget = page.frame_locator("iframe[src*='/widget/programme/']")
    expect(widget.get_by_role("link", name="Le DMP en Bretagne")).to_have_count(4)
    page.wait_for_timeout(500)
    blocked = [f for f in page.frames if f != page.main_frame and "widget" not in f.url]
    assert len(blocked) == 1
    assert blocked[0].url.startswith("chrome-error://")  # refused (frame-ancestors 'none'): Chromium's error page


def test_widget_is_accessible(page, widget_site, assert_accessible):
    page.goto("/widget/programme/?region=53")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_builder_page_builds_the_snippet(page, mobile_page, widget_site, assert_accessible, live_server):
    page.goto("/widget/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Afficher le programme sur votre site")
    page.get_by_label("Région", exact=True).select_option("53")
    page.get_by_label("Thème", exact=True).select_option("dmp")
    page.get_by_role("button", name="Générer le code").click()
    expect(page).to_have_url(re.compile(r"region=53"))
    expect(page.locator("#snippet-script")).to_have_value(
        re.compile(r"widget/programme/\?region=53&amp;theme=dmp|widget/programme/\?region=53&theme=dmp")
    )
    preview = page.frame_locator("iframe.widget-preview")
    expect(preview.get_by_role("link", name="Le DMP en Bretagne")).to_have_count(4)
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-builder-1280.png"), full_page=True)
    mobile_page.goto(f"{live_server.url}/widget/?region=53")
    mobile_page.screenshot(path=str(SCREENSHOTS / "widget-builder-375.png"), full_page=True)
    assert page.csp_errors == []
