"""Suppression under arithmetic, checked on a built site: harvest every number it publishes, solve for the hidden ones.

Two layers, used by ``test_suppression_site.py``:

* :func:`harvest` reads a built site (every HTML page's tables, tooltips, ``data-sort`` and chart
  ``data-figure`` JSON, and every CSV and XLSX download) and keys each number it can to
  ``(entity, year, indicator, stage, group)``: ``entity`` is a unit id or :data:`MUNICIPALITY`,
  ``stage`` as the unit wrote it (``""`` for none) or ``ALL_STAGES``. A number it cannot key goes
  to a "loose" pool with the page it came from.
* :func:`solve` treats each figure's parts as unknowns (``n`` numerator, ``d`` denominator, ``v``
  value, ``s`` = value × denominator for means, ``t`` = sum of the values a plain mean is made of),
  takes as known whatever the harvest found, adds what a reader knows (a unit's total is its girls
  plus its boys; an aggregate is the sum over the figures it says it covers; a value is its
  numerator over its denominator) and finds, by exact Gaussian elimination over fractions, which
  parts of suppressed figures those equations pin down.

The reader modelled here is stronger than a real one: published values are taken as exact (not
rounded), a weighted mean's total as exactly its girls' plus its boys', and the figures an
aggregate covers as named (the site gives only how many). A leak this reader cannot find, a real
one cannot either.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from ska import pipeline
from ska import model
import leaks_panels
from ska.analysis.parts import PartFigures, members
from ska.analysis.results import Results
from ska.domain import ALL_STAGES
from ska.labels import GROUP_NAMES

MUNICIPALITY = "kommunen"
OFFICIAL = "kommunen (officiell)"
"""The municipality's official figure (a source's, beside the one computed from the units): in the downloads."""
REFERENCE = " (jämförelse)"
"""The end of a reference series' entity in the downloads ("riket (jämförelse)"): another population than the
site's units (the country, a group of municipalities), in no identity with their figures."""
PART = " (verksamhetsdel)"
"""The end of a part of the organisation's entity in the results download ("grundskolan (verksamhetsdel)"): its
units' published figures pooled over all their stages, an aggregate like the municipality's."""
GROUP_KEYS = {name: key for key, name in GROUP_NAMES.items()}
GROUPS = ("total", "girls", "boys")
STAGE_WORDS = {"alla stadier": ALL_STAGES, "utan angivet stadium": ""}
SECRET_PARTS = {"ratio": ("n", "d", "v"), "weighted_mean": ("d", "v"), "mean": ("d", "v"), "none": ("n", "d", "v")}
"""The parts of a suppressed unit figure that must stay unknown (``s`` and ``t`` are products and sums, not figures)."""


# -- exact linear algebra -------------------------------------------------------------------------

def determined(rows: list[dict], unknowns: set | None = None) -> set:
    """The unknowns that homogeneous linear equations (each a dict unknown → coefficient) pin down.

    Whether a system fixes an unknown depends only on its coefficients, not on its constants (the
    published numbers), so equations are given without them. Sparse reduced row echelon form over
    :class:`~fractions.Fraction`: an unknown is fixed exactly when its pivot row holds it alone.
    (The dense version of this is in ``test_analyse.py``; this one handles a few hundred unknowns.)
    """
    pivots: dict = {}
    for given in rows:
        row = {x: Fraction(a) for x, a in given.items() if a}
        for x in [x for x in row if x in pivots]:
            factor = row.get(x, 0)
            if factor:
                for y, b in pivots[x].items():
                    c = row.get(y, 0) - factor * b
                    if c:
                        row[y] = c
                    else:
                        row.pop(y, None)
        if not row:
            continue
        pivot = min(row, key=repr)
        lead = row[pivot]
        row = {x: a / lead for x, a in row.items()}
        for other in pivots.values():
            factor = other.get(pivot, 0)
            if factor:
                for y, b in row.items():
                    c = other.get(y, 0) - factor * b
                    if c:
                        other[y] = c
                    else:
                        other.pop(y, None)
        pivots[pivot] = row
    fixed = {x for x, row in pivots.items() if len(row) == 1}
    return fixed if unknowns is None else fixed & unknowns


# -- a small HTML tree ----------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    parent: "Node | None" = None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def find_all(self, tag: str) -> list["Node"]:
        return [n for n in self.walk() if n.tag == tag]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs), parent=self.stack[-1]))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


# -- numbers as the site writes them ----------------------------------------------------------------

_SPACES = str.maketrans({"\u00a0": "", "\u202f": "", "\u2009": "", " ": ""})
_NUMBER = re.compile(r"^([+\-−]?)(\d{1,3}(?:[\u00a0\u202f]\d{3})+|\d+)(?:[,.](\d+))?")
_COVERAGE = re.compile(r"(\d+) av (\d+) enhet(?:er)?(?: · (\d{1,3}(?:[\u00a0\u202f ]\d{3})*) )?")
_PAIR = re.compile(r"^\s*(\d[\d\u00a0\u202f ]*)\s+av\s+(\d[\d\u00a0\u202f ]*)\s*$")
PAIR_ANYWHERE = re.compile(r"(?<![\d,])(\d{1,3}(?:[\u00a0\u202f ]\d{3})*) av (\d{1,3}(?:[\u00a0\u202f ]\d{3})*)(?![\d,])")


def number(text: str) -> tuple[Fraction, int] | None:
    """A number as the site writes it ("80,3 %", "1 234", "−2,2 procentenheter", "80.3"), with its decimals."""
    if text is None:
        return None
    m = _NUMBER.match(str(text).strip())
    if not m:
        return None
    sign, whole, frac = m.groups()
    value = Fraction(int(whole.translate(_SPACES) + (frac or "")), 10 ** len(frac or ""))
    return (-value if sign in "-−" and sign else value), len(frac or "")


