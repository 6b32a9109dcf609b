"""The README's "Strategy (managers)" section tells a manager, per focus area, which indicators
are computed and which are manual: every indicator the migrations create is listed there, on a
line that says which it is."""

from pathlib import Path

import pytest

from strategy.models import Indicator

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "## Strategy (managers)"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(HEADING)
    return text[start : text.index("\n## ", start + len(HEADING))]


def _bullets(section: str) -> list[str]:
    """The section's bullet items, each with its continuation lines."""
    items: list[str] = []
    for line in section.splitlines():
        if line.lstrip().startswith("- "):
            items.append(line.strip())
        elif items and line.startswith("     "):
            items[-1] += " " + line.strip()
    return items


@pytest.mark.django_db
def test_every_indicator_is_listed_as_computed_or_manual_in_the_readme():
    bullets = _bullets(_section())
    missing, misfiled = [], []
    for key, source in Indicator.objects.values_list("key", "source"):
        holding = [item for item in bullets if f"`{key}`" in item]
        if not holding:
            missing.append(key)
        elif not all(item.startswith(f"- {source}") for item in holding):
            misfiled.append(key)

    assert missing == []
    assert misfiled == []
