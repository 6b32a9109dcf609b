"""Generators for valid Danish identifiers (CPR, CVR, P-nummer) for demo data and test factories.

Each takes a `random.Random`, so a seeded generator gives the same numbers every time.
"""

import random
from datetime import date

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cpr_century_digits(birth_year: int) -> str:
    """The digits allowed in position 7 of a CPR number for this birth year (stdnum.dk.cpr)."""
    yy = birth_year % 100
    if 1900 <= birth_year <= 1999:
        return "0123" + ("49" if yy >= 37 else "")
    if 2000 <= birth_year <= 2036:
        return "49" + ("5678" if yy <= 57 else "")
    if 2037 <= birth_year <= 2057:
        return "5678"
    if 1858 <= birth_year <= 1899:
        return "5678"
    raise ValueError(f"No CPR century digit exists for {birth_year}.")


def make_cpr(rng: random.Random, birth_date: date, gender: str) -> str:
    """A CPR number (10 digits, no dash) for this birth date; the last digit is odd for 'M'."""
    digit7 = rng.choice(cpr_century_digits(birth_date.year))
    middle = rng.randrange(100)
    last = rng.choice("13579" if gender == "M" else "02468")
    return f"{birth_date:%d%m%y}{digit7}{middle:02d}{last}"


def cvr_is_valid(number: str) -> bool:
    if len(number) != 8 or not number.isdigit() or number[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(number, CVR_WEIGHTS, strict=True)) % 11 == 0


def make_cvr(rng: random.Random) -> str:
    """A CVR number that passes the modulus-11 check (the last digit is the check digit)."""
    while True:
        head = f"{rng.randint(1, 9)}{rng.randrange(10**6):06d}"
        remainder = sum(int(d) * w for d, w in zip(head, CVR_WEIGHTS[:7], strict=True)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return f"{head}{check}"


def make_p_number(rng: random.Random) -> str:
    """A P-nummer: 10 digits; real ones start with 1."""
    return f"10{rng.randrange(10**8):08d}"