def own_text(node: Node) -> str:
    """A cell's text without the coverage note some cells carry."""
    return "".join(c if isinstance(c, str) else own_text(c) for c in node.children
                   if isinstance(c, str) or "ska-coverage" not in c.classes())


def pair(text: str) -> tuple[int, int] | None:
    """A tooltip "15 av 21" as (15, 21)."""
    m = _PAIR.match(text or "")
    return (int(m[1].translate(_SPACES)), int(m[2].translate(_SPACES))) if m else None


# -- the harvest --------------------------------------------------------------------------------------

@dataclass
class Harvest:
    """What a site publishes: ``keyed[(key, part)]`` → [(number, decimals, where)]; ``loose`` numbers
    that could not be keyed, as (where, text); ``titles[page]`` all "n av d" tooltips on a page and
    ``keyed_titles[page]`` those that were keyed; ``displays[key]`` the places a key is shown (even as "..")."""

    keyed: dict = field(default_factory=lambda: defaultdict(list))
    loose: list = field(default_factory=list)
    titles: dict = field(default_factory=lambda: defaultdict(Counter))
    keyed_titles: dict = field(default_factory=lambda: defaultdict(Counter))
    displays: dict = field(default_factory=lambda: defaultdict(list))
    sources: Counter = field(default_factory=Counter)
    panels: dict = field(default_factory=dict)  # a programme page's effect cells: see leaks_panels

    def add(self, key: tuple, part: str, value: Fraction | float, decimals: int | None, where: str) -> None:
        self.keyed[(key, part)].append((value, decimals, where))
        self.sources[where.split(":")[0]] += 1

    def numbers(self, key: tuple) -> dict:
        return {p: vals for (k, p), vals in self.keyed.items() if k == key}


class Site:
    """A built site and the content it was built from, with the look-ups the mappers need."""

    def __init__(self, site: Path, content: model.Content, results: Results):
        self.root = Path(site)
        self.content = content
        self.results = results
        self.years = list(content.school_years)
        self.slugs = {y.replace("/", "-"): y for y in self.years}
        self.names: dict[str, str] = {}
        for unit in content.units.values():
            self.names[unit.name] = unit.id if unit.name not in self.names else None  # an ambiguous name keys nothing
        self.indicator_names = {i.name: i.id for i in content.indicators.values()}
        # group names as pages and downloads write them → group key; the catalogue's groups too
        self.group_keys = {**GROUP_KEYS, **{g.name: g.id for g in content.groups.values()}}
        # (unit, year, indicator, group) → its only stage: there the unit's figure over all stages is that row
        rows = Counter((u, y, i, g) for u, y, i, s, g in results.units)
        self.only_stage = {(u, y, i, g): s for u, y, i, s, g in results.units if rows[(u, y, i, g)] == 1}
        self.labels: dict[str, tuple[str, str]] = {}
        stages_of = defaultdict(set)
        for u, y, i, s, g in results.units:
            stages_of[i].add(s)
        for ind in content.indicators.values():
            for s in stages_of[ind.id] | {""}:
                self.labels.setdefault(ind.label + (f" {s}" if s else ""), (ind.id, s))

    def canonical(self, key: tuple) -> tuple:
        """A unit's figure over all stages is its only row's figure where it has one row."""
        entity, year, ind, stage, group = key
        if entity != MUNICIPALITY and stage == ALL_STAGES:
            only = self.only_stage.get((entity, year, ind, group))
            if only is not None:
                return (entity, year, ind, only, group)
        return key


def _cell_numbers(h: Harvest, site: Site, key: tuple, node: Node, where: str) -> None:
    """Key one table cell: value from its text and data-sort, counts from its "n av d" tooltip."""
    key = site.canonical(key)
    h.displays[key].append(where)
    suppressed = any("ska-suppressed" in n.classes() for n in node.walk())
    text = own_text(node).strip()
    for span in (n for n in node.walk() if "ska-coverage" in n.classes()):  # what an aggregate covers
        covers = _COVERAGE.search(span.text())
        if covers and covers[3]:
            h.add(key, "d", Fraction(int(covers[3].translate(_SPACES))), 0, where + ":coverage")
    if suppressed:
        if text != "..":  # anything but the dots beside a suppression mark is published
            h.loose.append((where, text))
            if number(text):
                h.add(key, "v", *number(text), where)
        return
    found = number(text)
    if found:
        h.add(key, "v", *found, where + ":text")
    sort = node.attrs.get("data-sort")
    if sort not in (None, ""):
        found = number(sort)
        if found:
            h.add(key, "v", *found, where + ":data-sort")
    counts = pair(node.attrs.get("title", ""))
    if counts:
        h.add(key, "n", Fraction(counts[0]), 0, where + ":title")
        h.add(key, "d", Fraction(counts[1]), 0, where + ":title")
        h.keyed_titles[where.split("#")[0]][counts] += 1


def _trace_numbers(h: Harvest, site: Site, keys: list[tuple | None], trace: dict, where: str) -> None:
    """Key a chart trace's points: ``keys[i]`` for point i (None: leave loose)."""
    values = trace.get("y") if trace.get("orientation") != "h" else trace.get("x")
    texts = trace.get("text") or []
    for i, key in enumerate(keys):
        y = values[i] if values and i < len(values) else None
        label = texts[i] if i < len(texts) else ""
        if key is None:
            if y is not None or label:
                h.loose.append((where, f"{y} {label}"))
            continue
        key = site.canonical(key)
        h.displays[key].append(where)
        if y is not None:
            h.add(key, "v", y, None, where + ":y")
        if label and number(label):
            h.add(key, "v", *number(label), where + ":text")
    for name in ("customdata", "hovertext"):
        if trace.get(name):
            h.loose.append((where, f"{name} {trace[name]}"))


def _blocks(article: Node):
    """The article's headings, tables and charts in document order."""
    for node in article.walk():
        if node.tag in ("h1", "h2", "h3", "h4"):
            yield "h", node.text().replace("\u00b6", "").strip()
        elif node.tag == "table":
            yield "table", node
        elif node.tag == "div" and "data-figure" in node.attrs:
            yield "figure", node


