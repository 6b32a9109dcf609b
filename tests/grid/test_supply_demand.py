"""Supply and demand for campaigns, through the API and the page: every DISCO level adds up to the
level above, the kind and postcode filters, the ranked campaign suggestions and their CSV."""

import csv
import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from core.models import Occupation

pytestmark = pytest.mark.django_db

API = "/api/v1/grid/supply-demand/"
FLEX = {"course__benefit": "ledighedsydelse"}  # the only benefit fleksjob may be offered to


@pytest.fixture(autouse=True)
def no_incremental_runs():
    with override_settings(GRID_INCREMENTAL=False):
        yield


@pytest.fixture
def market(make_citizen, make_opening):
    """Citizens and openings spread over three major groups, several levels, kinds and postcodes.

    Citizens (first track decides; the later tracks are only "also here"):
      5321 ×3 (2750), 5322 ×2 (2740, one on ledighedsydelse), 5223 ×1 (2750, later 5321),
      "53" ×1 (a sub-major code only, 2760), 9112 ×2 (2750, one on ledighedsydelse),
      2221 ×1 (2750, later 5322 and 5321).
    Free seats: 5321 ordinary 2 (2750) and fleksjob 4 (2740); 5322 praktik 1 (2740);
      9112 ordinary 1 (2750) and fleksjob 6 (2760); 4110 ordinary 3 (2750, nobody aims there);
      "53" ordinary 2 (2750); a closed 5321 opening with 9 seats is not demand.
    """
    for _ in range(3):
        make_citizen(tracks=("5321",), postcode="2750")
    make_citizen(tracks=("5322",), postcode="2740")
    make_citizen(tracks=("5322",), postcode="2740", **FLEX)
    make_citizen(tracks=("5223", "5321"), postcode="2750")
    make_citizen(tracks=("53",), postcode="2760")
    make_citizen(tracks=("9112",), postcode="2750")
    make_citizen(tracks=("9112",), postcode="2750", **FLEX)
    make_citizen(tracks=("2221", "5322", "5321"), postcode="2750")
    make_opening(code="5321", seats=2, postcode="2750")
    make_opening(code="5321", seats=4, kind="fleksjob", postcode="2740")
    make_opening(code="5322", seats=1, kind="virksomhedspraktik", postcode="2740")
    make_opening(code="9112", seats=1, postcode="2750")
    make_opening(code="9112", seats=6, kind="fleksjob", postcode="2760")
    make_opening(code="4110", seats=3, postcode="2750")
    make_opening(code="53", seats=2, postcode="2750")
    make_opening(code="5321", seats=9, postcode="2750", status="closed")


def _get(api, user, **params):
    api.force_authenticate(user)
    response = api.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def _rows(body):
    return {row["group"]: row for row in body["gap"]}


def test_every_level_adds_up_to_the_level_above(api, manager, market):
    top = _get(api, manager)
    assert _rows(top).keys() == {"2", "4", "5", "9"}
    assert top["totals"] == {"citizens": 10, "free_seats": 19, "gap": -9}

    def walk(body, **filters):
        walked = 0
        for row in body["gap"]:
            if not row["has_children"]:
                continue
            children = _get(api, manager, parent=row["group"], **filters)
            assert children["level"] == len(row["group"]) + 1
            assert sum(c["citizens"] for c in children["gap"]) == row["citizens"], row
            assert sum(c["free_seats"] for c in children["gap"]) == row["free_seats"], row
            assert children["totals"]["citizens"] == row["citizens"]
            walked += 1 + walk(children, **filters)
        return walked

    # Down to every unit group: 2, 4, 5, 9 → 22, 41, 52, 53, 91 → 222, 411, 522, 532, 911.
    assert walk(top) == 14
    for filters in ({"kind": "fleksjob"}, {"kind": "ordinaert_job"}, {"postcode": "2750"}):
        assert walk(_get(api, manager, **filters), **filters) > 0


def test_a_code_registered_higher_up_stays_as_not_further_specified(api, manager, market):
    five = _rows(_get(api, manager, parent="5"))
    fifty_three = _rows(_get(api, manager, parent="53"))
    units = _rows(_get(api, manager, parent="532"))

    assert five["53"]["citizens"] == 6 and five["53"]["free_seats"] == 9
    assert fifty_three["53"] == {
        **fifty_three["53"],
        "citizens": 1,
        "free_seats": 2,
        "specified": False,
        "has_children": False,
    }
    assert fifty_three["532"]["citizens"] == 5 and fifty_three["532"]["has_children"] is True
    assert units["5321"]["citizens"] == 3 and units["5321"]["free_seats"] == 6
    assert units["5322"]["citizens"] == 2 and units["5322"]["has_children"] is False
    assert units["5321"]["title"] == Occupation.objects.get(code="5321").title_da


