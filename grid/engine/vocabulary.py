"""The vocabularies the arrays are indexed by, taken from the models (never copied), and the score
tables keyed by their values.

KINDS are core.choices.OpeningKind's values, SEGMENTS citizens.segments.Segment's (plus "" for a
citizen without a segment), ACCOMMODATIONS core.choices.Accommodation's (skånebehov, one bit
each), LANGUAGE_CODES core.choices.LANGUAGES (one bit each). The benefits and language levels,
which only the loader reads, are taken from citizens.models in grid.loading (this package
imports no model, so it runs without Django's app registry: the benchmark and the property tests
use it alone). A value outside its vocabulary is an error (UnknownCode), never mapped to a
default: a skånebehov the engine did not know would otherwise switch its hard limit off without
a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from django.utils.translation import gettext

from citizens.segments import Segment
from core.choices import LANGUAGES, Accommodation, OpeningKind

KINDS: tuple[str, ...] = tuple(OpeningKind.values)
SEGMENTS: tuple[str, ...] = (*Segment.values, "")
ACCOMMODATIONS: tuple[str, ...] = tuple(Accommodation.values)
LANGUAGE_CODES: tuple[str, ...] = tuple(sorted(LANGUAGES))  # bit i = LANGUAGE_CODES[i]
# The smallest unsigned integer that holds one bit per skånebehov (uint8 for eight).
ACCOMMODATION_DTYPE = np.min_scalar_type((1 << len(ACCOMMODATIONS)) - 1)
ACCOMMODATION_ALL = (1 << len(ACCOMMODATIONS)) - 1
LANGUAGE_DTYPE = np.uint64
if len(LANGUAGE_CODES) > 64:  # pragma: no cover - a configuration error, caught at import
    raise ImportError("The GRID holds at most 64 languages (one bit each in a uint64).")

LOW_HOURS = 15  # a citizen who can work at most this many hours prefers few-hours kinds
LOW_HOURS_KINDS = (OpeningKind.SMAAJOB, OpeningKind.FLEKSJOB, OpeningKind.LOENNEDE_TIMER)
NO_HOURS_LIMIT = 999

_K = OpeningKind
# How well a kind suits a segment (0-100): company-based placements first for ikke-jobparate,
# ordinary jobs first for jobparate. Every segment (and "") names every kind (checked below).
KIND_FIT: dict[str, dict[str, int]] = {
    Segment.JOBPARATE: {
        _K.ORDINAERT_JOB: 100,
        _K.VIRKSOMHEDSPRAKTIK: 60,
        _K.LOENTILSKUD: 70,
        _K.SMAAJOB: 40,
        _K.FLEKSJOB: 50,
        _K.NYTTEJOB: 40,
        _K.LOENNEDE_TIMER: 50,
    },
    Segment.IKKE_JOBPARATE: {
        _K.ORDINAERT_JOB: 40,
        _K.VIRKSOMHEDSPRAKTIK: 100,
        _K.LOENTILSKUD: 80,
        _K.SMAAJOB: 70,
        _K.FLEKSJOB: 100,
        _K.NYTTEJOB: 60,
        _K.LOENNEDE_TIMER: 90,
    },
    Segment.SYGEDAGPENGE_JOBAFKLARING: {
        _K.ORDINAERT_JOB: 80,
        _K.VIRKSOMHEDSPRAKTIK: 100,
        _K.LOENTILSKUD: 70,
        _K.SMAAJOB: 60,
        _K.FLEKSJOB: 90,
        _K.NYTTEJOB: 40,
        _K.LOENNEDE_TIMER: 70,
    },
    Segment.UNGE: {
        _K.ORDINAERT_JOB: 80,
        _K.VIRKSOMHEDSPRAKTIK: 90,
        _K.LOENTILSKUD: 70,
        _K.SMAAJOB: 60,
        _K.FLEKSJOB: 50,
        _K.NYTTEJOB: 50,
        _K.LOENNEDE_TIMER: 70,
    },
    Segment.INTEGRATION: {
        _K.ORDINAERT_JOB: 70,
        _K.VIRKSOMHEDSPRAKTIK: 100,
        _K.LOENTILSKUD: 90,
        _K.SMAAJOB: 60,
        _K.FLEKSJOB: 50,
        _K.NYTTEJOB: 60,
        _K.LOENNEDE_TIMER: 80,
    },
    "": dict.fromkeys(KINDS, 50),
}


class UnknownCode(ValueError):
    """A value outside its vocabulary (a skånebehov, kind, segment, benefit, language or
    language level the models do not define) met while loading the GRID's arrays."""

    def __init__(self, vocabulary: str, code: object, record: str, pk: object) -> None:
        self.vocabulary, self.code, self.record, self.pk = str(vocabulary), code, str(record), pk
        super().__init__(
            gettext(
                "The GRID does not know the %(vocabulary)s code “%(code)s” (%(record)s %(pk)s). "
                "Correct the record, or add the code to the model's choices."
            )
            % {"vocabulary": vocabulary, "code": code, "record": record, "pk": pk}
        )


def _complete(table: Mapping[str, Mapping[str, int]]) -> None:
    if set(table) != set(SEGMENTS) or any(set(row) != set(KINDS) for row in table.values()):
        raise ImportError("grid.engine.vocabulary.KIND_FIT must name every segment and kind.")


_complete(KIND_FIT)


def kind_fit_matrix() -> np.ndarray:
    """KIND_FIT as an int16 (len(SEGMENTS), len(KINDS)) array in the arrays' order."""
    return np.array([[KIND_FIT[s][k] for k in KINDS] for s in SEGMENTS], dtype=np.int16)


class Vocabulary:
    """One vocabulary's codes → positions; `index` and `mask` refuse an unknown code, naming it
    and the record (`record` and `pk`, e.g. "citizen", 17) it was found on."""

    def __init__(self, name: str, codes: Iterable[str]) -> None:
        self.name = name
        self.codes = tuple(codes)
        self.position = {code: i for i, code in enumerate(self.codes)}

    def index(self, code: object, *, record: str, pk: object) -> int:
        try:
            return self.position[code]
        except (KeyError, TypeError):
            raise UnknownCode(self.name, code, record, pk) from None

    def mask(self, codes: Iterable[object] | None, *, record: str, pk: object) -> int:
        """The bit mask of a list of codes (bit i = codes[i]); None or [] is 0."""
        mask = 0
        for code in codes or ():
            mask |= 1 << self.index(code, record=record, pk=pk)
        return mask