def _rows(table: Node) -> tuple[list[str], list[Node]]:
    header = [th.text().strip() for th in (table.find_all("thead") or [table])[0].find_all("th")]
    body = [tr for tb in table.find_all("tbody") for tr in tb.find_all("tr")]
    return header, body


def _cells(tr: Node) -> list[Node]:
    return [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]


def _num_cells(tr: Node) -> list[Node]:
    return [c for c in _cells(tr) if "ska-num" in c.classes() or "data-sort" in c.attrs]


def _href(node: Node, pattern: str) -> str | None:
    for a in node.find_all("a"):
        m = re.search(pattern, a.attrs.get("href", ""))
        if m:
            return m[1]
    return None


IND_HREF = r"indikatorer/([^/#]+)/"
YEAR_DETAILS = ("kon", "spridning", "teman", "sjalvskattning")
"""The year summary's detail pages under ar/<year>/ (results by stage and gender, spread, themes, self-assessment)."""
UNIT_HREF = r"enheter/([^/#]+)/([0-9]{4}-[0-9]{2})/"


class _Page:
    def __init__(self, h: Harvest, site: Site, path: str, root: Node):
        self.h, self.site, self.path = h, site, path
        articles = [n for n in root.walk() if n.tag == "article"]
        self.article = articles[0] if articles else root
        self.used: set[int] = set()
        self.charts_used: set[int] = set()

    def cell(self, key: tuple, node: Node, what: str) -> None:
        self.used.add(id(node))
        _cell_numbers(self.h, self.site, key, node, f"{self.path}#{what}")

    def chart(self, node: Node) -> dict:
        self.charts_used.add(id(node))
        return json.loads(node.attrs["data-figure"])

    def stage_of(self, label: str, ind: str) -> str:
        return STAGE_WORDS.get(label, label)

    def rest(self) -> None:
        """Tooltips counted per page; cells and charts no mapper keyed go to the loose pool."""
        page = self.path
        for node in self.article.walk():
            title = node.attrs.get("title")
            if title and pair(title):
                self.h.titles[page][pair(title)] += 1
            if node.tag == "td" and id(node) not in self.used:
                text = node.text().strip()
                if re.search(r"\d", f"{text} {title or ''} {node.attrs.get('data-sort') or ''}"):
                    self.h.loose.append((page, f"{text} {title or ''} {node.attrs.get('data-sort') or ''}".strip()))
            if node.tag == "div" and "data-figure" in node.attrs and id(node) not in self.charts_used:
                self.h.loose.append((page, node.attrs["data-figure"]))
        text = self.article.text()
        for m in PAIR_ANYWHERE.finditer(text):
            self.h.loose.append((page, text[m.start():m.end() + 12]))


def _unit_year(p: _Page, unit: str, year: str) -> None:
    site = p.site
    last = site.years[site.years.index(year) - 1] if site.years.index(year) > 0 else None
    rows: list[tuple[str, str, str]] = []  # (indicator, stage, label)
    for kind, node in _blocks(p.article):
        if kind == "table":
            header, body = _rows(node)
            if "Gruppen" in header and "Grupp" in header:  # the catalogue's groups (group_views.unit_group_rows)
                _unit_year_groups(p, unit, year, header, body)
                continue
            if "Föregående år" not in header or "Kommunen" not in header:
                continue
            columns = header[2:]
            for tr in body:
                cells = _cells(tr)
                ind = _href(cells[0], IND_HREF)
                if ind is None:
                    continue
                stage = p.stage_of(cells[1].text().strip(), ind)
                label = next((a.text().strip() for a in cells[0].find_all("a")), "")
                rows.append((ind, stage, label + (f" {stage}" if stage not in ("", ALL_STAGES) else "")))
                for column, c in zip(columns, cells[2:]):
                    key = {year: (unit, year, ind, stage, "total"), "Flickor": (unit, year, ind, stage, "girls"),
                           "Pojkar": (unit, year, ind, stage, "boys"),
                           "Föregående år": (unit, last, ind, stage, "total") if last else None,
                           "Kommunen": (MUNICIPALITY, year, ind, stage or ALL_STAGES, "total")}.get(column)
                    if key is not None:
                        p.cell(key, c, f"results:{column}")
                    elif column == "Förändring":
                        p.used.add(id(c))  # a difference of two published figures, both keyed
        elif kind == "figure" and rows:
            figure = p.chart(node)
            by_label = {label: (ind, stage) for ind, stage, label in rows}
            for trace in figure["data"]:
                name = trace.get("name", "")
                keys = []
                for x in trace.get("x", []):
                    found = by_label.get(x)
                    if found is None:
                        keys.append(None)
                    elif name == "Kommunen":
                        keys.append((MUNICIPALITY, year, found[0], found[1] or ALL_STAGES, "total"))
                    elif site.names.get(name) == unit:
                        keys.append((unit, year, found[0], found[1], "total"))
                    else:
                        keys.append(None)
                _trace_numbers(p.h, site, keys, trace, f"{p.path}#chart:{name}")
    _before_after(p, unit, year)


_BEFORE_AFTER = re.compile(r": (?P<before>.+?) \((?P<base>\d{4}/\d{2}(?:–\d{4}/\d{2})?); (?:(?P<bd>[\d\u00a0\u202f ]+) [^;]*; )?[^)]*\)"
                           r" → (?P<now>.+?) \((?P<year>\d{4}/\d{2})(?:; (?P<nd>[\d\u00a0\u202f ]+) [^)]*)?\): ")