def test_later_job_tracks_are_shown_beside_and_never_added(api, manager, market):
    units = _rows(_get(api, manager, level=4))

    # 5321: first track of 3; a later track of the 5223 citizen and the 2221 citizen.
    assert units["5321"]["citizens"] == 3 and units["5321"]["citizens_later_tracks"] == 2
    assert units["5322"]["citizens_later_tracks"] == 1
    # At the sub-major level the 5223 citizen's later 5321 is in another group (52 vs 53).
    assert _rows(_get(api, manager, parent="5"))["53"]["citizens_later_tracks"] == 2


def test_the_kind_filter_counts_the_citizens_the_kind_may_be_offered_to(api, manager, market):
    flex = _get(api, manager, kind="fleksjob", level=4)
    rows = _rows(flex)

    assert flex["kinds"] == ["fleksjob"]
    assert rows["5322"]["citizens"] == 1 and rows["5322"]["free_seats"] == 0
    assert rows["5321"]["citizens"] == 0 and rows["5321"]["free_seats"] == 4
    assert rows["9112"]["citizens"] == 1 and rows["9112"]["free_seats"] == 6
    assert flex["totals"] == {"citizens": 2, "free_seats": 10, "gap": -8}
    assert {cell["kind"] for cell in flex["demand"]} == {"fleksjob"}


def test_the_cells_give_the_gap_per_group_and_kind(api, manager, market):
    cells = {(c["group"], c["kind"]): c for c in _get(api, manager, level=4)["cells"]}

    # Every citizen may take an ordinary job; only ledighedsydelse may take a fleksjob.
    assert cells[("5321", "ordinaert_job")] == {
        **cells[("5321", "ordinaert_job")],
        "citizens": 3,
        "free_seats": 2,
        "gap": 1,
    }
    assert cells[("5321", "fleksjob")]["gap"] == -4
    assert cells[("5322", "virksomhedspraktik")]["citizens"] == 2
    assert cells[("4110", "ordinaert_job")]["gap"] == -3


def test_the_postcode_filter_and_the_areas(api, manager, market):
    local = _get(api, manager, postcode="2740", level=4)
    areas = {area["postcode"]: area for area in local["areas"]}

    assert _rows(local).keys() == {"5321", "5322"}
    assert _rows(local)["5322"]["citizens"] == 2 and _rows(local)["5322"]["free_seats"] == 1
    assert _rows(local)["5321"]["citizens"] == 0 and _rows(local)["5321"]["free_seats"] == 4
    # The areas list every postcode (under the parent), whichever is chosen.
    assert set(areas) == {"2740", "2750", "2760"}
    assert areas["2760"] == {
        "postcode": "2760",
        "name": "Måløv",
        "citizens": 1,
        "free_seats": 6,
        "gap": -5,
    }
    assert sum(a["citizens"] for a in areas.values()) == 10
    assert sum(a["free_seats"] for a in areas.values()) == 19


def test_campaigns_are_ranked_by_shortage(api, manager, market):
    campaigns = _get(api, manager, level=4)["campaigns"]

    assert [(c["rank"], c["group"], c["kind"], c["shortage"]) for c in campaigns] == [
        (1, "9112", "fleksjob", 5),
        (2, "5321", "fleksjob", 4),
        (3, "4110", "ordinaert_job", 3),
        (4, "53", "ordinaert_job", 1),
    ]
    shortages = [c["shortage"] for c in campaigns]
    assert shortages == sorted(shortages, reverse=True)
    assert all(c["free_seats"] - c["citizens"] == c["shortage"] > 0 for c in campaigns)
    # At the major level the groups are wider and the shortages merge.
    top = _get(api, manager)["campaigns"]
    # Equal shortage: the cell with more free seats first.
    assert [(c["group"], c["kind"], c["shortage"]) for c in top] == [
        ("9", "fleksjob", 5),
        ("5", "fleksjob", 3),
        ("4", "ordinaert_job", 3),
    ]


def test_the_response_keeps_the_heat_maps_fields(api, manager, market):
    body = _get(api, manager)

    assert {"supply", "demand", "gap"} <= set(body)
    assert {"group", "title", "segment", "citizens"} == set(body["supply"][0])
    assert {"group", "title", "kind", "seats"} == set(body["demand"][0])
    assert {"group", "title", "citizens", "free_seats", "gap"} <= set(body["gap"][0])
    fives = [cell for cell in body["supply"] if cell["group"] == "5"]
    assert sum(cell["citizens"] for cell in fives) == 7


