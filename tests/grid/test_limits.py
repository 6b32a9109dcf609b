"""The hard limits are declared once (grid.engine.limits.HARD_LIMITS): each limit's two forms
agree, every limit has its explanation, the README lists exactly the declared limits, and a code
outside the models' vocabularies is an error, never a default."""

import re
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from django.conf import settings
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from citizens.models import Benefit, CitizenLanguage
from citizens.segments import Segment
from core.choices import Accommodation, OpeningKind
from grid import engine
from grid.engine import limits
from grid.engine.limits import HardLimit, Subset
from grid.loading import load_citizens, load_openings
from grid.models import MatchRun
from grid.reasons import exclusion_text
from tests.grid.arrays import random_inputs

README = Path(settings.BASE_DIR) / "README.md"
BLOCK = re.compile(r"<!-- hard-limits:start[^>]*-->\n(.*?)\n<!-- hard-limits:end -->", re.S)


def test_the_readme_lists_exactly_the_declared_hard_limits():
    found = BLOCK.search(README.read_text(encoding="utf-8"))

    assert found, "README.md has no <!-- hard-limits:start --> … <!-- hard-limits:end --> block"
    assert found.group(1) == engine.hard_limits_markdown(), (
        "README.md's hard-limit table is out of date: run "
        ".venv/bin/python scripts/grid_hard_limits_readme.py"
    )


@hypothesis_settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_each_limits_numpy_form_agrees_with_its_one_pair_form(seed):
    citizens, openings, tables = random_inputs(n_citizens=12, n_openings=15, seed=seed)

    for limit in engine.HARD_LIMITS:
        matrix = limit.breaks(citizens, openings, tables)
        rows, cols = limit.region(citizens, openings, tables)
        for i in range(len(citizens)):
            for j in range(len(openings)):
                one = limit.breaks_pair(citizens, i, openings, j, tables)
                assert bool(matrix[i, j]) == one, (limit.name, i, j)
                if one:  # a broken pair lies in the limit's region
                    assert rows is None or i in rows
                    assert cols is None or j in cols


def test_every_hard_limit_is_an_exclusion_reason_with_its_own_explanation():
    names = [limit.name for limit in engine.HARD_LIMITS]

    assert list(engine.EXCLUSION_REASONS[: len(names)]) == names
    assert len(set(names)) == len(names)
    for name in names:
        assert exclusion_text(name) != name


def test_the_vocabularies_are_the_models():
    assert tuple(OpeningKind.values) == engine.KINDS
    assert (*Segment.values, "") == engine.SEGMENTS
    assert tuple(Accommodation.values) == engine.ACCOMMODATIONS
    assert np.iinfo(engine.ACCOMMODATION_DTYPE).bits >= len(Accommodation.values)
    assert set(engine.KIND_FIT) == set(engine.SEGMENTS)


@pytest.mark.django_db
def test_an_unknown_skanebehov_of_a_citizen_is_an_error_naming_it(make_citizen, run_grid):
    citizen = make_citizen(accommodations=["no_heavy_lifting", "ninth_need"])

    with pytest.raises(engine.UnknownCode) as raised:
        load_citizens(on=timezone.localdate(), id_from=citizen.pk, id_to=citizen.pk)

    assert raised.value.code == "ninth_need"
    assert "ninth_need" in str(raised.value) and str(citizen.pk) in str(raised.value)
    run = run_grid()
    assert run.status == MatchRun.Status.FAILED
    assert "ninth_need" in run.failure_reason


@pytest.mark.django_db
def test_an_unknown_skanebehov_or_language_of_an_opening_is_an_error(make_opening):
    make_opening(accommodations=["step_free_access", "ninth_need"])

    with pytest.raises(engine.UnknownCode, match="ninth_need"):
        load_openings(on=timezone.localdate())


@pytest.mark.django_db
def test_an_unknown_required_language_is_an_error(make_opening):
    make_opening(required_languages=["xx"])

    with pytest.raises(engine.UnknownCode, match="xx"):
        load_openings(on=timezone.localdate())


@pytest.mark.django_db
def test_an_unknown_language_level_or_benefit_is_an_error(make_citizen):
    today = timezone.localdate()
    citizen = make_citizen(languages=[("da", "fluent")])
    CitizenLanguage.objects.filter(citizen=citizen).update(level="superb")

    with pytest.raises(engine.UnknownCode, match="superb"):
        load_citizens(on=today, id_from=citizen.pk, id_to=citizen.pk)

    CitizenLanguage.objects.filter(citizen=citizen).update(level="fluent")
    citizen.current_course.__class__.objects.filter(pk=citizen.current_course_id).update(
        benefit="basic_income"
    )
    with pytest.raises(engine.UnknownCode, match="basic_income"):
        load_citizens(on=today, id_from=citizen.pk, id_to=citizen.pk)
    assert "basic_income" not in Benefit.values


# An invented limit, only for the test below: a citizen with a driving licence only for openings
# that require one. Declaring it in HARD_LIMITS is all it takes for every kernel to apply it.
INVENTED = HardLimit(
    name="invented_licence_only",
    citizen="driving licence",
    opening="driving licence required",
    checks=(Subset("citizen", "licence", "licence"),),
    text="invented",
)


@hypothesis_settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), top_k=st.integers(1, 5))
def test_a_limit_declared_in_the_table_is_applied_by_every_kernel(seed, top_k):
    citizens, openings, tables = random_inputs(n_citizens=30, n_openings=40, seed=seed, top_k=top_k)

    with mock.patch.object(limits, "HARD_LIMITS", (*limits.HARD_LIMITS, INVENTED)):
        blocked = engine.screen(citizens, openings, tables, small_pairs=0, max_cells=100)
        unblocked = engine.screen_unblocked(citizens, openings, tables)
        python = engine.screen_python(citizens, openings, tables)
        per_opening = engine.screen_openings(citizens, openings, tables, max_cells=100)
        per_opening_python = engine.screen_openings_python(citizens, openings, tables)

    assert blocked.as_sets() == python.as_sets() == unblocked.as_sets()
    assert per_opening.as_opening_sets() == per_opening_python.as_opening_sets()
    assert unblocked.excluded == python.excluded
    assert python.excluded["invented_licence_only"] == sum(
        INVENTED.breaks_pair(citizens, i, openings, j, tables)
        and all(
            not limit.breaks_pair(citizens, i, openings, j, tables) for limit in limits.HARD_LIMITS
        )
        for i in range(len(citizens))
        for j in range(len(openings))
    )
    for cid, oid in zip(blocked.citizen_ids.tolist(), blocked.opening_ids.tolist(), strict=True):
        i, j = int(np.searchsorted(citizens.ids, cid)), int(np.searchsorted(openings.ids, oid))
        assert not INVENTED.breaks_pair(citizens, i, openings, j, tables)


def test_the_invented_limit_excludes_pairs_it_is_declared_for():
    citizens, openings, tables = random_inputs(n_citizens=30, n_openings=40, seed=5)

    with mock.patch.object(limits, "HARD_LIMITS", (*limits.HARD_LIMITS, INVENTED)):
        result = engine.screen_unblocked(citizens, openings, tables)

        explained = exclusion_text("invented_licence_only")

    assert result.excluded["invented_licence_only"] > 0
    assert explained == "invented"
    assert (
        "invented_licence_only" not in engine.screen_unblocked(citizens, openings, tables).excluded
    )
