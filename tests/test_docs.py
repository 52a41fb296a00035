"""The reference docs are generated from the code and must be current."""

from __future__ import annotations

from generator import docgen, schema
from generator.config import setting_docs


def test_generated_docs_are_current() -> None:
    assert docgen.main(["--check"]) == 0, "run: python -m generator.docgen"


def test_every_field_and_setting_is_documented() -> None:
    text = docgen.record_format()
    for f in schema.HUB_FIELDS + schema.CITATION_FIELDS + schema.CLAIM_FIELDS:
        assert f"| `{f.name}` |" in text
    for key, _default, _help in setting_docs():
        assert f"| `{key}` |" in text


def test_readme_opens_with_the_two_commands() -> None:
    readme = (docgen.DOCS_DIR.parent / "README.md").read_text("utf-8")
    blocks = readme.split("```sh\n")[1:3]
    assert "hubgen build" in blocks[0]
    assert "pytest" in blocks[1]
