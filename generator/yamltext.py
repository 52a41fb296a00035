"""YAML parsing for records: fast C loader, guards against hostile documents.

Records are parsed with PyYAML's C loader when it is available. Line numbers are not
kept during the fast parse: validation asks :mod:`generator.yamlpos` for the position of
a field only when it has something to report, so clean builds never pay for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

from . import kinds
from .xmltext import unfit_message

Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's C loader when it is available."""

MAX_NODES = 1_000_000
"""Largest number of YAML nodes a document may expand to once aliases are followed."""
MAX_EXPANDED_CHARS = 4 * 2**20
"""Most characters of text a document may expand to once aliases are followed: the cap on
a file's size (load.MAX_FILE_BYTES), so aliases cannot make a record larger than a file."""

_ANCHOR = re.compile(r"(?:^|[\s\[\{,:-])&[^\s\[\]\{\},]+")

FieldPath = Sequence["str | int"]


class YamlProblem(Exception):
    """A YAML document that cannot be used; carries a 1-based line and column."""

    def __init__(
        self,
        message: str,
        line: int = 0,
        column: int = 0,
        hint: str = "",
        field: FieldPath = (),
        kind: str = kinds.YAML_SYNTAX,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        """Its problem kind (see :mod:`generator.kinds`)."""
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.field = tuple(field)
        """Where in the document, for a problem with one mapping (a key written twice)."""


def parse(text: str, line_offset: int = 0) -> Any:
    """Return the Python value of one YAML document, or raise YamlProblem."""
    try:
        if "&" in text and _ANCHOR.search(text):
            _check_expansion(text, line_offset)
        try:
            return _load_fast(text)
        except (yaml.YAMLError, RecursionError, ValueError):
            raise
        except _Duplicate:
            pass  # found again below, with its path and both lines
        except Exception:
            pass  # unusual documents (merge keys, unhashable keys): PyYAML's own path
        root = yaml.compose(text, Loader=Loader)
        if root is not None:
            _check_keys_once(root, line_offset)
        return yaml.load(text, Loader=Loader)
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


STR_TAG = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


class _Fallback(Exception):
    """The document needs PyYAML's full constructor."""


class _Duplicate(Exception):
    """A mapping holds a key twice (where, is worked out on the slow path)."""


def _load_fast(text: str) -> Any:
    """Return the value of ``text``, composed in C and constructed by a lean walk.

    PyYAML's constructor spends most of a record's load time in generic bookkeeping;
    plain strings, lists and mappings (nearly every node of a record) are built here
    directly, and every other tag goes to PyYAML's own constructor for that tag, so
    the result equals ``yaml.load``'s.
    """
    loader = Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        built: dict[int, Any] = {}  # aliases share nodes; keep the sharing
        constructors = loader.yaml_constructors

        def value(node: yaml.Node) -> Any:
            if node.__class__ is yaml.ScalarNode:
                if node.tag == STR_TAG:
                    return node.value
                if node.tag not in constructors:
                    raise _Fallback
                return constructors[node.tag](loader, node)
            key = id(node)
            if key in built:
                return built[key]
            if node.__class__ is yaml.SequenceNode and node.tag == _SEQ:
                items: list[Any] = []
                built[key] = items
                items.extend(value(child) for child in node.value)
                return items
            if node.__class__ is yaml.MappingNode and node.tag == _MAP:
                mapping: dict[Any, Any] = {}
                built[key] = mapping
                for k, v in node.value:
                    if k.tag == _MERGE:
                        raise _Fallback
                    mapping[value(k)] = value(v)  # TypeError on unhashable keys: fallback
                if len(mapping) != len(node.value):  # the one cost of the check on clean files
                    raise _Duplicate
                return mapping
            raise _Fallback

        return value(root)
    finally:
        loader.dispose()


def key_value(key: yaml.Node) -> Any:
    """Return what a mapping key node stands for, as the loader would build it."""
    if not isinstance(key, yaml.ScalarNode):
        return key  # a list or mapping as key: unhashable, PyYAML reports it
    if key.tag == STR_TAG:
        return key.value
    try:
        return yaml.constructor.SafeConstructor().construct_object(key)
    except yaml.YAMLError:
        return key.value


def _check_keys_once(root: yaml.Node, line_offset: int) -> None:
    """Raise YamlProblem at the first key (in document order) written twice in its mapping.

    Keys that a merge (``<<: *base``) brings in may be overridden once: only the keys
    written in the mapping itself count.
    """
    pending: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    seen: set[int] = set()  # aliases share nodes, and can make the graph cyclic
    while pending:
        node, path = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend(
                (child, path + (i,)) for i, child in reversed(list(enumerate(node.value)))
            )
        elif isinstance(node, yaml.MappingNode):
            _check_mapping(node, path, line_offset)
            pending.extend((v, path + (str(k.value),)) for k, v in reversed(node.value))


def _check_mapping(node: yaml.MappingNode, path: tuple[str | int, ...], line_offset: int) -> None:
    first: dict[Any, yaml.Node] = {}
    for key, _value in node.value:
        if key.tag == _MERGE:
            continue
        value = key_value(key)
        try:
            earlier = first.setdefault(value, key)
        except TypeError:
            continue
        if earlier is key:
            continue
        times = sum(1 for k, _v in node.value if k.tag != _MERGE and _same(key_value(k), value))
        count = "twice" if times == 2 else f"{times} times"
        raise YamlProblem(
            f"expected each key once, found {str(key.value)!r} {count} "
            f"(first at line {earlier.start_mark.line + 1 + line_offset})",
            key.start_mark.line + 1 + line_offset,
            key.start_mark.column + 1,
            "keep one of them: YAML would silently drop the first",
            path,
            kinds.DUPLICATE_KEY,
        )


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and hash(a) == hash(b)
    except TypeError:
        return False


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


def _check_expansion(text: str, line_offset: int) -> None:
    """Reject documents whose aliases expand into a huge value ("billion laughs").

    Both the number of values and the characters of their text are counted: one long
    string aliased a few hundred times is as large as a million small values.
    """
    root = yaml.compose(text, Loader=Loader)
    if root is None:
        return
    sizes: dict[int, tuple[int, int]] = {}

    def size(node: yaml.Node) -> tuple[int, int]:
        """Return (values, characters) of ``node`` once its aliases are expanded."""
        key = id(node)
        if key in sizes:
            return sizes[key]
        sizes[key] = (1, 0)  # guards against recursive aliases
        values, chars = 1, 0
        if isinstance(node, yaml.ScalarNode):
            chars = len(node.value)
        else:
            children = node.value if isinstance(node, yaml.SequenceNode) else _pairs(node)
            for child in children:
                v, c = size(child)
                values, chars = values + v, chars + c
        if values > MAX_NODES or chars > MAX_EXPANDED_CHARS:
            at = (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)
            if values > MAX_NODES:
                raise YamlProblem(
                    f"expected a document of at most {MAX_NODES:,} values, found aliases "
                    "that expand far beyond that (a 'billion laughs' document?)",
                    *at,
                    kind=kinds.TOO_LARGE,
                )
            raise YamlProblem(
                f"expected a document of at most {MAX_EXPANDED_CHARS // 2**20} MiB once its "
                "aliases are expanded (the size cap of a file), found aliases that expand "
                "to more",
                *at,
                kind=kinds.TOO_LARGE,
            )
        sizes[key] = (values, chars)
        return sizes[key]

    size(root)


def _pairs(node: yaml.Node) -> list[yaml.Node]:
    """Return the keys and values of a mapping node, in order."""
    return [n for pair in node.value for n in pair]
