"""Guards against hostile YAML documents: aliases that expand into a huge value ("billion
laughs") and keys written twice in one mapping (YAML would silently keep the last).

Each guard raises :class:`~generator.errors.YamlProblem` at the node that breaks it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from . import kinds
from .errors import YamlProblem
from .yamlnodes import MERGE_TAG, Loader, key_value

MAX_NODES = 1_000_000
"""Largest number of YAML nodes a document may expand to once aliases are followed."""
MAX_EXPANDED_CHARS = 4 * 2**20
"""Most characters of text a document may expand to once aliases are followed: the cap on
a file's size (textfiles.MAX_FILE_BYTES), so aliases cannot make a record larger than a
file."""

_ANCHOR = re.compile(r"(?:^|[\s\[\{,:-])&[^\s\[\]\{\},]+")


def check_expansion(text: str, line_offset: int) -> None:
    """Reject documents whose aliases expand into a huge value ("billion laughs").

    Both the number of values and the characters of their text are counted: one long
    string aliased a few hundred times is as large as a million small values. A document
    without anchors has no aliases to expand, and is not composed here.
    """
    if "&" not in text or not _ANCHOR.search(text):
        return
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


def check_keys_once(root: yaml.Node, line_offset: int) -> None:
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
        if key.tag == MERGE_TAG:
            continue
        value = key_value(key)
        try:
            earlier = first.setdefault(value, key)
        except TypeError:
            continue
        if earlier is key:
            continue
        times = sum(1 for k, _v in node.value if k.tag != MERGE_TAG and _same(key_value(k), value))
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
