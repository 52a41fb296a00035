"""PyYAML's nodes as hubgen reads them: the loader, tag names, field paths, and values.

The fast constructor here builds a record's plain strings, lists and mappings straight
from the composed nodes; :mod:`generator.yamltext` falls back to PyYAML's own
constructor for anything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's C loader when it is available."""

FieldPath = Sequence["str | int"]

STR_TAG = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
MERGE_TAG = "tag:yaml.org,2002:merge"


class _Fallback(Exception):
    """The document needs PyYAML's full constructor."""


class DuplicateKey(Exception):
    """A mapping holds a key twice (where, is worked out on the slow path)."""


def load_fast(text: str) -> Any:
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
                    if k.tag == MERGE_TAG:
                        raise _Fallback
                    mapping[value(k)] = value(v)  # TypeError on unhashable keys: fallback
                if len(mapping) != len(node.value):  # the one cost of the check on clean files
                    raise DuplicateKey
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
