"""The server-rendered UI shell: layout, navigation by role, start pages, error pages, i18n."""

import gettext
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import loader
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from ballerup_jobcenter.urls import urlpatterns as project_urlpatterns
from core.roles import CASEWORKER, CONSULTANT
from tests.factories.core import UserFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES"


# --- A URLconf with the later pages' URL names, so navigation can be tested before they exist --
def _page(request):
    return HttpResponse("page")


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    # Without the GRID's pages, so one navigation item's page "does not exist" here.
    *[p for p in project_urlpatterns if str(p.pattern) != "grid/"],
    path(
        "borgere/",
        include(
            (
                [path("mine/", _page, name="caseload"), path("", _page, name="list")],
                "citizens",
            )
        ),
    ),
    path(
        "virksomheder/",
        include(
            (
                [path("mine/", _page, name="mine"), path("aabninger/", _page, name="openings")],
                "employers",
            )
        ),
    ),
    path("strategi/", include(([path("", _page, name="overview")], "strategy"))),
    path("test/forbidden/", _forbidden),
    path("test/broken/", _broken),
]
with_later_pages = pytest.mark.urls(__name__)


# --- Helpers ----------------------------------------------------------------------------------
class _Focusables(HTMLParser):
    """Collects focusable elements in document order."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("tabindex") == "-1":
            return
        focusable = (
            (tag == "a" and "href" in attrs)
            or tag in {"button", "select", "textarea"}
            or (tag == "input" and attrs.get("type") != "hidden")
            or "tabindex" in attrs
        )
        if focusable:
            self.found.append((tag, attrs))


def nav_html(response) -> str:
    match = re.search(r"<nav\b.*?</nav>", response.content.decode(), re.S)
    return match.group(0) if match else ""


# --- Access and layout ------------------------------------------------------------------------
def test_anonymous_user_is_redirected_to_login_from_home(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_skip_link_is_the_first_focusable_element_and_targets_main(login, caseworker):
    response = login(caseworker).get("/")
    parser = _Focusables()
    parser.feed(response.content.decode())

    tag, attrs = parser.found[0]
    assert tag == "a"
    assert attrs["href"] == "#main"
    assert "Gå til hovedindhold" in response.content.decode()
    assert 'id="main"' in response.content.decode()


def test_page_has_landmarks_language_and_csrf_meta(login, caseworker):
    content = login(caseworker).get("/").content.decode()

    assert '<html lang="da">' in content
    assert 'role="banner"' in content
    assert re.search(r'<nav [^>]*aria-label="Hovedmenu"', content)
    assert "<footer" in content
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', content)
    assert 'aria-live="polite"' in content


def test_no_inline_script_or_style_under_the_strict_csp(login, caseworker):
    response = login(caseworker).get("/")
    content = response.content.decode()

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", content) == []
    assert "<style" not in content
    assert " style=" not in content
    assert "/static/vendor/htmx/htmx.min.js" in content
    assert "/static/js/app.js" in content


def test_vendored_static_files_are_served(login, caseworker):
    client = login(caseworker)

    for url in ("/static/vendor/htmx/htmx.min.js", "/static/js/app.js", "/static/css/app.css"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert len(body) > 100, url


def test_logged_in_user_sees_name_and_a_post_logout_button(login, caseworker):
    content = login(caseworker).get("/").content.decode()

    assert str(caseworker) in content
    assert re.search(rf'<form [^>]*action="{reverse("logout")}" method="post"', content)
    assert "Log ud" in content


def test_footer_warns_about_the_embedded_default(login, caseworker, settings):
    settings.EMBEDDED_DATABASE = True
    settings.EAGER_TASKS = True

    content = login(caseworker).get("/").content.decode()

    assert "Kører på den indbyggede standardopsætning" in content
    assert "SQLite-database" in content
    assert "opgaver kører i processen" in content
    assert "ikke til produktion" in content


def test_footer_is_quiet_with_a_production_database_and_broker(login, caseworker, settings):
    settings.EMBEDDED_DATABASE = False
    settings.EAGER_TASKS = False

    content = login(caseworker).get("/").content.decode()

    assert "ikke til produktion" not in content


# --- Navigation by role -----------------------------------------------------------------------
@with_later_pages
def test_caseworker_navigation_shows_only_caseworker_pages(login, caseworker):
    nav = nav_html(login(caseworker).get("/"))

    assert "Min sagsstamme" in nav
    assert "Borgere" in nav
    assert "Mine virksomheder" not in nav
    assert "Overblik" not in nav


@with_later_pages
def test_consultant_navigation_shows_only_consultant_pages(login, consultant):
    nav = nav_html(login(consultant).get("/"))

    assert "Mine virksomheder" in nav
    assert "Tilbud" in nav
    assert "Min sagsstamme" not in nav
    assert "Overblik" not in nav


@with_later_pages
def test_manager_navigation_leaves_out_pages_that_do_not_exist(login, manager):
    nav = nav_html(login(manager).get("/"))

    assert "Overblik" in nav
    # grid:overview is not in this URLconf, so no link to it; the strategy pages exist.
    assert "Strategi" in nav
    assert "GRID" not in nav
    assert "Min sagsstamme" not in nav


@with_later_pages
def test_navigation_marks_the_current_page(login, caseworker):
    nav = nav_html(login(caseworker).get("/"))

    assert '<a href="/" aria-current="page">Forside</a>' in nav
    assert '<a href="/borgere/mine/">Min sagsstamme</a>' in nav


def test_user_without_role_gets_no_role_links(login, outsider):
    nav = nav_html(login(outsider).get("/"))

    assert "Forside" in nav
    assert "Min sagsstamme" not in nav
    assert "Overblik" not in nav


# --- Start pages ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("user_fixture", "role", "heading"),
    [
        ("caseworker", "sagsbehandler", "Sagsbehandler"),
        ("consultant", "virksomhedskonsulent", "Virksomhedskonsulent"),
        ("manager", "leder", "Leder"),
    ],
)
def test_each_role_reaches_its_danish_start_page(request, login, user_fixture, role, heading):
    user = request.getfixturevalue(user_fixture)

    response = login(user).get("/")
    content = response.content.decode()

    assert response.status_code == 200
    assert f"core/home_{role}.html" in [t.name for t in response.templates]
    assert f'<h2 id="role-{role}">{heading}</h2>' in content
    assert content.count('<h2 id="role-') == 1


@with_later_pages
def test_start_page_links_the_role_pages_that_exist(login, caseworker):
    content = login(caseworker).get("/").content.decode()

    assert '<a href="/borgere/mine/">Min sagsstamme</a>' in content


def test_start_page_for_several_roles_shows_each_roles_section(login, db):
    user = UserFactory(username="both", roles=[CASEWORKER, CONSULTANT])

    content = login(user).get("/").content.decode()

    assert '<h2 id="role-sagsbehandler">Sagsbehandler</h2>' in content
    assert '<h2 id="role-virksomhedskonsulent">Virksomhedskonsulent</h2>' in content
    assert '<h2 id="role-leder">' not in content


def test_user_without_role_gets_a_polite_page(login, outsider):
    response = login(outsider).get("/")

    assert response.status_code == 200
    assert "Du har endnu ingen rolle" in response.content.decode()
    assert "Kontakt venligst din administrator" in response.content.decode()


def test_api_client_is_told_the_account_is_for_the_api(login, api_user):
    response = login(api_user).get("/")

    assert response.status_code == 403
    assert "API-konto" in response.content.decode()
    assert "kun til REST-API'et" in response.content.decode()


# --- Error pages ------------------------------------------------------------------------------
def test_404_page_is_danish(login, caseworker):
    response = login(caseworker).get("/findes-ikke/")

    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()
    assert '<html lang="da">' in response.content.decode()


@with_later_pages
def test_403_page_is_danish(login, caseworker):
    response = login(caseworker).get("/test/forbidden/")

    assert response.status_code == 403
    assert "Adgang nægtet" in response.content.decode()


@with_later_pages
def test_500_page_is_danish(caseworker):
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)

    response = client.get("/test/broken/")

    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()


def test_500_template_renders_without_request_or_database():
    # No `db` fixture: any database access here would raise.
    content = loader.get_template("500.html").render()

    assert "Der skete en fejl" in content
    assert "/static/css/app.css" in content


def test_csrf_failure_page_is_danish(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Formularen er udløbet" in response.content.decode()


# --- Language -------------------------------------------------------------------------------
def test_language_switch_to_english_changes_the_page_language(login, caseworker):
    client = login(caseworker)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    content = client.get("/").content.decode()

    assert '<html lang="en">' in content
    assert "Log out" in content
    assert "Main navigation" in content
    assert "(Caseworker)" in content


def test_language_can_be_switched_before_logging_in(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    content = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in content
    assert "Log in" in content


# --- Session idle timeout ---------------------------------------------------------------------
def test_the_stored_expiry_is_the_idle_time_plus_the_renewal_interval():
    assert settings.SESSION_COOKIE_AGE == (
        settings.SESSION_IDLE_MINUTES * 60 + settings.SESSION_RENEW_SECONDS
    )
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # core.session_renewal instead


def session_writes(client, path="/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return sum(
        1
        for query in queries.captured_queries
        if "django_session" in query["sql"] and query["sql"].lstrip().upper().startswith("UPDATE")
    )


def test_the_session_is_written_at_most_once_a_minute(login, caseworker, monkeypatch):
    import core.session_renewal

    client = login(caseworker)  # renewed at login
    real = core.session_renewal.time.time
    now = [real()]
    monkeypatch.setattr(core.session_renewal.time, "time", lambda: now[0])

    assert session_writes(client) == 0
    now[0] += 61
    assert session_writes(client) == 1  # a minute since the login: renewed
    now[0] += 30
    assert session_writes(client) == 0
    assert session_writes(client) == 0
    now[0] += 31  # a minute since the renewal
    assert session_writes(client) == 1


def test_a_request_a_minute_after_the_last_renewal_pushes_the_expiry_forward(
    login, caseworker, monkeypatch
):
    import core.session_renewal

    client = login(caseworker)
    later = core.session_renewal.time.time() + settings.SESSION_RENEW_SECONDS
    monkeypatch.setattr(core.session_renewal.time, "time", lambda: later)
    session_key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(session_key=session_key).update(expire_date=soon)

    client.get("/")

    expiry = Session.objects.get(session_key=session_key).expire_date
    assert expiry > soon + timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)


def test_idle_session_ends_and_the_user_must_log_in_again(login, caseworker):
    client = login(caseworker)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Translations ---------------------------------------------------------------------------
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def _po_entries(po_path: Path) -> list[dict]:
    """A minimal .po reader: msgid, msgid_plural, msgstr(s) and flags of each entry."""
    entries = []
    for block in po_path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#~"):
                entry["obsolete"] = True
                continue
            if line.startswith("#") or not line.strip():
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                key, text = match.group(1), _unescape(match.group(2))
                if key.startswith("msgstr"):
                    entry["msgstr"].append(text)
                else:
                    entry[key] = text
            elif line.startswith('"') and key:
                text = _unescape(line.strip()[1:-1])
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += text
                else:
                    entry[key] += text
        if "msgid" in entry and not entry.get("obsolete"):
            entries.append(entry)
    return entries


def test_every_danish_msgid_is_translated_and_not_fuzzy():
    entries = _po_entries(LOCALE_DIR / "django.po")
    header, messages = entries[0], entries[1:]

    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert len(messages) > 100
    untranslated = [e["msgid"] for e in messages if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_danish_catalog_matches_the_po_file():
    with (LOCALE_DIR / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    entries = _po_entries(LOCALE_DIR / "django.po")[1:]

    stale = []
    for entry in entries:
        key = (entry["msgid"], 0) if "msgid_plural" in entry else entry["msgid"]
        if catalog.get(key) != entry["msgstr"][0]:
            stale.append(entry["msgid"])
    assert stale == [], "run `make messages` (compilemessages) after editing the .po file"


def test_pages_are_danish_even_for_an_english_browser(client, db):
    content = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="da">' in content
    assert "Log ind" in content
