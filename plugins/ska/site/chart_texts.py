"""The words around a chart: a one-sentence summary of what to take away, and where its figures come from.

Every sentence is built from the figures the chart itself shows (published ones: a suppressed figure is
None here and never named), each number through ``formatting``, compared as printed (rounded half-up),
so a sentence never says "steg" between two equal printed numbers.
"""

from __future__ import annotations

from .. import formatting as fmt
from ..labels import CHART_SOURCES, QUANTITIES
from .charts import Series


def _sign(after: float, before: float, decimals: int) -> int:
    """+1, 0 or −1: how ``after`` compares with ``before`` as both are printed."""
    delta = fmt.rounded_difference(after, before, decimals)
    return (delta > 0) - (delta < 0)


def _lower(name: str) -> str:
    """A series name inside a sentence: "Kommunen" → "kommunen", "Flickor" → "flickor"."""
    return name[:1].lower() + name[1:]


def _names(names: list[str]) -> str:
    """"A", "A och B", "A, B och C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"


def _extremes(items: list[tuple[str, float]], unit: str, decimals: int) -> tuple[tuple[str, str], tuple[str, str]]:
    """The highest and the lowest (names tied as printed, value text) of (name, value) pairs."""
    texts = [(name, fmt.figure(value, unit, decimals), value) for name, value in items]
    top = max(texts, key=lambda t: t[2])[1]
    bottom = min(texts, key=lambda t: t[2])[1]
    return ((_tied([n for n, t, _ in texts if t == top]), top),
            (_tied([n for n, t, _ in texts if t == bottom]), bottom))


def _tied(names: list[str], most: int = 3) -> str:
    """Names that share a printed value, at most ``most`` of them by name: "A, B, C och 2 till"."""
    return _names(names) if len(names) <= most else _names(names[:most] + [f"{len(names) - most} till"])


def spread(labels: list[str], values: list[float], unit: str, decimals: int, reference: float | None,
           hidden: int = 0) -> str:
    """"Högst: A (85,2 %), lägst: B (61,0 %); kommunen 74,3 %." over the units with a published figure."""
    if not values:
        return ""
    (high, high_text), (low, low_text) = _extremes(list(zip(labels, values)), unit, decimals)
    text = f"Högst: {high} ({high_text}), lägst: {low} ({low_text})" if high_text != low_text else \
        f"Alla enheter i diagrammet har {high_text}"
    if reference is not None:
        text += f"; kommunen {fmt.figure(reference, unit, decimals)}"
    if hidden:
        text += f"; {fmt.count(hidden, 'enhet har', 'enheter har')} dolda värden"
    return text + "."


def series(years: list[str], lines: list[Series], unit: str, decimals: int) -> str:
    """How the first series moved within its latest definition, and where the others were in its last year:
    "Totalt: från 2022/23 till 2024/25 steg andelen från 80,0 % till 85,2 %; 2024/25: Flickor 88,0 %."."""
    if not lines:
        return ""
    name = lines[0].name
    segments = [s for s in lines if s.name == name and any(v is not None for v in s.values)]
    if not segments:
        return ""
    latest = segments[-1]
    points = [(y, v) for y, v in zip(years, latest.values) if v is not None]
    (first, a), (last, b) = points[0], points[-1]
    what = QUANTITIES.get(unit, "värdet")
    shown = [fmt.figure(v, unit, decimals) for v in (a, b)]
    if len(points) == 1:
        text = f"{name}: {last} var {what} {shown[1]}"
    else:
        moved = _sign(b, a, decimals)
        verb = "steg" if moved > 0 else "sjönk" if moved < 0 else ""
        text = (f"{name}: från {first} till {last} {verb} {what} från {shown[0]} till {shown[1]}" if verb else
                f"{name}: {what} var {shown[1]} både {first} och {last}")
    if len(segments) > 1 and latest.segment:
        text += f" (jämfört inom samma definition, {latest.segment})"
    i = years.index(last)
    others = list(dict.fromkeys(s.name for s in lines if s.name != name and s.values[i] is not None))
    if others:
        values = {s.name: s.values[i] for s in lines if s.values[i] is not None}
        text += f"; {last}: " + ", ".join(f"{_lower(n)} {fmt.figure(values[n], unit, decimals)}" for n in others[:3])
    return text + "."


_WHERE = {1: "över", -1: "under", 0: "lika"}


def against(categories: list[str], mine: Series, theirs: Series, unit: str, decimals: int,
            singular: str, plural: str) -> str:
    """Where one series lies against another, category by category (a unit against the municipality):
    "Åskolan ligger över kommunen i 2 indikatorer och under i 1." ``singular``/``plural``: a category in words."""
    pairs = [(c, a, b) for c, a, b in zip(categories, mine.values, theirs.values) if a is not None and b is not None]
    other = _lower(theirs.name)
    if not pairs:
        return f"Det finns inga värden att jämföra mellan {mine.name} och {other}."
    if len(pairs) == 1:
        c, a, b = pairs[0]
        sign = _sign(a, b, decimals)
        where = _WHERE[sign] if sign else "lika med"
        return (f"{mine.name} ligger {where} {other} i {c}: {fmt.figure(a, unit, decimals)} mot "
                f"{fmt.figure(b, unit, decimals)}.")
    counts = [(k, sum(_sign(a, b, decimals) == k for _, a, b in pairs)) for k in (1, -1, 0)]
    counts = [(k, n) for k, n in counts if n]
    (k, n), rest = counts[0], counts[1:]
    first = f"{'lika med' if k == 0 else _WHERE[k]} {other} i {fmt.count(n, singular, plural)}"
    return f"{mine.name} ligger {_names([first] + [f'{_WHERE[k]} i {fmt.number(n, 0)}' for k, n in rest])}."


def extremes(categories: list[str], line: Series, unit: str, decimals: int, what: str) -> str:
    """"Sjukfrånvaron (totalt) var högst i januari (6,1 %) och lägst i mars (4,8 %)."."""
    items = [(c, v) for c, v in zip(categories, line.values) if v is not None]
    if not items:
        return ""
    (high, high_text), (low, low_text) = _extremes(items, unit, decimals)
    if high_text == low_text:
        return f"{what} var {high_text} överallt i diagrammet."
    return f"{what} var högst i {high} ({high_text}) och lägst i {low} ({low_text})."


def grid(columns: list[str], rows: list[str], z: list[list[float | None]], decimals: int) -> str:
    """The highest and lowest cell of a heatmap: "Högst medelvärde: Läsning på Åskolan (4,5); lägst: …"."""
    items = [(f"{c} på {r}", v) for r, row in zip(rows, z) for c, v in zip(columns, row) if v is not None]
    if not items:
        return ""
    (high, high_text), (low, low_text) = _extremes(items, "", decimals)
    if high_text == low_text:
        return f"Alla medelvärden i diagrammet är {high_text}."
    return f"Högst medelvärde: {high} ({high_text}); lägst: {low} ({low_text})."


def source(kind: str = "units", origins: list[str] = (), officials: list[str] = (), computed: bool = True) -> str:
    """The "Källa:" line: whose figures (``labels.CHART_SOURCES[kind]``), where the units took them from
    (``origins``, e.g. "Skolverket"), that the municipality's are computed from the units', and the
    official figures' sources where the chart has them."""
    text = f"Källa: {CHART_SOURCES[kind]}"
    origins = list(dict.fromkeys(o for o in origins if o))
    if origins:
        text += f" (uppgifter från {_names(origins)})"
    if kind == "units" and computed:
        text += f"; {CHART_SOURCES['computed']}"
    officials = list(dict.fromkeys(o for o in officials if o))
    if officials:
        text += f"; officiell siffra: {_names(officials)}"
    return text + "."
