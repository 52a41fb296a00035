"""Random YAML documents and random field values never crash the loader or the validator.

Whatever a record file holds, loading and validating it ends in a RawRecord plus
Problems, or in one Problem: never in any other exception.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import SiteConfig, load_config
from generator.errors import Problem
from generator.load import RawRecord, load_record
from generator.model import build_hub, effective_slug
from generator.schema import CITATION_FIELDS, HUB_FIELDS
from generator.validate import validate_record, validate_unique

FIELD_NAMES = sorted({f.name for f in HUB_FIELDS} | {f.name for f in CITATION_FIELDS})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["background", "neutral", "javascript:alert(1)", "../x", "", "doi:10.1/x"]),
    st.dates(),
    st.datetimes(timezones=st.just(datetime.timezone.utc)),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10), st.integers(), st.none())
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=25,
)
records = st.dictionaries(keys, values, max_size=8)
# Characters that break YAML syntax in interesting ways when spliced into a document.
noise = st.text(alphabet=":-[]{}&*!|>'\"#%@`\t\n ?,\\\r\x00\x85\ufeff", min_size=1, max_size=6)


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("property") / "content"
    (root / "hubs").mkdir(parents=True)
    return root


def check_file(content_dir: Path, name: str, data: bytes) -> None:
    """Load and validate one file; only Problems may come out."""
    path = content_dir / "hubs" / name
    path.write_bytes(data)
    loaded = load_record(path, content_dir)
    if isinstance(loaded, Problem):
        assert loaded.format()
        return
    assert isinstance(loaded, RawRecord)
    problems = validate_record(loaded, SiteConfig())
    problems += validate_unique([loaded, loaded], {loaded.src_path: effective_slug(loaded.data)})
    for problem in problems:
        assert isinstance(problem, Problem) and problem.format()
        assert problem.line >= 1, problem.format()
    if not any(p.level == "error" for p in problems):
        build_hub(loaded)  # an error-free record must model without surprises


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow  # hundreds of generated documents
@SETTINGS
@given(records)
def test_random_documents(content_dir: Path, data: dict[Any, Any]) -> None:
    check_file(content_dir, "random.yaml", dump(data).encode())


@pytest.mark.slow  # hundreds of generated documents
@SETTINGS
@given(values)
def test_random_top_level_values(content_dir: Path, data: Any) -> None:
    check_file(content_dir, "value.yaml", dump(data).encode())


@pytest.mark.slow  # hundreds of generated documents
@SETTINGS
@given(records, st.integers(min_value=0), noise)
def test_random_syntax_damage(content_dir: Path, data: dict[Any, Any], at: int, junk: str) -> None:
    text = dump(data)
    at %= len(text) + 1
    damaged = text[:at] + junk + text[at:]
    check_file(content_dir, "damaged.yaml", damaged.encode())
    check_file(content_dir, "damaged.md", ("---\n" + damaged + "---\nBody\n").encode())


@pytest.mark.slow  # hundreds of generated documents
@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes(content_dir: Path, data: bytes) -> None:
    check_file(content_dir, "bytes.yaml", data)
    check_file(content_dir, "bytes.md", b"---\n" + data + b"\n---\n")


@pytest.mark.slow  # hundreds of generated documents
@SETTINGS
@given(
    st.sampled_from([f.name for f in HUB_FIELDS]),
    values,
    st.sampled_from([f.name for f in CITATION_FIELDS]),
    values,
)
def test_random_field_values(
    content_dir: Path, hub_field: str, hub_value: Any, citation_field: str, citation_value: Any
) -> None:
    citation: dict[str, Any] = {"title": "A citing paper", "summary": "s"}
    citation[citation_field] = citation_value
    record: dict[str, Any] = {"id": "doi:10.1000/x", "title": "A hub", "citations": [citation]}
    record[hub_field] = hub_value
    check_file(content_dir, "fields.yaml", dump(record).encode())


@pytest.mark.slow  # hundreds of generated documents
@SETTINGS
@given(st.sampled_from(["a", "[a]", "{a: a}"]), st.integers(min_value=1, max_value=12))
def test_aliases_and_nesting(content_dir: Path, leaf: str, depth: int) -> None:
    lines = ["id: doi:10.1000/x", "title: t", f"l0: &l0 {leaf}"]
    lines += [f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]" for i in range(1, depth)]
    lines.append("citations: " + "[" * depth * 20 + "]" * depth * 20)
    check_file(content_dir, "alias.yaml", ("\n".join(lines) + "\n").encode())


HOSTILE = {
    "recursive-alias": "id: doi:x\ntitle: t\ncitations: &c [{title: x, context: *c, role: *c}]\n",
    "recursive-mapping": "id: doi:x\ntitle: &t [*t]\nslug: &s {a: *s}\n",
    "deep-lists": "id: doi:x\ntitle: t\ncitations: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep-mappings": "id: doi:x\ntitle: t\nx: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "merge-key": "b: &b {title: x}\nid: doi:x\ntitle: t\ncitations: [{<<: *b, summary: s}]\n",
    "bad-merge-key": "id: doi:x\ntitle: t\ncitations: [{<<: 3}]\n",
    "binary-title": "id: doi:x\ntitle: !!binary aGVsbG8=\n",
    "set-title": "id: doi:x\ntitle: !!set {a, b}\n",
    "omap-citations": "id: doi:x\ntitle: t\ncitations: !!omap [a: 1]\n",
    "python-tag": "id: doi:x\ntitle: !!python/object:os.system {}\n",
    "huge-integer": "id: doi:x\ntitle: t\nyear: " + "9" * 5000 + "\n",
    "nul-in-string": 'id: doi:x\ntitle: "a\\0b"\n',
    "nan-year": "id: doi:x\ntitle: t\nyear: .nan\n",
    "keys-of-every-type": "1: a\n1.5: b\ntrue: c\n~: d\n2020-01-01: e\nid: doi:x\ntitle: t\n",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_documents(content_dir: Path, text: str) -> None:
    check_file(content_dir, "hostile.yaml", text.encode())
    check_file(content_dir, "hostile.md", f"---\n{text}---\n".encode())


SETTING_NAMES = [
    "title",
    "description",
    "base_url",
    "language",
    "roles",
    "polarities",
    "labels",
    "intent_roles",
]
settings_docs = st.dictionaries(
    st.one_of(st.sampled_from([*SETTING_NAMES, "cocited_limit"]), keys), values, max_size=6
)


@pytest.mark.slow  # hundreds of generated documents
@SETTINGS
@given(settings_docs, st.dictionaries(st.sampled_from(["contested", "min_citations", "x"]), values))
def test_random_site_settings(content_dir: Path, data: dict[Any, Any], labels: Any) -> None:
    data.setdefault("labels", labels)
    (content_dir / "site.yaml").write_text(dump(data), "utf-8")
    config, problems = load_config(content_dir)
    assert all(isinstance(p, Problem) and p.format() for p in problems)
    record = {"id": "doi:10.1000/x", "title": "t", "citations": [{"title": "c", "role": "x"}]}
    path = content_dir / "hubs" / "settings.yaml"
    path.write_text(dump(record), "utf-8")
    loaded = load_record(path, content_dir)
    assert isinstance(loaded, RawRecord)
    validate_record(loaded, config)
