"""Recognise what a saved API response is, so a wrong file gets a message that names it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .common import ImportInputError, as_dict, describe, text

OPENALEX_PREFIX = "https://openalex.org/"

S2_PAPER = "a Semantic Scholar paper object"
S2_PAGE = "a Semantic Scholar citations page"
S2_ELEMENT = "a Semantic Scholar citations element"
OPENALEX_WORK = "an OpenAlex Work"
OPENALEX_PAGE = "an OpenAlex works page"

COMMANDS = {
    S2_PAPER: "hubgen import s2",
    S2_PAGE: "hubgen import s2",
    S2_ELEMENT: "hubgen import s2",
    OPENALEX_WORK: "hubgen import openalex",
    OPENALEX_PAGE: "hubgen import openalex",
}
"""The command that reads each kind of response."""

_CONTENT_KEYS = ("paperId", "title", "data", "citingPaper", "citedPaper", "results", "id")


def error_message(data: Any) -> str | None:
    """Return the message of a saved error body, else None.

    Semantic Scholar answers a rate limit with ``{"message": …, "code": "429"}`` and an
    unknown id with ``{"error": …}``; OpenAlex sends ``{"error": …, "message": …}``.
    """
    if not isinstance(data, dict) or any(key in data for key in _CONTENT_KEYS):
        return None
    message = text(data.get("message")) or text(data.get("error"))
    if not message:
        return None
    code = data.get("code")
    code_text = text(str(code)) if isinstance(code, (str, int)) else ""
    return f"{message} (code {code_text})" if code_text else message


def is_openalex_work(data: dict[str, Any]) -> bool:
    """Return True when ``data`` looks like an OpenAlex Work (an ``https://openalex.org/W`` id)."""
    for candidate in (data.get("id"), as_dict(data.get("ids")).get("openalex")):
        if isinstance(candidate, str) and candidate.startswith(OPENALEX_PREFIX + "W"):
            return True
    return "authorships" in data or "display_name" in data


def kind(data: Any) -> str:
    """Return which known response ``data`` is (one of the constants above), else ''."""
    if isinstance(data, list):
        first = next((item for item in data if isinstance(item, dict)), None)
        return kind(first) if first is not None else ""
    if not isinstance(data, dict):
        return ""
    if isinstance(data.get("results"), list) and "meta" in data:
        return OPENALEX_PAGE
    if isinstance(data.get("data"), list):
        return S2_PAGE
    if "citingPaper" in data or "citedPaper" in data:
        return S2_ELEMENT
    if is_openalex_work(data):
        return OPENALEX_WORK
    if "paperId" in data or "externalIds" in data:
        return S2_PAPER
    return ""


def found(data: Any) -> str:
    """Return what ``data`` is, for a message: its known kind, else its JSON type."""
    known = kind(data)
    if known and isinstance(data, list):
        return f"a list of items like {known}"
    return known or describe(data)


def refuse_errors(path: Path, data: Any) -> None:
    """Raise ImportInputError when ``data`` is an error body the API sent instead of data."""
    message = error_message(data)
    if message is not None:
        raise ImportInputError(
            path,
            f"this is an error response from the API: {message}; nothing to import "
            "(save the response again, or let 'hubgen fetch' retry for you)",
        )


def refuse_other_service(path: Path, data: Any, expected: str, command: str) -> None:
    """Raise ImportInputError when ``data`` is an error body or a response another command reads."""
    refuse_errors(path, data)
    other = COMMANDS.get(kind(data), command)
    if other != command:
        raise ImportInputError(path, f"expected {expected}, found {found(data)}: use '{other}'")