def _before_after(p: _Page, unit: str, year: str) -> None:
    """An improvement area's lines before and after (area_views): the unit's figure over all its stages in the
    baseline year and this year, each value with the pupils it covers; a baseline of several years is loose."""
    for ul in (n for n in p.article.walk() if n.tag == "ul" and "ska-before-after" in n.classes()):
        for li in (n for n in ul.children if isinstance(n, Node) and n.tag == "li"):
            ind, m = _href(li, IND_HREF), _BEFORE_AFTER.search(li.text())
            assert ind is not None and m is not None and m["year"] == year, (p.path, li.text())
            marks = [a for a in li.find_all("abbr") if "ska-suppressed" in a.classes()]
            for side, base, pupils in (("before", m["base"], m["bd"]), ("now", m["year"], m["nd"])):
                where = f"{p.path}#before-after:{side}"
                if "–" in base:  # pooled over a window: no single key
                    p.h.loose.append((where, f"{m[side]} {pupils or ''}"))
                    continue
                key = p.site.canonical((unit, base, ind, ALL_STAGES, "total"))
                p.h.displays[key].append(where)
                if m[side] == "..":
                    assert marks and pupils is None, (p.path, li.text())
                    continue
                if number(m[side]):
                    p.h.add(key, "v", *number(m[side]), where + ":text")
                if pupils:
                    p.h.add(key, "d", Fraction(int(pupils.translate(_SPACES))), 0, where + ":pupils")


def _unit_year_groups(p: _Page, unit: str, year: str, header: list[str], body: list[Node]) -> None:
    """The unit-year page's table of catalogue groups: the group, the unit's total, the municipality's group."""
    for tr in body:
        cells = _cells(tr)
        ind = _href(cells[0], IND_HREF)
        group = p.site.group_keys.get(cells[2].text().strip())
        if ind is None or group is None:
            continue
        stage = p.stage_of(cells[1].text().strip(), ind)
        for column, c in zip(header[3:], cells[3:]):
            key = {"Gruppen": (unit, year, ind, stage, group), "Totalt": (unit, year, ind, stage, "total"),
                   "Kommunen, gruppen": (MUNICIPALITY, year, ind, stage or ALL_STAGES, group)}.get(column)
            if key is not None:
                p.cell(key, c, f"groups:{column}")


def _unit(p: _Page, unit: str) -> None:
    site = p.site
    pairs: dict[str, tuple[str, str]] = {}
    heading = ""
    for kind, node in _blocks(p.article):
        if kind == "h":
            heading = node
        elif kind == "table":
            header, body = _rows(node)
            years = [h for h in header if h in site.years]
            if "ska-thread-figures" in node.classes():  # an improvement area's indicators over the years
                for tr in body:
                    ind = _href(_cells(tr)[0], IND_HREF)
                    for y, c in zip(years, _num_cells(tr)):
                        p.cell((unit, y, ind, ALL_STAGES, "total"), c, "thread")
                continue
            if not years or "Stadium" not in header:
                continue
            current = None
            for tr in body:
                cells = _cells(tr)
                ind = _href(cells[0], IND_HREF)
                if ind is not None:
                    stage = p.stage_of(cells[1].text().strip(), ind)
                    label = next((a.text().strip() for a in cells[0].find_all("a")), "")
                    current = (ind, stage)
                    pairs[label + (f" {stage}" if stage not in ("", ALL_STAGES) else "")] = current
                who = next((c.text().strip() for c in cells if c.tag == "th"), "")
                if current is None or who not in ("Enheten", "Kommunen"):
                    continue
                ind, stage = current
                for y, c in zip(years, _num_cells(tr)):
                    key = (unit, y, ind, stage, "total") if who == "Enheten" else \
                        (MUNICIPALITY, y, ind, stage or ALL_STAGES, "total")
                    p.cell(key, c, f"history:{who}")
        elif kind == "figure" and heading in pairs:
            ind, stage = pairs[heading]
            for trace in p.chart(node)["data"]:
                name = re.sub(r" \(.*\)$", "", trace.get("name", ""))
                entity = MUNICIPALITY if name == "Kommunen" else site.names.get(name)
                keys = [None if entity is None or x not in site.years else
                        (entity, x, ind, stage or ALL_STAGES if entity == MUNICIPALITY else stage, "total")
                        for x in trace.get("x", [])]
                _trace_numbers(p.h, site, keys, trace, f"{p.path}#chart:{heading}:{name}")


def _indicator(p: _Page, ind: str) -> None:
    site = p.site
    stage = None
    for kind, node in _blocks(p.article):
        if kind == "h":
            m = re.match(r"^(Kommunen|Enheterna)(?:, (.*))?$", node)
            if m:
                stage = p.stage_of((m[2] or "").strip(), ind)
        elif stage is None:
            continue
        elif kind == "figure":
            for trace in p.chart(node)["data"]:
                name = re.sub(r" \(.*\)$", "", trace.get("name", ""))
                group = site.group_keys.get(name)
                keys = [None if group is None or x not in site.years else (MUNICIPALITY, x, ind, stage, group)
                        for x in trace.get("x", [])]
                _trace_numbers(p.h, site, keys, trace, f"{p.path}#chart:{stage}:{name}")
        elif kind == "table":
            header, body = _rows(node)
            years = [h for h in header if h in site.years]
            for tr in body:
                cells = _cells(tr)
                first = cells[0].text().strip()
                if first in site.group_keys and cells[0].tag == "th":
                    key = lambda y: (MUNICIPALITY, y, ind, stage, site.group_keys[first])  # noqa: E731
                elif site.names.get(first):
                    key = lambda y: (site.names[first], y, ind, stage, "total")  # noqa: E731
                else:
                    continue
                for y, c in zip(years, cells[1:]):
                    p.cell(key(y), c, f"table:{stage}:{first}")


