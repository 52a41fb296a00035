"""Where a field is in a YAML text: line and column for messages, looked up only when a
problem is reported (clean records never compose their text a second time)."""

from __future__ import annotations

import yaml

from .yamlnodes import STR_TAG, FieldPath, Loader, key_value


def field_label(path: FieldPath) -> str:
    """Return ``citations[3].role`` for the path ``("citations", 3, "role")``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


class Locator:
    """Finds the line and column of fields in one YAML text; composes the text at most once.

    Each mapping's keys are indexed the first time a path goes through it, so reporting
    every one of n unknown keys costs O(n), not O(n^2).
    """

    def __init__(self, text: str, line_offset: int = 0) -> None:
        self.text = text
        self.line_offset = line_offset
        self._root: yaml.Node | None = None
        self._composed = False
        self._keys: dict[int, dict[str | int, tuple[yaml.Node, yaml.Node]]] = {}

    def _node(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=Loader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def _entry(self, node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
        """Return the (key, value) nodes ``step`` leads to from ``node`` (key None in a list)."""
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            index = self._keys.get(id(node))
            if index is None:
                index = self._keys[id(node)] = _key_index(node)
            return index.get(step)
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step >= 0:
            return (None, node.value[step]) if step < len(node.value) else None
        return None

    def _walk(self, path: FieldPath) -> tuple[yaml.Node | None, int]:
        """Return the deepest node along ``path`` and how many steps led to it."""
        node = self._node()
        if node is None:
            return None, 0
        for done, step in enumerate(path):
            entry = self._entry(node, step)
            if entry is None:
                return node, done
            node = entry[1]
        return node, len(path)

    def value(self, path: FieldPath) -> tuple[int, int]:
        """Return the 1-based (line, column) of the value at ``path`` or its nearest parent."""
        node, _steps = self._walk(path)
        return (1 + self.line_offset, 1) if node is None else self._mark(node)

    def key(self, path: FieldPath) -> tuple[int, int]:
        """Return the position of the key that ends ``path`` (for unknown-key warnings)."""
        if path:
            parent, steps = self._walk(path[:-1])
            entry = self._entry(parent, path[-1]) if steps == len(path) - 1 and parent else None
            if entry is not None and entry[0] is not None:
                return self._mark(entry[0])
        return self.value(path[:-1])


def _key_index(node: yaml.MappingNode) -> dict[str | int, tuple[yaml.Node, yaml.Node]]:
    """Return the mapping's entries by the names the validator knows its keys by.

    A key like ``~`` or ``2020-01-01`` reaches the validator as ``str(None)``,
    ``str(date)``: it is indexed under its text and under that name. The first entry
    of a name wins.
    """
    index: dict[str | int, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        index.setdefault(key.value, (key, value))
        if key.tag != STR_TAG:
            index.setdefault(str(key_value(key)), (key, value))
    return index
