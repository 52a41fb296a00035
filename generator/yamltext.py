"""YAML parsing for records: the fast C loader, and one YamlProblem for every failure.

Records are parsed with PyYAML's C loader when it is available. Line numbers are not
kept during the fast parse: validation asks :mod:`generator.yamlpos` for the position of
a field only when it has something to report, so clean builds never pay for them. The
guards against hostile documents are in :mod:`generator.yamlguards`.
"""

from __future__ import annotations

from typing import Any

import yaml

from . import kinds
from .errors import YamlProblem
from .xmltext import unfit_message
from .yamlguards import check_expansion, check_keys_once
from .yamlnodes import DuplicateKey, Loader, load_fast


def parse(text: str, line_offset: int = 0) -> Any:
    """Return the Python value of one YAML document, or raise YamlProblem."""
    try:
        check_expansion(text, line_offset)
        try:
            return load_fast(text)
        except (yaml.YAMLError, RecursionError, ValueError):
            raise
        except DuplicateKey:
            pass  # found again below, with its path and both lines
        except Exception:
            pass  # unusual documents (merge keys, unhashable keys): PyYAML's own path
        loader = Loader(text)  # composed once: checked, then built (what yaml.load does)
        try:
            root = loader.get_single_node()
            if root is None:
                return None
            check_keys_once(root, line_offset)
            return loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _marked_problem(exc, line_offset) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, written as it is
        # Its first occurrence is the one refused (the C reader counts bytes, not characters).
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        at = max(text.find(char), 0)
        start = text.rfind("\n", 0, at) + 1
        line = text.count("\n", 0, start) + 1 + line_offset
        message, hint = unfit_message(char)
        raise YamlProblem(message, line, at - start + 1, hint, kind=kinds.XML_CHARACTER) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"expected valid YAML, found: {exc}", 1 + line_offset, 1) from None
    except RecursionError:
        raise YamlProblem(
            "expected a YAML document, found one nested too deeply",
            1 + line_offset,
            1,
            kind=kinds.TOO_LARGE,
        ) from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits.
        line, col = _long_number(text)
        raise YamlProblem(
            "expected a number of at most 4,300 digits, found a longer one",
            line + line_offset,
            col,
            "quote it if it is meant as text",
            kind=kinds.TOO_LARGE,
        ) from None


def _long_number(text: str) -> tuple[int, int]:
    """Return the position of the first integer too long for Python to convert."""
    pending = [yaml.compose(text, Loader=Loader)]
    seen: set[int] = set()  # aliases can make the node graph cyclic
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":int") and len(node.value) > 4300:
                return node.start_mark.line + 1, node.start_mark.column + 1
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            pending.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return 1, 1


# Hints for the syntax errors people make most, keyed by words of PyYAML's message.
_HINTS = (
    ("tab character", "indent with spaces, not tabs"),
    ("cannot start any token", "indent with spaces, not tabs; quote values starting with @ or `"),
    ("quoted scalar", "close the quote, or quote the whole value with the other kind of quote"),
    ("mapping values are not allowed", "quote a value that contains ': '"),
    ("could not determine a constructor", "remove the '!tag'; records use plain YAML values"),
    (
        "undefined alias",
        "define the '&anchor' before its '*alias', or quote a value starting with '*'",
    ),
)


def _marked_problem(exc: yaml.MarkedYAMLError, line_offset: int) -> YamlProblem:
    """Turn PyYAML's error into a message at the problem's own line, naming where it began."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
    problem = exc.problem or "invalid YAML"
    if exc.context == "expected a single document in the stream":
        return YamlProblem(
            "expected one YAML document, found a second one (a '---' line)",
            line,
            col,
            "a record file holds one document; remove the extra '---'",
        )
    message = f"expected valid YAML, found a syntax error: {problem}"
    if exc.context:
        message += f" ({exc.context}"
        start = exc.context_mark
        if start and (start.line + 1 + line_offset, start.column + 1) != (line, col):
            message += f" that starts at line {start.line + 1 + line_offset}:{start.column + 1}"
        message += ")"
    hint = next((h for words, h in _HINTS if words in problem or words in (exc.context or "")), "")
    return YamlProblem(message, line, col, hint)
