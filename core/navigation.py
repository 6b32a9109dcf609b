"""The main navigation, by role, declared in one place.

Each later feature adds its page here by URL name. An item whose URL name does not resolve yet
(its page is not built) is left out, so the navigation never links to a page that does not exist.
This module imports no domain app: URL names are plain strings.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .roles import CASEWORKER, CONSULTANT, MANAGER

# Roles that have a section on the start page, in display order. API clients use the REST API.
UI_ROLES: tuple[str, ...] = (CASEWORKER, CONSULTANT, MANAGER)

ROLE_HEADINGS: dict[str, Promise] = {
    CASEWORKER: _("Caseworker"),
    CONSULTANT: _("Employer consultant"),
    MANAGER: _("Manager"),
}


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    roles: frozenset[str]
    description: Promise | str = ""


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(
        _("My caseload"),
        "citizens:caseload",
        frozenset({CASEWORKER}),
        _("The citizens you are the primary contact for, with deadlines and alerts."),
    ),
    NavItem(
        _("My deadlines"),
        "citizens:agenda",
        frozenset({CASEWORKER}),
        _("Every deadline due this week or overdue, with its rule and where to act."),
    ),
    NavItem(
        _("Citizens"),
        "citizens:list",
        frozenset({CASEWORKER}),
        _("Search for citizens in your team."),
    ),
    NavItem(
        _("Matches"),
        "grid:results",
        frozenset({CASEWORKER}),
        _("The GRID's matches for your citizens, with their reasons."),
    ),
    NavItem(
        _("My employers"),
        "employers:mine",
        frozenset({CONSULTANT}),
        _("The companies you are the fixed contact for, and your contact log."),
    ),
    NavItem(
        _("Employers"),
        "employers:mine",
        frozenset({CASEWORKER, MANAGER}),
        _("All companies with their workplaces and openings."),
    ),
    NavItem(
        _("Openings"),
        "employers:openings",
        frozenset({CONSULTANT, CASEWORKER, MANAGER}),
        _("Recruitment needs and offers: internships, wage subsidy, flex and small jobs."),
    ),
    NavItem(
        _("Candidates"),
        "grid:candidates",
        frozenset({CONSULTANT}),
        _("Citizens proposed for your openings: accept or reject."),
    ),
    NavItem(
        _("Overview"),
        "strategy:overview",
        frozenset({MANAGER}),
        _("Key figures for the job centre this quarter."),
    ),
    NavItem(
        _("Strategy"),
        "strategy:focus_areas",
        frozenset({MANAGER}),
        _("The employment strategy's focus areas, key figures and indicators."),
    ),
    NavItem(
        _("GRID"),
        "grid:overview",
        frozenset({MANAGER}),
        _("Employers' needs and citizens' job tracks side by side."),
    ),
    NavItem(
        _("Due for anonymisation"),
        "citizens:retention",
        frozenset({MANAGER}),
        _("Closed cases that will be anonymised soon after the retention period."),
    ),
)


@dataclass(frozen=True)
class NavLink:
    label: Promise | str
    url: str
    description: Promise | str
    current: bool


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def navigation_for(roles: set[str] | frozenset[str], path: str = "") -> list[NavLink]:
    """The navigation links a user with these roles sees, in declared order, pages that exist."""
    items = []
    for item in NAV_ITEMS:
        if not item.roles & roles:
            continue
        url = _url(item.url_name)
        if url is not None:
            items.append((item, url))
    # Only the most specific matching link is current: /borgere/frister/ marks "Mine frister",
    # not also "Borgere" (/borgere/).
    matches = [url for _, url in items if path == url or (url != "/" and path.startswith(url))]
    best = max(matches, key=len, default=None)
    return [NavLink(item.label, url, item.description, url == best) for item, url in items]


def role_sections(roles: set[str] | frozenset[str]) -> list[dict]:
    """One start-page section per UI role the user holds: heading, template and existing links."""
    return [
        {
            "role": role,
            "heading": ROLE_HEADINGS[role],
            "template": f"core/home_{role}.html",
            "links": navigation_for(frozenset({role})),
        }
        for role in UI_ROLES
        if role in roles
    ]