def _year(p: _Page, year: str) -> None:
    site = p.site
    last = site.years[site.years.index(year) - 1] if site.years.index(year) > 0 else None
    heading = ""
    for kind, node in _blocks(p.article):
        if kind == "h":
            heading = node
        elif kind == "table":
            header, body = _rows(node)
            if "ska-movers" in node.classes():  # I korthet: the municipality's figures that moved most
                for tr in body:
                    ind = _href(tr, IND_HREF)
                    nums = _num_cells(tr)
                    if ind and len(nums) >= 2 and last:
                        p.cell((MUNICIPALITY, year, ind, ALL_STAGES, "total"), nums[0], "movers:now")
                        p.cell((MUNICIPALITY, last, ind, ALL_STAGES, "total"), nums[1], "movers:before")
                        p.used.update(id(c) for c in nums[2:])  # the change: a difference of the two
            elif "ska-spread-ends" in node.classes():  # the spread's overview: the municipality, lowest, highest
                for tr in body:
                    ind = _href(_cells(tr)[0], IND_HREF)
                    nums = _num_cells(tr)
                    if ind is None or len(nums) < 4:
                        continue
                    p.cell((MUNICIPALITY, year, ind, ALL_STAGES, "total"), nums[0], "spread-ends:municipality")
                    for end, c in zip(("low", "high"), nums[1:3]):
                        found = re.search(UNIT_HREF, "".join(a.attrs.get("href", "") for a in c.find_all("a")))
                        if found:  # a unit named alone; several units with the same figure stay loose
                            p.cell((found[1], year, ind, ALL_STAGES, "total"), c, f"spread-ends:{end}")
                    p.used.add(id(nums[3]))  # how many units have a figure: a count of units
            elif "ska-effect-summary" in node.classes():  # the owner's areas' rows: this year's pooled pupils
                for tb in (t for t in node.find_all("tbody") if "ska-effect-summary__area" in t.classes()):
                    for tr in tb.find_all("tr"):
                        tds = [c for c in _cells(tr) if c.tag == "td"]
                        found = site.labels.get(tds[0].text().strip()) if len(tds) == 4 else None
                        size = re.fullmatch(r"([\d\u00a0\u202f ]+) \((\d+)\)", tds[3].text().strip()) if found else None
                        if size:  # one indicator: "pupils (units)" of the municipality's figure over all stages
                            counted = number(size[1])
                            p.h.add((MUNICIPALITY, year, found[0], ALL_STAGES, "total"), "d", counted[0], counted[1],
                                    f"{p.path}#effect-summary:area")
                            p.used.add(id(tds[3]))
            elif "ska-goals" in node.classes():
                for tr in body:
                    ind = _href(tr, IND_HREF)
                    nums = _num_cells(tr)
                    if ind and len(nums) >= 2:
                        p.cell((MUNICIPALITY, year, ind, ALL_STAGES, "total"), nums[0], "goals:now")
                        if last:
                            p.cell((MUNICIPALITY, last, ind, ALL_STAGES, "total"), nums[1], "goals:before")
                        p.used.update(id(c) for c in nums[2:])  # the change: a difference of the two
            elif "Gruppen" in header and "Grupp" in header:  # the municipality's catalogue groups (year_group_rows)
                for tr in body:
                    cells = _cells(tr)
                    ind, group = _href(cells[0], IND_HREF), site.group_keys.get(cells[2].text().strip())
                    if ind is None or group is None:
                        continue
                    stage = p.stage_of(cells[1].text().strip(), ind)
                    for g, c in zip((group, "total"), _num_cells(tr)):
                        p.cell((MUNICIPALITY, year, ind, stage, g), c, f"groups:{g}")
            elif "Skillnad" in header:
                for tr in body:
                    cells = _cells(tr)
                    ind = _href(cells[0], IND_HREF)
                    if ind is None:
                        continue
                    stage = p.stage_of(cells[1].text().strip(), ind)
                    nums = _num_cells(tr)
                    for group, c in zip(GROUPS, nums):
                        p.cell((MUNICIPALITY, year, ind, stage, group), c, f"gender:{group}")
                    p.used.update(id(c) for c in nums[3:])
            elif header[-1:] == ["Antal"] and heading in site.indicator_names:
                ind = site.indicator_names[heading]
                for tr in body:
                    found = re.search(UNIT_HREF, "".join(a.attrs.get("href", "") for a in tr.find_all("a")))
                    nums = _num_cells(tr)
                    if not found or len(nums) < 2:
                        continue
                    key = (found[1], year, ind, ALL_STAGES, "total")
                    p.cell(key, nums[0], "spread")
                    p.used.add(id(nums[1]))
                    counted = number(nums[1].text())
                    if counted:
                        p.h.add(site.canonical(key), "d", counted[0], counted[1], f"{p.path}#spread:Antal")
        elif kind == "figure" and heading in site.indicator_names:
            ind = site.indicator_names[heading]
            figure = p.chart(node)
            for trace in figure["data"]:
                if trace.get("orientation") == "h":
                    keys = [(site.names[n], year, ind, ALL_STAGES, "total") if site.names.get(n) else None
                            for n in trace.get("y", [])]
                    _trace_numbers(p.h, site, keys, trace, f"{p.path}#chart:spread")
            for shape in figure.get("layout", {}).get("shapes", []):
                if shape.get("x0") is not None:
                    p.h.add((MUNICIPALITY, year, ind, ALL_STAGES, "total"), "v", shape["x0"], None,
                            f"{p.path}#chart:spread:reference")


def _form(p: _Page, year: str) -> None:
    site = p.site
    for kind, node in _blocks(p.article):
        if kind != "table":
            continue
        header, body = _rows(node)
        columns = [site.labels.get(h) for h in header[2:]]
        for tr in body:
            found = re.search(UNIT_HREF, "".join(a.attrs.get("href", "") for a in tr.find_all("a")))
            if not found:
                continue
            for column, c in zip(columns, _num_cells(tr)):
                if column is not None:
                    p.cell((found[1], year, column[0], column[1], "total"), c, f"form:{column[0]}")


