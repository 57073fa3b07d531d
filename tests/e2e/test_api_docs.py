"""The API's documentation page renders in the browser under the site's Content Security Policy."""

from playwright.sync_api import expect


def test_swagger_docs_render_from_local_files(page, e2e_site):
    page.goto("/api/v1/docs")
    expect(page.get_by_text("/api/v1/webinars", exact=True).first).to_be_visible()
    assert page.csp_errors == []
