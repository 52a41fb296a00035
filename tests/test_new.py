"""``hubgen new`` starts a valid, commented record and never overwrites one."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from generator.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_new_writes_a_record_that_checks_clean(tmp_path: Path) -> None:
    content = tmp_path / "content"
    code, output = run(
        "new",
        'Tuned Lens: "Eliciting" Latent Predictions',
        "--id",
        "arxiv:2303.08112",
        "--content",
        str(content),
    )
    assert code == 0, output
    path = content / "hubs" / "tuned-lens-eliciting-latent-predictions.yaml"
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../hub.schema.json"
    data = yaml.safe_load(text)
    assert data["title"] == 'Tuned Lens: "Eliciting" Latent Predictions'
    assert data["id"] == "arxiv:2303.08112"
    assert data["slug"] == path.stem
    assert sum(line.startswith("#") for line in text.splitlines()) > 10, "template is commented"
    schema = yaml.safe_load((content / "hub.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    code, output = run("check", "--content", str(content))
    assert code == 0, output
    # The one warning is the abstract's placeholder (tests/test_placeholders.py).
    assert output.endswith("Checked 1 hub: 1 warning in 1 file.\n"), output
    assert "'Paste the abstract here.'" in output


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "hubs").mkdir(parents=True)
    existing = content / "hubs" / "my-paper.md"
    existing.write_text("---\nid: x:1\ntitle: My Paper\n---\n", "utf-8")
    code, output = run("new", "My Paper", "--content", str(content))
    assert code == 1
    assert "already exists" in output
    assert existing.read_text("utf-8") == "---\nid: x:1\ntitle: My Paper\n---\n"
    assert not (content / "hubs" / "my-paper.yaml").exists()


def test_new_defaults_and_bad_options(tmp_path: Path) -> None:
    content = tmp_path / "content"
    code, output = run("new", "Some Paper", "--content", str(content))
    assert code == 0, output
    assert (
        yaml.safe_load((content / "hubs/some-paper.yaml").read_text("utf-8"))["id"]
        == "local:some-paper"
    )
    code, output = run("new", "Other", "--id", "not an id", "--content", str(content))
    assert code == 2 and "--id" in output
    code, output = run("new", "Other", "--slug", "../up", "--content", str(content))
    assert code == 2 and "--slug" in output


def test_new_lists_the_sites_vocabulary(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(
        "roles: [uses, refutes]\npolarities: [supporting, neutral, contrasting, unclear]\n", "utf-8"
    )
    code, output = run("new", "Vocab", "--content", str(content))
    assert code == 0, output
    text = (content / "hubs/vocab.yaml").read_text("utf-8")
    assert "uses, refutes" in text and "supporting, neutral, contrasting, unclear" in text
