import csv
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse

from core.models import Occupation
from core.occupations import common_group_level, occupation_ancestors, occupation_search

DATA_DIR = Path(__file__).resolve().parents[2] / "core" / "data"

DEMO_TITLES = {
    "5322": "Hjemmehjælpere og sundhedsarbejdere i private hjem",
    "5321": "Sundhedsarbejdere på institutioner",
    "2221": "Sygeplejersker",
    "5120": "Kokke",
    "9412": "Køkkenmedhjælpere",
    "5131": "Tjenere",
    "9112": "Rengøringsassistenter og medhjælpere i kontorer, hoteller og andre virksomheder",
    "4321": "Lagerarbejdere",
    "8322": "Chauffører af personbiler, taxaer og varevogne",
    "8332": "Lastbilchauffører",
    "9333": "Lager- og transportmedhjælpere",
    "7112": "Murere",
    "7115": "Tømrere og snedkere",
    "9313": "Byggeriarbejdere",
    "5223": "Butiksassistenter",
    "4110": "Kontorassistenter",
    "2512": "Softwareudviklere",
    "3512": "IT-supportteknikere",
}


def test_danish_titles_cover_every_code_in_the_structure():
    with open(DATA_DIR / "isco08.csv", encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    with open(DATA_DIR / "disco08_da.csv", encoding="utf-8") as handle:
        danish = {row["code"]: row["title_da"] for row in csv.DictReader(handle)}
    assert len(codes) == 619
    assert set(danish) == set(codes)
    assert all(title.strip() for title in danish.values())


@pytest.mark.django_db
def test_migration_loads_all_levels():
    assert Occupation.objects.count() == 619
    per_level = Counter(Occupation.objects.values_list("level", flat=True))
    assert per_level == {1: 10, 2: 43, 3: 130, 4: 436}


@pytest.mark.django_db
def test_every_parent_matches_the_code_prefix():
    for occupation in Occupation.objects.all():
        assert len(occupation.code) == occupation.level
        if occupation.level == 1:
            assert occupation.parent_id is None
        else:
            assert occupation.parent_id == occupation.code[:-1]


@pytest.mark.django_db
def test_every_unit_group_has_a_danish_title():
    assert not Occupation.objects.filter(level=4, title_da="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "title"), sorted(DEMO_TITLES.items()))
def test_demo_codes_have_their_danish_title(code, title):
    assert Occupation.objects.get(code=code).title_da.startswith(title)


@pytest.mark.django_db
def test_search_by_danish_word_finds_nurses_unit_group_first():
    results = occupation_search("sygeplejerske")
    assert results[0].code == "2221"
    assert "222" in [occupation.code for occupation in results]


@pytest.mark.django_db
def test_search_by_code_prefix():
    results = occupation_search("5322")
    assert [occupation.code for occupation in results] == ["5322"]
    codes = [occupation.code for occupation in occupation_search("53")]
    assert codes[0] == "5311"
    assert codes.index("5322") < codes.index("532") < codes.index("53")


@pytest.mark.django_db
def test_search_matches_english_titles_and_non_ascii_case():
    assert "5120" in [occupation.code for occupation in occupation_search("cooks")]
    assert "9412" in [occupation.code for occupation in occupation_search("KØKKEN")]


@pytest.mark.django_db
def test_search_every_word_must_match_and_limit_applies():
    codes = [occupation.code for occupation in occupation_search("lager transport")]
    assert "9333" in codes
    assert "4321" not in codes
    assert len(occupation_search("a", limit=5)) == 5
    assert occupation_search("   ") == []


@pytest.mark.django_db
def test_ancestors_from_major_group_down():
    assert [occupation.code for occupation in occupation_ancestors("5322")] == ["5", "53", "532"]
    assert occupation_ancestors("5") == []


@pytest.mark.parametrize(
    ("code_a", "code_b", "level"),
    [
        ("5322", "5322", 4),
        ("5322", "5321", 3),
        ("5322", "5311", 2),
        ("5322", "5120", 1),
        ("5322", "9412", 0),
        ("5322", "532", 3),
        ("0110", "0210", 1),
        ("", "5322", 0),
    ],
)
def test_common_group_level(code_a, code_b, level):
    assert common_group_level(code_a, code_b) == level


@pytest.mark.django_db
def test_search_view_returns_json_for_logged_in_user(login, caseworker):
    response = login(caseworker).get(reverse("occupation-search"), {"q": "5322"})
    assert response.status_code == 200
    assert response.json() == [
        {"code": "5322", "title": Occupation.objects.get(code="5322").title, "level": 4}
    ]


@pytest.mark.django_db
def test_search_view_requires_login(client):
    response = client.get(reverse("occupation-search"), {"q": "5322"})
    assert response.status_code == 302
