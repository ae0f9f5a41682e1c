"""Grades and terms: the look-up fast paths answer as the rules they shortcut."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from careerpaths.core import grades
from careerpaths.core.terms import LAST_GRADE, Season, Term, term_grid

_VOCABULARY = [*grades.GRADE_POINTS, *grades.PASS_GRADES, *grades.NON_PASSING]


def _passing_by_rule(grade: str | None) -> bool:
    """The rule, written out: D- or better, or a pass grade, after trimming and upper-casing."""
    g = grades.normalize(grade)
    if g is None:
        return False
    return g in grades.PASS_GRADES or grades.GRADE_POINTS.get(g, 0.0) > 0.0


@given(
    st.one_of(
        st.none(),
        st.text(max_size=4),
        st.builds(
            lambda g, lower, pad: (
                (f" {g} " if pad else g).lower() if lower else (f" {g}" if pad else g)
            ),
            st.sampled_from(_VOCABULARY),
            st.booleans(),
            st.booleans(),
        ),
    )
)
def test_is_passing_answers_as_the_rule_for_any_text(grade: str | None) -> None:
    assert grades.is_passing(grade) is _passing_by_rule(grade)


def test_every_grade_of_the_vocabulary_is_passing_or_not_as_the_rule_says() -> None:
    for g in _VOCABULARY:
        assert grades.is_passing(g) is _passing_by_rule(g), g
    assert grades.is_passing("D-") and grades.is_passing("P") and grades.is_passing(" cr ")
    assert not grades.is_passing("F") and not grades.is_passing("W") and not grades.is_passing("")


def test_a_terms_id_and_season_are_its_grade_and_season() -> None:
    for term in term_grid(summers=True):
        season = term.season
        assert isinstance(season, Season)
        assert term.id == f"G{term.grade}-{season.value}"
        assert Term.parse(term.id) == term
        assert Term.of(term.grade, season) == term
    assert Term.of(LAST_GRADE, Season.SUMMER).id == f"G{LAST_GRADE}-SU"
