"""Companies, workplaces, openings, contacts and ending placements: the services' rules."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.choices import OpeningKind
from core.exceptions import Conflict
from employers import selectors
from employers.models import Employer, EmployerContact, Opening, Placement, Workplace
from employers.services import (
    contact_create,
    employer_create,
    employer_update,
    opening_create,
    opening_set_status,
    opening_update,
    placement_end,
    workplace_create,
)
from tests.factories.employers import (
    EmployerFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
    cvr_for,
    occupation_get_or_create,
)

pytestmark = pytest.mark.django_db

GOOD_CVR = cvr_for(900)
START = date(2026, 11, 2)


def bad_checksum(cvr: str) -> str:
    return cvr[:7] + str((int(cvr[7]) + 1) % 10)


def errors_of(raised) -> dict:
    return raised.value.message_dict


# --- CVR ---------------------------------------------------------------------------------------


def test_employer_create_stores_the_compact_cvr(consultant):
    spaced = f"{GOOD_CVR[:2]} {GOOD_CVR[2:4]} {GOOD_CVR[4:6]} {GOOD_CVR[6:]}"

    employer = employer_create(
        actor=consultant, cvr=spaced, name="  Ballerup Bageri ", consultant=consultant
    )

    employer.refresh_from_db()
    assert employer.cvr == GOOD_CVR
    assert employer.name == "Ballerup Bageri"
    assert employer.consultant == consultant


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        (bad_checksum(GOOD_CVR), "modulus 11"),
        (GOOD_CVR[:7], "8 cifre"),
        (GOOD_CVR + "1", "8 cifre"),
        ("1234567A", "8 cifre"),
    ],
)
def test_employer_create_refuses_a_bad_cvr_with_a_danish_reason(consultant, cvr, message):
    with pytest.raises(ValidationError) as raised:
        employer_create(actor=consultant, cvr=cvr, name="X")

    assert message in errors_of(raised)["cvr"][0]
    assert not Employer.objects.exists()


def test_a_duplicate_cvr_is_a_field_error(consultant):
    EmployerFactory(cvr=GOOD_CVR)

    with pytest.raises(ValidationError) as raised:
        employer_create(actor=consultant, cvr=GOOD_CVR, name="Igen")

    assert "allerede registreret" in errors_of(raised)["cvr"][0]
    assert Employer.objects.count() == 1


def test_a_cvr_taken_concurrently_is_the_same_field_error_not_a_crash(consultant, monkeypatch):
    """Another request registered the CVR between the check and the save."""
    import employers.services

    EmployerFactory(cvr=GOOD_CVR)
    monkeypatch.setattr(employers.services, "_validate_employer", lambda employer: None)

    with pytest.raises(ValidationError) as raised:
        employer_create(actor=consultant, cvr=GOOD_CVR, name="Samtidig")

    assert "allerede registreret" in errors_of(raised)["cvr"][0]
    assert Employer.objects.count() == 1


def test_the_responsible_consultant_must_be_an_employer_consultant(consultant, caseworker):
    with pytest.raises(ValidationError) as raised:
        employer_create(actor=consultant, cvr=GOOD_CVR, name="X", consultant=caseworker)

    assert "consultant" in errors_of(raised)


def test_branche_code_is_digits(consultant):
    with pytest.raises(ValidationError) as raised:
        employer_create(actor=consultant, cvr=GOOD_CVR, name="X", branche_code="56A")

    assert "branche_code" in errors_of(raised)


def test_employer_update_checks_the_cvr_against_other_companies(consultant):
    other = EmployerFactory()
    employer = EmployerFactory(cvr=GOOD_CVR)

    with pytest.raises(ValidationError) as raised:
        employer_update(actor=consultant, employer=employer, cvr=other.cvr)

    assert "cvr" in errors_of(raised)
    updated = employer_update(actor=consultant, employer=employer, cvr=GOOD_CVR, name="Nyt navn")
    assert updated.name == "Nyt navn"


def test_employer_update_refuses_unknown_fields(consultant):
    with pytest.raises(TypeError):
        employer_update(actor=consultant, employer=EmployerFactory(), created_at=None)


# --- P-nummer ----------------------------------------------------------------------------------


def test_workplace_create_stores_the_p_number_apart_from_the_cvr(consultant):
    employer = EmployerFactory()

    workplace = workplace_create(
        actor=consultant,
        employer=employer,
        p_number="10 1234 5678",
        postcode="2750",
        ordinary_employees=15,
    )

    assert workplace.p_number == "1012345678"
    assert workplace.employer.cvr == employer.cvr


@pytest.mark.parametrize("p_number", ["123456789", "12345678901", "12345678AB", ""])
def test_workplace_create_refuses_a_p_number_of_the_wrong_length(consultant, p_number):
    with pytest.raises(ValidationError) as raised:
        workplace_create(
            actor=consultant, employer=EmployerFactory(), p_number=p_number, postcode="2750"
        )

    assert "10 cifre" in errors_of(raised)["p_number"][0]


def test_a_duplicate_p_number_is_a_field_error(consultant):
    WorkplaceFactory(p_number="1000000001")

    with pytest.raises(ValidationError) as raised:
        workplace_create(
            actor=consultant, employer=EmployerFactory(), p_number="1000000001", postcode="2750"
        )

    assert "allerede registreret" in errors_of(raised)["p_number"][0]
    assert Workplace.objects.count() == 1


def test_workplace_postcode_must_be_danish(consultant):
    with pytest.raises(ValidationError) as raised:
        workplace_create(
            actor=consultant, employer=EmployerFactory(), p_number="1000000002", postcode="0000"
        )

    assert "postcode" in errors_of(raised)


# --- Openings ----------------------------------------------------------------------------------


def new_opening(actor, workplace=None, **overrides):
    values = {
        "actor": actor,
        "workplace": workplace or WorkplaceFactory(),
        "kind": OpeningKind.VIRKSOMHEDSPRAKTIK,
        "occupation": occupation_get_or_create("5321").code,
        "title": "Social- og sundhedshjælper",
        "hours_min": 15,
        "hours_max": 30,
        "start": START,
        "end": START + timedelta(days=90),
        "seats": 2,
    }
    values.update(overrides)
    return opening_create(**values)


def test_opening_create_with_languages_and_accommodations(consultant):
    opening = new_opening(
        consultant,
        required_languages=["tr", "da", "tr"],
        accommodations=["quiet_environment", "no_heavy_lifting"],
        requires_driving_licence=True,
    )

    opening.refresh_from_db()
    assert opening.required_languages == ["da", "tr"]
    assert opening.accommodations == ["no_heavy_lifting", "quiet_environment"]
    assert opening.status == Opening.Status.OPEN
    assert opening.occupation_id == "5321"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours_min": 31, "hours_max": 30}, "hours_min"),
        ({"hours_max": 38}, "hours_max"),
        ({"hours_max": 0, "hours_min": 0}, "hours_max"),
        ({"end": START - timedelta(days=1)}, "end"),
        ({"seats": 0}, "seats"),
        ({"required_languages": ["xx"]}, "required_languages"),
        ({"accommodations": ["diagnosis"]}, "accommodations"),
        ({"occupation": "0000"}, "occupation"),
        ({"kind": "vikar"}, "kind"),
        ({"title": "  "}, "title"),
    ],
)
def test_opening_create_refuses_inconsistent_values(consultant, overrides, field):
    with pytest.raises(ValidationError) as raised:
        new_opening(consultant, **overrides)

    assert field in errors_of(raised)
    assert not Opening.objects.exists()


def test_equal_hours_and_a_one_day_period_are_allowed(consultant):
    opening = new_opening(consultant, hours_min=37, hours_max=37, end=START, seats=1)

    assert (opening.hours_min, opening.hours_max, opening.end) == (37, 37, START)


def test_an_opening_is_refused_in_danish_when_the_hours_rule_is_missing(consultant):
    from django.utils import translation

    from core.models import Rule

    Rule.objects.filter(key="praktik_max_hours_per_week").delete()

    with translation.override("da"), pytest.raises(ValidationError) as raised:
        new_opening(consultant)

    assert "regeltabellen" in str(errors_of(raised)["hours_max"])
    assert not Opening.objects.exists()


def test_nyttejob_at_a_private_employer_is_refused(consultant):
    private = WorkplaceFactory(employer=EmployerFactory(public=False))

    with pytest.raises(ValidationError) as raised:
        new_opening(consultant, workplace=private, kind=OpeningKind.NYTTEJOB)

    assert "offentlige" in errors_of(raised)["kind"][0]


def test_nyttejob_at_a_public_employer_is_created(consultant):
    public = WorkplaceFactory(employer=EmployerFactory(public=True))

    opening = new_opening(consultant, workplace=public, kind=OpeningKind.NYTTEJOB)

    assert opening.kind == OpeningKind.NYTTEJOB


def test_opening_update_revalidates_and_keeps_the_seats_in_use(consultant):
    opening = OpeningFactory(seats=3, start=START - timedelta(days=10), end=None)
    PlacementFactory(opening=opening, start=START - timedelta(days=10))
    PlacementFactory(opening=opening, start=START - timedelta(days=10))

    with pytest.raises(ValidationError) as raised:
        opening_update(actor=consultant, opening=opening, seats=1)
    assert "seats" in errors_of(raised)

    with pytest.raises(ValidationError):
        opening_update(actor=consultant, opening=opening, hours_min=40)

    updated = opening_update(actor=consultant, opening=opening, seats=2, title="Ny titel")
    assert (updated.seats, updated.title) == (2, "Ny titel")


def test_opening_status_follows_the_transitions(consultant):
    opening = OpeningFactory()

    assert opening_set_status(actor=consultant, opening=opening, status="filled").status == (
        "filled"
    )
    assert opening_set_status(actor=consultant, opening=opening, status="closed").status == (
        "closed"
    )
    with pytest.raises(ValidationError):
        opening_set_status(actor=consultant, opening=opening, status="filled")
    with pytest.raises(ValidationError):
        opening_set_status(actor=consultant, opening=opening, status="deleted")
    assert opening_set_status(actor=consultant, opening=opening, status="open").status == "open"


# --- Contacts ----------------------------------------------------------------------------------


def test_contact_create_logs_who_made_it(consultant):
    employer = EmployerFactory()
    opening = OpeningFactory(workplace=WorkplaceFactory(employer=employer))

    contact = contact_create(
        actor=consultant,
        employer=employer,
        date=timezone.localdate(),
        kind=EmployerContact.Kind.BESOEG,
        note="Besøg i kantinen",
        opening=opening,
    )

    assert contact.by == consultant
    assert contact.opening == opening


def test_contact_in_the_future_or_on_another_companys_opening_is_refused(consultant):
    employer = EmployerFactory()

    with pytest.raises(ValidationError) as raised:
        contact_create(
            actor=consultant,
            employer=employer,
            date=timezone.localdate() + timedelta(days=1),
            kind="telefon",
            opening=OpeningFactory(),
        )

    assert {"date", "opening"} <= set(errors_of(raised))


# --- Ending placements -------------------------------------------------------------------------


def test_ending_a_placement_early_frees_the_seat_after_its_last_day(consultant):
    today = timezone.localdate()
    opening = OpeningFactory(seats=1, start=today - timedelta(days=30), end=None)
    placement = PlacementFactory(opening=opening, start=today - timedelta(days=30))

    ended = placement_end(actor=consultant, placement=placement, end=today - timedelta(days=1))

    assert ended.status == Placement.Status.ENDED
    assert ended.end == today - timedelta(days=1)
    assert selectors.opening_list(user=consultant).get(pk=opening.pk).seats_used == 0


def test_ending_on_a_future_day_keeps_the_seat_until_then(consultant):
    today = timezone.localdate()
    placement = PlacementFactory(opening=OpeningFactory(start=today), start=today)

    ended = placement_end(actor=consultant, placement=placement, end=today + timedelta(days=7))

    assert ended.status == Placement.Status.ACTIVE
    assert ended.end == today + timedelta(days=7)


def test_end_cannot_be_before_the_start_or_after_the_agreed_end(consultant):
    placement = PlacementFactory(
        opening=OpeningFactory(start=START), start=START, end=START + timedelta(days=10)
    )

    with pytest.raises(ValidationError):
        placement_end(actor=consultant, placement=placement, end=START - timedelta(days=1))
    with pytest.raises(ValidationError):
        placement_end(actor=consultant, placement=placement, end=START + timedelta(days=11))


def test_cancel_frees_the_seat_at_once_and_only_once(consultant):
    placement = PlacementFactory(opening=OpeningFactory(start=START), start=START)

    cancelled = placement_end(actor=consultant, placement=placement, cancel=True)

    assert cancelled.status == Placement.Status.CANCELLED
    with pytest.raises(Conflict):
        placement_end(actor=consultant, placement=placement, cancel=True)