def _rows_of_download(h: Harvest, site: Site, rows: list[dict], where: str) -> None:
    for i, r in enumerate(rows):
        entity = r["Enhet"]
        stage = STAGE_WORDS.get(r["Stadium"], r["Stadium"]) if entity in (MUNICIPALITY, OFFICIAL) \
            or entity.endswith(REFERENCE) or entity.endswith(PART) else r["Stadium"]
        group = site.group_keys.get(r["Grupp"])
        key = site.canonical((entity, r["Läsår"], r["Indikator"], stage, group))
        h.displays[key].append(where)
        for column, part in (("Täljare", "n"), ("Nämnare", "d"), ("Värde", "v")):
            value = r.get(column)
            if value not in (None, ""):
                found = number(repr(value) if isinstance(value, float) else str(value))
                if found:
                    h.add(key, part, *found, f"{where}:row{i + 2}:{column}")
        covers = _COVERAGE.match(r.get("Omfattar") or "")
        if covers and covers[3]:
            h.add(key, "d", Fraction(int(covers[3].translate(_SPACES))), 0, f"{where}:row{i + 2}:Omfattar")


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))


def read_xlsx(path: Path) -> list[dict]:
    """The first sheet of a workbook as rows of header → cell (text, or a float), without openpyxl."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
                strings.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet2.xml"))  # sheet1 says what the columns mean
    table = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = {}
        for c in row.findall("m:c", ns):
            column = re.match(r"[A-Z]+", c.attrib["r"])[0]
            v = c.find("m:v", ns)
            inline = c.find("m:is", ns)
            if c.attrib.get("t") == "s":
                cells[column] = strings[int(v.text)]
            elif inline is not None:
                cells[column] = "".join(t.text or "" for t in inline.iter(f"{{{ns['m']}}}t"))
            elif v is not None:
                cells[column] = float(v.text)
        table.append(cells)
    if not table:
        return []
    header = table[0]
    return [{header[c]: row.get(c, "") for c in header} for row in table[1:]]


def harvest(site: Site) -> Harvest:
    """Every number the built site publishes, keyed where the page structure allows."""
    h = Harvest()
    root = site.root
    for ext, reader in (("csv", read_csv), ("xlsx", read_xlsx)):  # each year's and each unit's downloads
        for path in sorted(root.glob(f"*/*/resultat-*.{ext}")):
            _rows_of_download(h, site, reader(path), path.relative_to(root).as_posix())
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("assets/"):
            continue
        page = _Page(h, site, rel, parse_html(path.read_text("utf-8")))
        parts = rel.split("/")
        if len(parts) == 4 and parts[0] == "enheter" and parts[2] in site.slugs:
            _unit_year(page, parts[1], site.slugs[parts[2]])
        elif len(parts) == 3 and parts[0] == "enheter" and parts[1] in site.content.units:
            _unit(page, parts[1])
        elif len(parts) == 3 and parts[0] == "indikatorer" and parts[1] in site.content.indicators:
            _indicator(page, parts[1])
        elif len(parts) == 3 and parts[0] == "ar" and parts[1] in site.slugs:
            _year(page, site.slugs[parts[1]])
        elif len(parts) == 4 and parts[0] == "ar" and parts[1] in site.slugs and parts[2] in YEAR_DETAILS:
            _year(page, site.slugs[parts[1]])  # the year summary's pages for its details: the same tables
        elif len(parts) == 4 and parts[0] == "ar" and parts[1] in site.slugs and parts[2] != "forandringar":
            _form(page, site.slugs[parts[1]])
        elif len(parts) == 3 and parts[0] == "insatser" and parts[1] in site.content.programmes:
            leaks_panels.harvest_programme(page, parts[1])
        page.rest()
    return h


# -- what the content says ------------------------------------------------------------------------------

def rule(site: Site, ind: str) -> str:
    indicator = site.content.indicators.get(ind)
    return indicator.aggregation if indicator else "none"


def truth(site: Site, key: tuple) -> model.Figure | None:
    """A unit figure as the content writes it (counts of a suppressed group included, where written)."""
    unit, year, ind, stage, group = key
    plan = site.content.unit_years.get((unit, year))
    for result in (plan.results if plan else ()):
        if result.indicator == ind and result.stage == stage:
            return dict(result.figures()).get(group)
    return None


def exact_value(site: Site, key: tuple) -> Fraction | None:
    """A published figure's exact value (None if suppressed or without one)."""
    fig = figure_of(site, key)
    return None if fig is None or fig.suppressed else fig.value


def figure_of(site: Site, key: tuple):
    """The figure a key names: a unit's, the municipality's computed one or its official one."""
    entity, year, ind, stage, group = key
    if entity == OFFICIAL:
        found = site.results.official(year, ind, stage, group) if hasattr(site.results, "official") else None
        return found.figure if found is not None else None
    if isinstance(entity, str) and entity.endswith(REFERENCE):
        found = site.results.reference(year, ind, stage, entity.removesuffix(REFERENCE), group)
        return found.figure if found is not None else None
    if isinstance(entity, str) and entity.endswith(PART):
        return part_figures(site).get(entity.removesuffix(PART), year, ind, group) if stage == ALL_STAGES else None
    if entity == MUNICIPALITY:
        return site.results.municipality(year, ind, stage, group)
    return site.results.unit(entity, year, ind, stage, group)


def part_figures(site: Site) -> PartFigures:
    if getattr(site, "_parts", None) is None:
        site._parts = PartFigures(site.content, site.results)
    return site._parts


def part_aggregates(site: Site) -> list[tuple[tuple, frozenset]]:
    """Each part's published figure (the total group, as the download has it) and the (unit, stage) figures it
    pools: its units' rows that count (as ``results.combine`` takes them)."""
    units = members(site.content)
    rows = site.results.rows
    counted = rows[rows["reason"] == ""] if not rows.empty else rows
    pooled = defaultdict(set)
    part_of = {u: p for p, us in units.items() for u in us}
    for u, y, i, st, g in zip(*(counted[k].tolist() for k in ("unit", "school_year", "indicator", "stage", "group"))):
        if u in part_of and g == "total":
            pooled[(part_of[u], y, i)].add((u, st))
    out = []
    for year in site.years:
        for part, ind, figure in part_figures(site).year(year):
            if not figure.suppressed and (part, year, ind) in pooled:
                out.append(((part + PART, year, ind, ALL_STAGES, "total"), frozenset(pooled[(part, year, ind)])))
    return out


