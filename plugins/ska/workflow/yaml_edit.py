"""Editing a YAML document with its comments kept: ruamel.yaml's round-trip nodes, and where its
internals keep the comments between one value and the next.

ruamel.yaml keeps a comment on its own line with the value before it; editing a document for a new
school year moves, drops and inserts values, so the comments that head them must move with them."""

from __future__ import annotations

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

#
# A full-line comment heads what follows it; ruamel stores it with what precedes it (on the last
# scalar above, or at the end of that collection). So before a node is removed or replaced, the
# comment lines after it are taken out and put back after what now comes before it: the comments
# heading what stays are kept; those inside (or heading) what is removed go with it.


def round_trip() -> YAML:
    """Round-trip YAML in the content files' own style, so unchanged parts come out byte for byte."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _is_block(value: object) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0 and not value.fa.flow_style()


def _keys(node: CommentedMap | CommentedSeq) -> list:
    return list(node) if isinstance(node, CommentedMap) else list(range(len(node)))


def _post(node: CommentedMap | CommentedSeq) -> int:
    """Where in ``ca.items[key]`` ruamel keeps the comment after a value."""
    return 2 if isinstance(node, CommentedMap) else 0


def _lines(tokens: list | None) -> str:
    """Comment tokens kept as a list (a line each, the indentation in the column) as text."""
    return "".join(" " * t.column + t.value if t.value.startswith("#") else t.value for t in tokens or [])


def _pop_after(node: CommentedMap | CommentedSeq, key: object) -> str:
    """Take out the comment lines that follow ``node[key]``; a comment at the end of its last line stays."""
    value = node[key]
    if _is_block(value):
        inner = _pop_after(value, _keys(value)[-1])
        end, value.ca.end = _lines(value.ca.end), []
        return inner + end
    slot = node.ca.items.get(key)
    token = slot[_post(node)] if slot else None
    if token is None:
        return ""
    if isinstance(value, (LiteralScalarString, FoldedScalarString)):  # a block scalar ends its own last line
        slot[_post(node)] = None
        return token.value
    eol, _, rest = token.value.partition("\n")
    token.value = eol + "\n"
    return rest


def _set_after(node: CommentedMap | CommentedSeq, key: object, text: str) -> None:
    """Make ``text`` the comment lines that follow ``node[key]``."""
    _pop_after(node, key)
    value = node[key]
    if not text:
        return
    if _is_block(value):
        return _set_after(value, _keys(value)[-1], text)
    slot = node.ca.items.setdefault(key, [None, None, None, None])
    token = slot[_post(node)]
    if isinstance(value, (LiteralScalarString, FoldedScalarString)):
        token = slot[_post(node)] = CommentToken(text, CommentMark(0), None)
    elif token is None:
        slot[_post(node)] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        token.value += text


def _drop_heading(parent: CommentedMap, key: str) -> None:
    """Remove the comment lines between ``key:`` and the first entry of its block."""
    if isinstance(parent[key], (CommentedMap, CommentedSeq)):
        parent[key].ca.comment = None
    if key in parent.ca.items:
        parent.ca.items[key][3] = None


def emptied(value: object) -> object:
    """An empty value of the same kind, written [] , {} or ""."""
    if isinstance(value, (list, dict)):
        empty = CommentedSeq() if isinstance(value, list) else CommentedMap()
        empty.fa.set_flow_style()
        return empty
    return DoubleQuotedScalarString("")


def replace(node: CommentedMap, key: str, value: object) -> None:
    """Set ``node[key]``; the comments after the old value follow the new one."""
    text = _pop_after(node, key)
    _drop_heading(node, key)
    node[key] = value
    _set_after(node, key, text)


def remove(node: CommentedMap | CommentedSeq, key: object) -> str:
    """Delete ``node[key]``; the comments after it now follow the entry before it (or head the list).

    Returns them if there is nowhere to put them (the list is now empty)."""
    index = _keys(node).index(key)
    text = _pop_after(node, key)
    del node[key]
    if index > 0:
        _set_after(node, _keys(node)[index - 1], text)
    elif isinstance(node, CommentedSeq) and len(node):
        tokens = [_token(line) for line in text.splitlines(keepends=True)]
        if node.ca.comment and node.ca.comment[1] is not None:
            node.ca.comment[1][:] = tokens  # the same list is the parent's comment before the value
        elif tokens:
            node.ca.comment = [None, tokens]
    else:
        return text
    return ""


def _token(line: str) -> CommentToken:
    stripped = line.lstrip(" ")
    return CommentToken(stripped, CommentMark(len(line) - len(stripped)), None)


def keep_items(parent: CommentedMap, key: str, keep) -> None:
    """Remove the items of ``parent[key]`` that ``keep`` refuses; an emptied list is written []."""
    seq = parent[key]
    text = ""
    for index in reversed(range(len(seq))):
        if not keep(seq[index]):
            text = remove(seq, index)
    if not seq:
        _drop_heading(parent, key)
        seq.fa.set_flow_style()
        _set_after(parent, key, text)


def put(node: CommentedMap, key: str, value: object, order: list[str]) -> None:
    """Replace ``node[key]``, or add it where the schema's order puts it."""
    if key in node:
        replace(node, key, value)
    else:
        _insert(node, key, value, order)


def _insert(node: CommentedMap, key: str, value: object, order: list[str]) -> None:
    """Add ``key`` where the schema's order puts it; the comments heading the next entry stay with it."""
    later = order[order.index(key) + 1:] if key in order else []
    keys = list(node)
    index = next((i for i, k in enumerate(keys) if k in later), len(keys))
    text = _pop_after(node, keys[index - 1]) if index > 0 else ""
    node.insert(index, key, value)
    _set_after(node, key, text)
