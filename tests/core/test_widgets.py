"""core.widgets.LongSelect renders the markup Django's own Select renders (through its
templates), so the pages, their tests and assistive technology see no difference."""

import pytest
from django import forms

from core.widgets import LongSelect

CHOICES = [
    ("", "---------"),
    (1, "Anne <Holm> & co"),
    (2, 'Bo "B" Berg'),
    ("Gruppe", [(3, "Cecilie"), (4, "Dorte")]),
]


def _normalised(html: str) -> str:
    return "".join(line.strip() for line in str(html).splitlines())


@pytest.mark.parametrize("value", [None, 2, 4])
@pytest.mark.parametrize(
    "attrs",
    [{}, {"id": "id_x", "required": True, "aria-describedby": "id_x_helptext"}],
    ids=["plain", "with-attributes"],
)
def test_a_long_select_renders_what_djangos_select_renders(value, attrs):
    ours = LongSelect(choices=CHOICES).render("to_caseworker", value, attrs=dict(attrs))
    django = forms.Select(choices=CHOICES).render("to_caseworker", value, attrs=dict(attrs))

    assert _normalised(ours) == _normalised(django)
    assert "Anne &lt;Holm&gt; &amp; co" in ours