def hidden_keys(site: Site) -> dict[tuple, str]:
    """Suppressed unit figures (a privacy status or the complement of one) → their status."""
    table = site.results.table
    rows = table[table["suppressed"]]
    return {k: s for k, s in zip(zip(*(rows[c].tolist() for c in ("unit", "school_year", "indicator", "stage", "group"))),
                                   rows["status"].tolist())}


def rest_key(key: tuple) -> tuple:
    """The key of a catalogue group's rest: its total less the group (not a figure the site has)."""
    return (*key[:4], f"rest:{key[4]}")


def small_rests(site: Site) -> dict[tuple, str]:
    """The rests (total less a catalogue group) of the units' results that are small groups (1 to
    ``min_group`` − 1 pupils, counted from the content as written): hidden, like a small group."""
    out = {}
    for key in site.results.units:
        unit, year, ind, stage, group = key
        if group in GROUPS:
            continue
        mine, total = truth(site, key), truth(site, (unit, year, ind, stage, "total"))
        if mine is None or total is None or mine.denominator is None or total.denominator is None:
            continue
        if 0 < total.denominator - mine.denominator < site.results.min_group:
            out[rest_key(key)] = "small_rest"
    return out


# -- checks ---------------------------------------------------------------------------------------------

def mismatches(site: Site, h: Harvest, hidden: dict) -> list[str]:
    """Keyed numbers that differ from the figure they are keyed to (a harvest or a site bug)."""
    out = []
    for (key, part), values in h.keyed.items():
        if key in hidden or key[0] is None:
            continue
        fig = figure_of(site, key)
        for value, decimals, where in values:
            if fig is None or fig.suppressed:
                out.append(f"{where}: {value} published for {key}, which has no published figure")
                continue
            expected = {"n": fig.numerator, "d": fig.denominator, "v": fig.value}[part]
            if expected is None:
                out.append(f"{where}: {part}={value} published for {key}, which has none")
                continue
            if decimals is None:  # a chart: 4 significant digits, or the value as shown
                ok = abs(float(value) - float(expected)) <= max(5e-4 * abs(float(expected)), 0.05 + 1e-9)
            else:
                ok = abs(Fraction(value) - Fraction(expected)) <= Fraction(1, 2 * 10 ** decimals)
            if not ok:
                out.append(f"{where}: {part}={value} for {key}, but the figure is {float(expected)}")
    return out


def keyed_leaks(h: Harvest, hidden: dict) -> list[str]:
    """Numbers published in a place keyed to a suppressed figure."""
    return [f"{where}: {part}={value} for suppressed {key} ({hidden[key]})"
            for (key, part), values in h.keyed.items() if key in hidden for value, _, where in values]


def published_small_rests(site: Site, h: Harvest, min_group: int) -> list[str]:
    """A total and a catalogue group of it, both with their pupils published, that differ by a small group."""
    sizes = defaultdict(set)
    for (key, part), values in h.keyed.items():
        if part == "d":
            sizes[key] |= {v for v, _, _ in values}
    out = []
    for key, mine in sizes.items():
        if key[4] in GROUPS or (*key[:4], "total") not in sizes:
            continue
        for a in sizes[(*key[:4], "total")]:
            for b in mine:
                if 0 < a - b < min_group:
                    out.append(f"{key}: {b} pupils beside a total of {a}: the rest is {a - b}")
    return out


def small_pairs(h: Harvest, min_group: int) -> list[str]:
    """"n av d" with d below the threshold anywhere: never a published figure."""
    out = [f"{page}: tooltip {n} av {d}" for page, counter in h.titles.items() for (n, d) in counter if d < min_group]
    for page, text in h.loose:
        for m in PAIR_ANYWHERE.finditer(text):
            n, d = (int(x.translate(_SPACES)) for x in m.groups())
            after = text[m.end():m.end() + 8]
            if d < min_group and not after.strip().startswith("enhet"):
                out.append(f"{page}: {m[0]!r} in {text[:80]!r}")
    return out


def own_page_pairs(site: Site, h: Harvest, hidden: dict) -> list[str]:
    """A suppressed figure's "n av d" as a tooltip on its own unit's pages beyond the keyed figures
    that happen to have the same counts."""
    out = []
    for key in hidden:
        fig = truth(site, key)
        if fig is None or fig.numerator is None or fig.denominator is None:
            continue
        counts = (fig.numerator, fig.denominator)
        unit = key[0]
        for page in h.titles:
            if page.startswith(f"enheter/{unit}/") and h.titles[page][counts] > h.keyed_titles[page][counts]:
                out.append(f"{page}: tooltip {counts[0]} av {counts[1]} of suppressed {key} not explained by a keyed figure")
    return out


def unseen(site: Site, h: Harvest) -> list[str]:
    """Published unit figures with counts that the harvest did not find (the harvest is blind there)."""
    out = []
    for key, fig in ((k, site.results.units[k]) for k in site.results.units):
        if not fig.suppressed and fig.numerator is not None and ((key, "n") not in h.keyed or (key, "d") not in h.keyed):
            out.append(f"{key}: {fig.numerator} av {fig.denominator} published but not harvested")
    return out


# -- the solver ------------------------------------------------------------------------------------------

@dataclass
class Solution:
    known: set
    hidden: dict
    leaks: dict  # hidden key → parts a reader can work out