@pytest.mark.parametrize(
    "params",
    [
        {"level": 9},
        {"parent": "abc"},
        {"parent": "5321"},
        {"parent": "53", "level": 2},
        {"kind": "bogus"},
        {"postcode": "27"},
    ],
)
def test_an_invalid_query_is_400_with_the_field(api, manager, params):
    api.force_authenticate(manager)

    response = api.get(API, params)

    assert response.status_code == 400
    assert set(response.json()) & set(params)


def test_a_consultant_sees_the_counts_and_no_citizen(api, consultant, market, client):
    from citizens.models import Citizen

    for n, citizen in enumerate(Citizen.objects.all()):
        Citizen.objects.filter(pk=citizen.pk).update(last_name=f"Qsdnavn{n}")  # found nowhere else
    body = _get(api, consultant, level=4)
    client.force_login(consultant)
    page = client.get(reverse("grid:supply_demand"), {"parent": "5"}).content.decode()

    assert body["totals"]["citizens"] == 10
    for text in (str(body), page):
        assert "Qsdnavn" not in text
        for citizen in Citizen.objects.all():
            assert citizen.cpr not in text


# --- The page --------------------------------------------------------------------------------


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_drills_down_with_accessible_tables(login, manager, market):
    client = login(manager)

    top = _html(client.get(reverse("grid:supply_demand"), HTTP_ACCEPT_LANGUAGE="da"))
    deeper = _html(
        client.get(
            reverse("grid:supply_demand"),
            {"parent": "53", "kind": "ordinaert_job"},
            HTTP_ACCEPT_LANGUAGE="da",
        )
    )

    assert 'href="?parent=5"' in top and 'href="?parent=9"' in top
    assert "Kampagneforslag" in top and "Pr. postnummerområde" in top
    assert top.count("<caption>") == 4
    assert 'scope="row"' in top and 'scope="col"' in top and 'scope="colgroup"' in top
    # The path back up, the current group marked; drill links keep the kind filter.
    assert 'href="?kind=ordinaert_job">Alle ' in deeper
    assert 'href="?parent=5&amp;kind=ordinaert_job">5 ' in deeper
    assert 'aria-current="location">53 ' in deeper
    assert 'href="?parent=532&amp;kind=ordinaert_job"' in deeper
    assert "ikke nærmere angivet" in deeper
    # Deeper than the major groups the counts are not links (the lists filter majors only).
    assert "grid/matches/?group=" not in deeper and "grid/matches/?group=5" in top


def test_the_page_shows_the_campaigns_in_rank_order(login, manager, market):
    html = _html(
        login(manager).get(reverse("grid:supply_demand"), {"level": "4"}, HTTP_ACCEPT_LANGUAGE="da")
    )
    section = html[html.index("Kampagneforslag, ordnet") :]

    codes = re.findall(r'<th scope="row">(\d+) ', section[: section.index("</table>")])
    assert codes == ["9112", "5321", "4110", "53"]
    assert 'kampagneforslag.csv?level=4"' in html


def test_an_invalid_page_query_shows_the_error_and_the_top_level(login, manager, market):
    response = login(manager).get(
        reverse("grid:supply_demand"), {"parent": "53", "level": "1"}, HTTP_ACCEPT_LANGUAGE="da"
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'href="?parent=5"' in html  # the top level is shown


def test_the_csv_holds_the_ranked_suggestions_with_danish_headers(login, manager, market):
    Occupation.objects.filter(code="4110").update(title_da="=HYPERLINK(1)")

    response = login(manager).get(
        reverse("grid:supply_demand_csv"), {"level": "4"}, HTTP_ACCEPT_LANGUAGE="da"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "kampagneforslag-" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:5] == ["Nr.", "DISCO-niveau", "DISCO-kode", "Stillingsgruppe", "Tilbudstype"]
    assert [row[2] for row in rows[1:]] == ["9112", "5321", "4110", "53"]
    assert rows[1][0] == "1" and rows[1][5] == "alle" and rows[1][6:9] == ["6", "1", "5"]
    assert rows[3][3] == "'=HYPERLINK(1)"  # never run as a formula


def test_the_csv_follows_the_filters(login, consultant, market):
    response = login(consultant).get(
        reverse("grid:supply_demand_csv"), {"parent": "53", "kind": "fleksjob"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:]), delimiter=";"))
    # 532 fleksjob: 4 free seats, one citizen on ledighedsydelse (5322).
    assert [(row[1], row[2], row[8]) for row in rows[1:]] == [("3", "532", "3")]
