"""The README's "Rules and their sources" names every rule of the rule table, with its source and
the day the source was checked: a new rule row without its README line fails here."""

import re
from pathlib import Path

import pytest

from core.models import Rule

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "## Rules and their sources"


def _rule_rows() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    start = text.index(HEADING)
    end = text.index("\n## ", start + len(HEADING))
    rows = []
    for line in text[start:end].splitlines():
        if line.startswith("| ") and not line.startswith(("| rule key", "|---")):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


@pytest.mark.django_db
def test_every_rule_in_the_rule_table_is_listed_in_the_readme():
    listed = {match.group(1) for row in _rule_rows() if (match := re.match(r"`(\w+)", row[0]))}
    keys = set(Rule.objects.values_list("key", flat=True))

    assert keys, "the migrations load the rule table"
    assert sorted(keys - listed) == [], "add these rules to the README's rule list"
    assert sorted(listed - keys) == [], "the README lists rules the rule table does not have"


def test_every_listed_rule_names_a_source_and_when_it_was_checked():
    rows = _rule_rows()

    assert len(rows) > 40
    for row in rows:
        assert len(row) == 5, row
        rule, value, _in_force, source, checked = row
        assert value and source, rule
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|not re-checked", checked), rule
