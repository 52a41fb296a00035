"""A key written twice in one YAML mapping is an error naming both lines, not "last wins".

The command-line cases (a record, site.yaml) are fixtures in tests/fixtures/invalid/
(duplicate-keys, duplicate-keys-site); these tests cover the parser's two paths.
"""

from __future__ import annotations

import textwrap

import pytest

from generator.errors import YamlProblem
from generator.yamltext import parse


def problem(text: str, line_offset: int = 0) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        parse(textwrap.dedent(text), line_offset)
    return caught.value


def test_a_top_level_key_twice() -> None:
    found = problem(
        """\
        id: doi:10.1/x
        title: First
        year: 2020
        title: Second
        """
    )
    assert (found.line, found.column, found.field) == (4, 1, ())
    assert found.message == "expected each key once, found 'title' twice (first at line 2)"


def test_a_nested_key_twice_names_its_mapping_and_counts_the_front_matter() -> None:
    found = problem(
        """\
        id: doi:10.1/x
        citations:
          - title: A
          - {title: B, summary: one, role: method, summary: two}
        """,
        line_offset=1,
    )
    assert (found.line, found.column, found.field) == (5, 44, ("citations", 1))
    assert "found 'summary' twice (first at line 5)" in found.message


def test_a_key_three_times_is_counted() -> None:
    found = problem("a: 1\nb: 2\na: 3\na: 4\n")
    assert (found.line, found.message) == (
        3,
        "expected each key once, found 'a' 3 times (first at line 1)",
    )


def test_keys_equal_as_values_are_the_same_key() -> None:
    found = problem("1: a\n0x1: b\n")  # both are the integer 1
    assert found.line == 2 and "found '0x1' twice (first at line 1)" in found.message


def test_duplicates_are_found_on_the_slow_path_too() -> None:
    # A merge key sends the document through PyYAML's own constructor.
    found = problem(
        """\
        base: &base {role: method}
        citations:
          - <<: *base
            title: A
            title: B
        """
    )
    assert (found.line, found.column, found.field) == (5, 5, ("citations", 0))
    assert "found 'title' twice (first at line 4)" in found.message


def test_a_merged_key_may_be_overridden_once() -> None:
    data = parse("base: &base {role: method, year: 2020}\nc:\n  <<: *base\n  role: data\n")
    assert data["c"] == {"role": "data", "year": 2020}


def test_an_aliased_mapping_with_a_duplicate_is_reported_where_it_is_written() -> None:
    found = problem("x: &x {a: 1, a: 2}\ny: *x\n")
    assert (found.line, found.field) == (1, ("x",))


def test_distinct_keys_still_parse() -> None:
    assert parse('a: 1\n"1": 2\n1: 3\nb: {a: 1}\n') == {"a": 1, "1": 2, 1: 3, "b": {"a": 1}}
