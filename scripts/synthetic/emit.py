"""Readable block-style YAML and wrapped Markdown for the generated content files."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import yaml

WIDTH = 100
"""Line width of the emitted YAML."""

_RESOLVER = yaml.resolver.Resolver()
_TYPED = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_BAD_START = frozenset("-?:,[]{}#&*!|>'\"%@` =")
_FLOW_BAD = frozenset(",[]{}")
_MD_UNSAFE_LINE_START = re.compile(r"^(?:[-+*#>=|]|[0-9]+[.)](?:\s|$))")


@lru_cache(maxsize=65536)
def _plain_ok(text: str, flow: bool) -> bool:
    """Can ``text`` be written without quotes and still read back as the same string?"""
    if not text or text[0] in _BAD_START or text[-1] in " :" or not text.isprintable():
        return False
    if ": " in text or " #" in text or (flow and not _FLOW_BAD.isdisjoint(text)):
        return False
    if _DATE.match(text):
        return True  # the content loader keeps bare dates as text
    if _TYPED.match(text):
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _scalar(value: object, flow: bool = False) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "n" in text:
            raise ValueError(f"cannot write {value!r} as a plain decimal number")
        return text
    if isinstance(value, str):
        return value if _plain_ok(value, flow) else json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _literal_ok(text: str) -> bool:
    if text.endswith("\n\n") or text.startswith((" ", "\n")) or "\r" in text:
        return False
    return all(line.isprintable() and (line.strip() or not line) for line in text.split("\n"))


def _fold(text: str, width: int) -> list[str] | None:
    """Split a one-line text at single spaces into lines of at most ``width``."""
    if "  " in text or text != text.strip() or not text.isprintable():
        return None
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _emit_scalar(head: str, value: object, content_indent: int, out: list[str]) -> None:
    """``head`` is "key:" or "-" already indented; long or multi-line text becomes a block scalar."""
    if isinstance(value, str) and value:
        pad = " " * content_indent
        if "\n" in value and _literal_ok(value):
            out.append(f"{head} |" if value.endswith("\n") else f"{head} |-")
            out.extend(f"{pad}{line}" if line else "" for line in value.rstrip("\n").split("\n"))
            return
        inline = _scalar(value)
        if len(head) + 1 + len(inline) > WIDTH and "\n" not in value:
            lines = _fold(value, max(WIDTH - content_indent, 40))
            if lines:
                out.append(f"{head} >-")
                out.extend(pad + line for line in lines)
                return
        out.append(f"{head} {inline}")
        return
    out.append(f"{head} {_scalar(value)}")


def _flow(mapping: dict, used: int) -> str | None:
    """A short mapping of plain scalars on one line, e.g. ``{numerator: 48, denominator: 52}``."""
    if not mapping or len(mapping) > 6:
        return None
    parts = []
    for key, value in mapping.items():
        if isinstance(value, (dict, list)) or (isinstance(value, str) and not _plain_ok(value, True)):
            return None
        parts.append(f"{key}: {_scalar(value, True)}")
    text = "{" + ", ".join(parts) + "}"
    return text if used + len(text) <= WIDTH else None


def _flow_list(items: list, used: int) -> str | None:
    """A short list of plain scalars on one line, e.g. ``[trygghet, studiero]``."""
    if len(items) > 8 or any(isinstance(v, (dict, list)) or (isinstance(v, str) and not _plain_ok(v, True))
                             for v in items):
        return None
    text = "[" + ", ".join(_scalar(v, True) for v in items) + "]"
    return text if used + len(text) <= WIDTH else None


def _emit_mapping(mapping: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        head = f"{pad}{_scalar(key)}:"
        if isinstance(value, dict):
            flow = _flow(value, len(head) + 1)
            if flow:
                out.append(f"{head} {flow}")
            elif not value:
                out.append(f"{head} {{}}")
            else:
                out.append(head)
                _emit_mapping(value, indent + 2, out)
        elif isinstance(value, list):
            flow = _flow_list(value, len(head) + 1)
            if flow:
                out.append(f"{head} {flow}")
            else:
                out.append(head)
                _emit_sequence(value, indent + 2, out)
        else:
            _emit_scalar(head, value, indent + 2, out)


def _emit_sequence(items: list, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            flow = _flow(item, indent + 2)
            if flow:
                out.append(f"{pad}- {flow}")
                continue
            start = len(out)
            _emit_mapping(item, indent + 2, out)
            out[start] = f"{pad}- {out[start][indent + 2:]}"
        elif isinstance(item, list) and item:
            start = len(out)
            _emit_sequence(item, indent + 2, out)
            out[start] = f"{pad}- {out[start][indent + 2:]}"
        elif isinstance(item, (dict, list)):
            out.append(f"{pad}- {'{}' if isinstance(item, dict) else '[]'}")
        else:
            _emit_scalar(f"{pad}-", item, indent + 2, out)


def to_yaml(data: dict, schema: str | None = None) -> str:
    """Readable block-style YAML; ``schema`` (a relative path) becomes the first-line modeline."""
    out = [f"# yaml-language-server: $schema={schema}"] if schema else []
    _emit_mapping(data, 0, out)
    return "\n".join(out) + "\n"


def wrap_markdown(text: str, width: int = 88) -> str:
    """Break long Markdown paragraphs into lines (soft breaks) without starting a line with list or heading syntax."""
    out = []
    for line in text.split("\n"):
        if len(line) <= width or "  " in line:
            out.append(line)
            continue
        prefix = re.match(r"^(?:[-*] |[0-9]+\. )?", line).group(0)
        words = line[len(prefix):].split(" ")
        current = prefix + words[0]
        for word in words[1:]:
            if len(current) + 1 + len(word) > width and not _MD_UNSAFE_LINE_START.match(word):
                out.append(current)
                current = ("  " if prefix else "") + word
            else:
                current += " " + word
        out.append(current)
    return "\n".join(out)


def md(*paragraphs: str) -> str:
    """Markdown text from paragraphs: one paragraph stays one line, several are wrapped and separated."""
    parts = [p.strip() for p in paragraphs if p and p.strip()]
    if len(parts) == 1 and "\n" not in parts[0]:
        return parts[0]
    return wrap_markdown("\n\n".join(parts))
