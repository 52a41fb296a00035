"""A base_url with a line break (or any space or control character) is refused, in
site.yaml (fixture base-url-newline in tests/fixtures/invalid/) and in --base-url, and
robots.txt and the sitemap cannot be given extra lines even when one gets through."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, hub

from generator import sitefiles
from generator.cli import cli
from generator.config import SiteConfig
from generator.derive import derive
from generator.urls import is_absolute_http_url

INJECTED = "https://example.org/\nDisallow: /"


@pytest.mark.parametrize(
    "url", [INJECTED, "https://example.org/\r\nX: y", "https://exa mple.org/", "https://e.org/\x1b"]
)
def test_urls_with_spaces_or_controls_are_not_absolute_urls(url: str) -> None:
    assert not is_absolute_http_url(url)


def test_base_url_option_with_a_newline_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "example", tmp_path / "p")
    monkeypatch.chdir(tmp_path / "p")
    result = CliRunner().invoke(cli, ["build", "--no-search", "--base-url", INJECTED])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "p" / "site").exists()


def test_robots_and_sitemap_keep_to_their_lines() -> None:
    corpus = derive([hub("doi:10.1/x", "X", [])], SiteConfig(base_url=INJECTED))
    robots = sitefiles.robots(corpus).decode("utf-8")
    assert robots.splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Sitemap: https://example.org/%0ADisallow:%20/sitemap.xml",
    ]
    sitemap = sitefiles.sitemap(corpus).decode("utf-8")
    assert "\nDisallow" not in sitemap and "%0ADisallow" in sitemap
