import pytest

from citizens.segments import Segment, derive_segment


@pytest.mark.parametrize(
    ("benefit", "readiness", "integration", "age", "expected"),
    [
        ("sygedagpenge", "", True, 25, Segment.SYGEDAGPENGE_JOBAFKLARING),
        ("jobafklaring", "", False, 50, Segment.SYGEDAGPENGE_JOBAFKLARING),
        ("kontanthjaelp", "jobparat", True, 24, Segment.INTEGRATION),
        ("kontanthjaelp", "aktivitetsparat", False, 29, Segment.UNGE),
        ("kontanthjaelp", "aktivitetsparat", False, 30, Segment.IKKE_JOBPARATE),
        ("uddannelseshjaelp", "uddannelsesparat", False, 22, Segment.UNGE),
        ("kontanthjaelp", "jobparat", False, 30, Segment.JOBPARATE),
        ("a_dagpenge", "", False, 45, Segment.JOBPARATE),
        ("a_dagpenge", "jobparat", False, 29, Segment.JOBPARATE),  # insured young: forsikrede
        ("sygedagpenge", "", False, 22, Segment.SYGEDAGPENGE_JOBAFKLARING),
        ("selvforsoerger", "", False, 22, Segment.IKKE_JOBPARATE),
        ("ressourceforloeb", "aktivitetsparat", False, 40, Segment.IKKE_JOBPARATE),
        ("ledighedsydelse", "", False, 55, Segment.IKKE_JOBPARATE),
    ],
)
def test_segment_rule_takes_the_first_group_that_holds(
    benefit, readiness, integration, age, expected
):
    assert (
        derive_segment(
            benefit=benefit, readiness=readiness, integration_programme=integration, age=age
        )
        == expected
    )
