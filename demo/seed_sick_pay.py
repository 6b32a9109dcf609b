"""The sick-pay details of the demo's sygedagpenge courses and the dimittender on a-dagpenge.

Shaped like Ballerup (seed 003, docs/domain.md): of the ~900 on sygedagpenge/jobafklaring 83 % are
sick from ordinary work, 5 % from a flex job and 12 % from unemployment.

- first_absence_day: sick from employment, the employer paid the first 30 calendar days
  (arbejdsgiverperioden, sygedagpengeloven § 30, stk. 1), so the municipality's course starts the
  day after them; sick from unemployment, the a-kasse's member is on sygedagpenge from the first
  day (the same day); a flex job's employer reports early (up to two weeks).
- expected_absence_weeks: the course's real length (elapsed plus a remainder for an open one)
  with a spread, missing for a few; so some employed citizens are expected back within 26 weeks
  (from 2026-07-01 exempt from follow-up, citizens.rules.sick_pay).
- partial_sick_leave: a share of those sick from a job; employer_cvr: a demo employer, only when
  sick from employment (the model's constraint).
- return_not_possible: for a share of those sick from a job the caseworker has recorded that
  return to the employer is not possible (with one of a few reasons), so the GRID may match them
  elsewhere; the others are matched only at their own employer (gradvis tilbagevenden).
- graduated_on: a share of the young a-dagpenge citizens with a higher education are new graduates
  (dimittender, LAB § 61, stk. 1: 8 weeks of praktik, citizens.rules.intervention_max).

The values are drawn from their own random stream (`sick_rng`, from the seed), so the rest of the
demo data is the same as without them. They are written in the bulk creation with the courses and
pass the service's checks (citizens.services.course_sick_pay_set; tests/demo/test_sick_pay.py).
"""

from datetime import date, timedelta

from citizens.models import Benefit, Citizen, Course, EducationLevel, SickFrom

from .population import Person, age_on, weighted

SICK_FROM_WEIGHTS = ((SickFrom.EMPLOYMENT, 83), (SickFrom.FLEKSJOB, 5), (SickFrom.UNEMPLOYMENT, 12))
EMPLOYER_PERIOD_DAYS = 30  # sygedagpengeloven § 30, stk. 1: 30 calendar days from the first absence
FLEKSJOB_REPORT_DAYS = (0, 14)
EXPECTED_UNKNOWN_SHARE = 0.08
PARTIAL_SHARE = {SickFrom.EMPLOYMENT: 0.22, SickFrom.FLEKSJOB: 0.3}
RETURN_NOT_POSSIBLE_SHARE = 0.15
RETURN_NOT_POSSIBLE_REASONS = (
    "Stillingen er nedlagt under sygdomsforløbet.",
    "Arbejdsgiveren kan ikke tilbyde skånehensyn i det nuværende job.",
    "Borgeren er opsagt; ansættelsen ophører.",
    "Lægelig vurdering: kan ikke vende tilbage til samme type arbejde.",
)
MAX_EXPECTED_WEEKS = 156  # citizens.services.MAX_EXPECTED_ABSENCE_WEEKS
HIGHER_EDUCATION = (
    EducationLevel.SHORT_HIGHER,
    EducationLevel.MEDIUM_HIGHER,
    EducationLevel.LONG_HIGHER,
)
DIMITTEND_SHARE = 0.6  # of the a-dagpenge citizens under 30 with a higher education
DIMITTEND_MAX_AGE = 30


class SickPaySeeding:
    """Mixin of DemoSeeder (it holds sick_rng, today and the demo employers)."""

    def _sick_pay(self, course: Course, since: date) -> date | None:
        """Fill a sygedagpenge course's sick-pay fields; returns the first absence day (the day
        its deadlines count from), None for any other course. `since` is the course's real
        start (before the data start for a course already running then)."""
        if course.benefit != Benefit.SYGEDAGPENGE:
            return None
        rng = self.sick_rng
        sick_from = weighted(rng, SICK_FROM_WEIGHTS)
        if sick_from == SickFrom.EMPLOYMENT:
            first = since - timedelta(days=EMPLOYER_PERIOD_DAYS)
            employer = rng.choice(self.employers)
            course.employer_cvr = employer.cvr
            if rng.random() < RETURN_NOT_POSSIBLE_SHARE:
                course.return_not_possible = True
                course.return_not_possible_reason = rng.choice(RETURN_NOT_POSSIBLE_REASONS)
        elif sick_from == SickFrom.FLEKSJOB:
            first = since - timedelta(days=rng.randint(*FLEKSJOB_REPORT_DAYS))
        else:
            first = since
        course.first_absence_day = min(first, course.start)
        course.sick_from = sick_from
        course.partial_sick_leave = rng.random() < PARTIAL_SHARE.get(sick_from, 0.0)
        if rng.random() < EXPECTED_UNKNOWN_SHARE:
            course.expected_absence_weeks = None
        else:
            last = course.end or (self.today + timedelta(weeks=rng.randint(2, 26)))
            weeks = (last - course.first_absence_day).days / 7 * rng.lognormvariate(0, 0.35)
            course.expected_absence_weeks = max(1, min(MAX_EXPECTED_WEEKS, round(weeks)))
        return course.first_absence_day

    def _dimittend(self, citizen: Citizen, person: Person) -> None:
        """A share of the young a-dagpenge citizens with a higher education graduated shortly
        before their course began (the open course; former citizens have had a job since)."""
        if not person.current or not person.spells:
            return
        spell = person.spells[0]
        since = spell.since or spell.start
        if spell.group.benefit != Benefit.A_DAGPENGE or spell.group.integration:
            return
        if citizen.education_level not in HIGHER_EDUCATION:
            return
        if age_on(person.birth, since) >= DIMITTEND_MAX_AGE:
            return
        rng = self.sick_rng
        if rng.random() < DIMITTEND_SHARE:
            citizen.graduated_on = since - timedelta(days=rng.randint(7, 120))
