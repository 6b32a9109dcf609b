"""The CSV exports' formula guard (core.exports.csv_cell): a cell a spreadsheet could run as a
formula is prefixed with an apostrophe, including the Unicode lookalikes of = + - @ (checked after
NFKC normalisation); ordinary text is left as it is."""

import pytest

from core.exports import csv_cell


@pytest.mark.parametrize(
    "value",
    [
        "=HYPERLINK(1)",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "＝HYPERLINK(1)",  # fullwidth equals sign
        "﹦1+1",  # small equals sign
        "＋1",  # fullwidth plus
        "＠SUM(A1)",  # fullwidth commercial at
        "－1",  # fullwidth hyphen-minus
        "\u22121",  # minus sign
        "\u3000=1",  # ideographic space before an equals sign
        " =1",
    ],
)
def test_a_cell_that_could_start_a_formula_is_quoted(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Karen Christensen", "2750 Ballerup", "Ｂallerup", "", "1=1"])
def test_ordinary_text_is_left_alone(value):
    assert csv_cell(value) == value


def test_none_is_an_empty_cell():
    assert csv_cell(None) == ""