def solve(site: Site, h: Harvest, extra_known: set = frozenset()) -> Solution:
    """What a reader can work out from the harvest; ``leaks``: the parts of suppressed figures among it."""
    results = site.results
    hidden = hidden_keys(site)
    unit_keys = list(results.units)
    blocks: dict[tuple, list[tuple[str, tuple, list]]] = defaultdict(list)  # (year, ind) → identities
    rules = {}

    def var(key, part):
        # a plain mean's sum over a unit's own row is its value
        if part == "t" and key[0] not in (MUNICIPALITY, OFFICIAL) and key[3] != ALL_STAGES:
            return (key, "v")
        return (key, part)

    # a unit's total is its girls plus its boys (where all three are reported)
    by_result = defaultdict(set)
    for u, y, i, s, g in unit_keys:
        by_result[(u, y, i, s)].add(g)
    for (u, y, i, s), groups in by_result.items():
        if set(GROUPS) <= groups:
            r = rule(site, i)
            for part in (("n", "d") if r in ("ratio", "none") else ("n", "d", "s")):
                blocks[(y, i)].append({var((u, y, i, s, "total"), part): 1, var((u, y, i, s, "girls"), part): -1,
                                       var((u, y, i, s, "boys"), part): -1})
    # a catalogue group is a part of its total: the total is the group plus its rest (a group of its own)
    figure_keys = set(unit_keys) | {(MUNICIPALITY, y, i, s, g) for (y, i, s, g) in results.towns} | {
        (u, y, i, ALL_STAGES, g) for (u, y, i, g) in results.unit_pooled} | {
        (OFFICIAL, y, i, s, g) for (y, i, s, g) in getattr(results, "officials", {})}
    for key in figure_keys:
        e, y, i, s, g = key
        if g in GROUPS or (e, y, i, s, "total") not in figure_keys:
            continue
        r = rule(site, i)
        for part in (("n", "d") if r in ("ratio", "none") else ("n", "d", "s")):
            blocks[(y, i)].append({var((e, y, i, s, "total"), part): 1, var(key, part): -1,
                                   var(rest_key(key), part): -1})
    hidden.update(small_rests(site))
    # an aggregate is the sum of the figures it covers
    aggregates = [((MUNICIPALITY, y, i, s, g), results.covered(y, i, s, g)) for (y, i, s, g) in results.towns]
    aggregates += [((u, y, i, ALL_STAGES, g), results.covered(y, i, ALL_STAGES, g, unit=u))
                   for (u, y, i, g) in results.unit_pooled]
    # an official figure for the municipality's own schools covers every unit on the site (a reader may
    # assume so): the official figure less the computed one is what the site suppressed
    for (y, i, s, g), found in getattr(results, "officials", {}).items():
        if found.figure.suppressed or found.scope != "own":
            continue
        rows_of = frozenset((u, st) for u, yy, ii, st, gg in unit_keys
                            if (yy, ii, gg) == (y, i, g) and (s == ALL_STAGES or st == s))
        aggregates.append(((OFFICIAL, y, i, s, g), rows_of))
    aggregates += part_aggregates(site)
    for key, covered in aggregates:
        entity, y, i, s, g = key
        if entity == OFFICIAL:
            fig = results.official(y, i, s, g).figure
        elif entity.endswith(PART):
            fig = figure_of(site, key)
        else:
            fig = results.municipality(y, i, s, g) if entity == MUNICIPALITY else results.unit(entity, y, i, ALL_STAGES, g)
        if fig is None or fig.suppressed or not covered:
            continue
        r = rule(site, i)
        parts = {"ratio": ("n", "d"), "weighted_mean": ("d", "s"), "mean": ("t",) + (("d",) if fig.denominator is not None else ())
                 }.get(r, ())
        for part in parts:
            row = {var(key, part): 1}
            for unit, stage in covered:
                x = var((unit, y, i, stage, g), part)
                row[x] = row.get(x, 0) - 1
            blocks[(y, i)].append(row)
    for (y, i) in blocks:
        rules[(y, i)] = rule(site, i)

    # a programme's panel (a comparison's fixed units, or its chart's) is the sum of the unit figures it covers
    panel_rows, panel_known = leaks_panels.equations(site, h)
    for block, row in panel_rows:
        blocks[block].append(row)
    known = {(site.canonical(k), p) for (k, p) in h.keyed} | set(extra_known) | panel_known
    all_keys = {k for rows in blocks.values() for row in rows for k, _ in row} | {k for k, _ in known}
    while True:
        before = len(known)
        # a value ties its counts: 100·n = v·d (ratio), s = v·d (means); a mean's sum is its value times its units
        relations = defaultdict(list)
        for key in all_keys:
            if (key, "v") not in known or key in hidden:
                continue
            v = exact_value(site, key)
            if v is None:
                continue
            r = rule(site, key[2])
            if r == "ratio":
                relations[(key[1], key[2])].append({(key, "n"): 100, (key, "d"): -v})
            else:
                relations[(key[1], key[2])].append({(key, "s"): 1, (key, "d"): -v})
                if key[0] in (MUNICIPALITY, OFFICIAL) or key[3] == ALL_STAGES:
                    known.add((key, "t"))
        for block in set(blocks) | set(relations):
            rows = []
            for row in blocks.get(block, []) + relations.get(block, []):
                reduced = {x: a for x, a in row.items() if x not in known}
                if reduced:
                    rows.append(reduced)
            known |= determined(rows)
        # a value from its counts
        for key in all_keys:
            r = rule(site, key[2])
            if r == "ratio" and (key, "n") in known and (key, "d") in known:
                known.add((key, "v"))
            if r != "ratio" and (key, "s") in known and (key, "d") in known:
                known.add((key, "v"))
            if (key, "t") in known and (key[0] in (MUNICIPALITY, OFFICIAL) or key[3] == ALL_STAGES):
                known.add((key, "v"))
        if len(known) == before:
            break
    leaks = {}
    for key in hidden:
        parts = [p for p in SECRET_PARTS.get(rule(site, key[2]), ("n", "d", "v")) if (key, p) in known]
        if parts:
            leaks[key] = parts
    return Solution(known, hidden, leaks)


def load(project: Path) -> tuple[model.Content, Results]:
    built = pipeline.build(project, use_cache=False)
    assert built.ok, built.report.problems
    return built.content, built.results
