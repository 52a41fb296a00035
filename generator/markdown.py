"""The one Markdown renderer for record text: raw HTML off, only safe link schemes."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from .urls import is_safe_url

# Characters that can start inline Markdown syntax; text without them renders as itself.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!<&~\n]")
HEADING_SHIFT = 2
"""Record headings render two levels down (# → h3): the page owns h1 and h2."""


def _validate_link(url: str) -> bool:
    return is_safe_url(url) or (url.startswith("#") and len(url) > 1)


def _shift_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


@lru_cache(maxsize=1)
def renderer() -> MarkdownIt:
    """Return the configured MarkdownIt instance (created once per process)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")  # no requests to other hosts: an image renders as its link
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.core.ruler.push("hubgen_shift_headings", _shift_headings)
    return md


def escape(text: str) -> str:
    """Escape text for HTML exactly as markdown-it escapes plain text."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def render_block(text: str) -> str:
    """Return block Markdown as HTML."""
    if not text.strip():
        return ""
    html: str = renderer().render(text)
    return html


@lru_cache(maxsize=4096)  # render_inline and plain_text of one summary share one parse
def _inline_tokens(text: str) -> list[Any]:
    tokens: list[Any] = renderer().parseInline(text)
    return tokens


def render_inline(text: str) -> str:
    """Return one line of inline Markdown as HTML (no paragraph wrapper)."""
    if not _INLINE_SYNTAX.search(text):
        return escape(text)
    md = renderer()
    html: str = md.renderer.render(_inline_tokens(text), md.options, {})
    return html


# Text with none of these renders as itself: plain_text needs no parser for it.
_PLAIN_SYNTAX = re.compile(r"[\\`*_\[\]!<&~\n\r\0]")


@lru_cache(maxsize=65536)  # one summary is reduced for the page, exports, feeds and search
def plain_text(text: str) -> str:
    """Return Markdown reduced to its words, for search indexes and meta descriptions."""
    if not _PLAIN_SYNTAX.search(text):
        return re.sub(r"\s+", " ", text).strip()
    tokens: list[Any] = _inline_tokens(text) if "\n" not in text else renderer().parse(text)
    words: list[str] = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        words.append(" ")
    return re.sub(r"\s+", " ", "".join(words)).strip()
