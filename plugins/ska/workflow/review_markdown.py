"""The review summary (``review.Review``) as Swedish Markdown for a pull request's job summary or a merge request.

Every name and text comes from the repository and is hostile: ``md`` makes it plain text in GitHub's and
GitLab's Markdown (no raw HTML, no link, no image, no mention, no issue reference, no table cell broken by
``|``, no line break that starts a heading or a list).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from .. import formatting as fmt
from ..analysis.yeardiff import AreaChange, GoalChange, TextChange, ValueChange, one_line
from ..content.problems import UNPRINTABLE
from ..domain import ALL_STAGES
from ..labels import CHAIN_CHANGES, EFFECT_STEPS, GROUP_NAMES, PERSPECTIVES
from ..site.pages import unit_year_path, year_path
from .review import Flag, FigureEdit, Review, Section

FIELDS = {
    "principal": "rektor", "summary": "sammanfattningen", "development_areas": "utvecklingsområdena",
    "self_assessment": "självskattningen", "inspections": "inspektionerna", "municipality": "kommunens namn",
    "priorities": "prioriteringarna", "recommendations": "rekommendationerna",
    "recommendation_follow_up": "uppföljningen av rekommendationerna", "complaints": "klagomålen",
    "sick_leave": "sjukfrånvaron", "staff": "personalens siffror", "leadership_turnover": "chefsomsättningen",
    "programme_follow_up": "uppföljningen av insatserna",
}
"""A plan's other fields in words, for "Också ändrat"."""
SHORT = 12  # words of a text change shown on each side
ERRORS_SHOWN = 20
FILES_SHOWN = 200
_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_WORD_JOINER = "\u2060"
# Where GitHub or GitLab would make a link, a mention or a reference out of plain text (@user, #12, !12, ~label,
# %milestone, &epic, $snippet, https://…, www.…, a@b.se), a word joiner goes in: backslashes are not enough,
# since autolinks and mentions are found after the escapes are read.
_REFERENCE = re.compile(r"(?i)([@#!~%&$]|:(?=//)|www(?=\.))")


def md(text: object) -> str:
    """``text`` as plain text in Markdown, on one line: every ASCII punctuation mark backslash-escaped, invisible
    and control characters removed, and a word joiner after what could start a mention, reference or link."""
    text = _REFERENCE.sub(lambda m: m.group() + _WORD_JOINER, one_line(UNPRINTABLE.sub(" ", str(text))))
    return _PUNCTUATION.sub(r"\\\1", text)


def page_link(preview: str, path: str) -> str:
    """A page's address in the preview (``path`` from site/pages.py, e.g. enheter/x/2025-26.md), as a Markdown
    link if a preview address was given, else the page's file in the downloaded site, as code. The link names
    the file (…/index.html), so that it also opens in GitLab's browser of a job's artifacts."""
    page = (path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/") + "index.html"
    if preview:
        return f"[Förhandsvisning](<{preview.rstrip('/')}/{quote(page)}>)"
    return f"`{page}`"


def checked_url(url: str) -> str:
    """An address given on the command line: http(s) only, and nothing in it that ends a Markdown link."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(url)
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")


def format_markdown(review: Review, preview: str = "", artifact: str = "", limit: int | None = None) -> str:
    """The summary; ``limit`` (characters) leaves out the last flags and sections that do not fit, and says so
    (GitHub takes at most 1 MiB in a job summary)."""
    lines = ["## Granskning av innehållet", ""]
    lines.append(f"Jämför `{review.base[:12]}` (målgrenen) med `{review.head[:12] if review.head != '.' else 'arbetskopian'}`"
                 " (ändringen).")
    if artifact:
        lines += ["", f"**Förhandsvisning:** [ladda ner den byggda sajten]({artifact}) (packa upp och öppna med en "
                      "webbserver, t.ex. `python3 -m http.server -d site`)."]
    if preview:
        lines += ["", f"**Förhandsvisning:** <{preview}>"]
    lines += ["", "### Att se över", ""]
    room = [limit // 2 if limit else None]

    def fits(block: list[str]) -> bool:
        size = sum(len(line) + 1 for line in block)
        if room[0] is not None and size > room[0]:
            return False
        room[0] = None if room[0] is None else room[0] - size
        return True

    flags = [f"- {_flag(f, review)}" for f in review.flags]
    shown = [line for line in flags if fits([line])]
    lines += shown or ["Inget särskilt att se över."]
    if len(shown) < len(flags):
        lines.append(f"- … och {len(flags) - len(shown)} till, som inte får plats här: kör `ska granska` själv.")
    if review.errors:
        lines += ["", "### Fel i innehållet", ""]
        lines += [f"- {md(p.file)} rad {p.line}: {md(p.message)}" for p in review.errors[:ERRORS_SHOWN]]
        if len(review.errors) > ERRORS_SHOWN:
            lines.append(f"- … och {len(review.errors) - ERRORS_SHOWN} till.")
    if review.sections:
        lines += ["", "### Ändringar per enhet och läsår"]
    if limit:
        room[0] = limit - sum(len(line) + 1 for line in lines) - 500
    left_out = 0
    for section in review.sections:
        block = ["", *_section(section, preview)]
        if left_out or not fits(block):
            left_out += 1
            continue
        lines += block
    if left_out:
        lines += ["", f"… och {left_out} enheter och läsår till, som inte får plats här: kör `ska granska` själv."]
    if review.other_files and not review.errors:
        lines += ["", "### Andra ändrade filer", "", *(f"- {md(name)}" for name in review.other_files[:FILES_SHOWN])]
        if len(review.other_files) > FILES_SHOWN:
            lines.append(f"- … och {len(review.other_files) - FILES_SHOWN} till.")
    if not review.sections and not review.other_files and not review.errors:
        lines += ["", "Innehållet i content/ är detsamma i båda versionerna."]
    return "\n".join(lines) + "\n"


def _who(unit, year: str) -> str:
    who = md(unit.name) if unit is not None else "Kommunen"
    return f"{who} {year}" if year else who


def _label(indicator, stage: str, group_name: str = "") -> str:
    name = md(indicator.label) + (f" {md(stage)}" if stage and stage != ALL_STAGES else "")
    return f"{name}, {md(group_name.lower())}" if group_name else name


def _flag(flag: Flag, review: Review) -> str:
    if flag.kind == "invalid":
        return (f"❌ **Innehållet har fel** ({fmt.count(flag.count, 'fel', 'fel')}): kör `ska validate` och rätta "
                "felen. Sammanfattningen görs när innehållet är giltigt.")
    if flag.kind == "base_invalid":
        return (f"❗ **Målgrenens innehåll har fel** ({fmt.count(flag.count, 'fel', 'fel')}), så det jämförs "
                "inte: allt i ändringen visas som nytt.")
    who = _who(flag.unit, flag.year)
    if flag.kind == "unit_added":
        return f"➕ **Ny enhet:** {md(flag.unit.name)} (`{flag.unit.id}`)."
    if flag.kind == "unit_closed":
        when = f" {md(flag.unit.closed)}" if flag.unit.closed else ""
        return f"➖ **Enhet stängd eller borttagen:** {md(flag.unit.name)} (`{flag.unit.id}`){when}."
    if flag.kind == "history":
        edit = flag.edit
        head = f"**Historien skrivs om:** {who}: {_label(edit.indicator, edit.stage, edit.group_name)} {_edit(edit)}"
        if edit.correction and edit.correction.reason.strip():
            return f"📝 {head}. Rättelse {md(edit.correction.date)}: {md(edit.correction.reason)}"
        return (f"⚠️ {head}, utan angivet skäl. Läsåret är avslutat: lägg till `correction:` med `date:` och "
                "`reason:` vid resultatet, eller ändra inte siffran.")
    if flag.kind == "removed":
        return (f"⚠️ **Historien skrivs om:** {who}: planen är borttagen, och läsåret är avslutat: dess sidor och "
                "siffror försvinner från sajten.")
    if flag.kind == "moved":
        change = flag.change
        share = fmt.number(review.threshold, 0 if float(review.threshold).is_integer() else 1)  # 7.5 stays 7,5
        return (f"📈 **Stor förändring:** {who}: {_label(change.indicator, change.stage, change.group_name)} "
                f"{_values(change)}, mer än {share} % av indikatorns skala sedan förra läsåret.")
    if flag.kind == "small":
        edit = flag.edit
        return (f"🔒 **Ny liten grupp:** {who}: {_label(edit.indicator, edit.stage, edit.group_name)} bygger på "
                f"{fmt.count(flag.count, 'elev', 'elever')}, färre än {review.min_group}; siffran visas som ”..”.")
    if flag.kind == "needs_input":
        return f"✏️ **Behöver uppgifter:** {who}: {md(flag.message)}"
    return md(flag.kind)


def _shown(edit: FigureEdit, figure) -> str:
    if figure is None:
        return "ingen siffra"
    if figure.suppressed or figure.value is None:
        return "”..” (dold)" if figure.suppressed else "ingen siffra"
    return fmt.figure(figure.value, edit.indicator.unit, edit.indicator.decimals)


def _edit(edit: FigureEdit) -> str:
    text = f"{_shown(edit, edit.before)} → {_shown(edit, edit.after)}"
    a, b = edit.before, edit.after
    if a is not None and b is not None and not a.suppressed and not b.suppressed and None not in (a.value, b.value):
        delta = fmt.rounded_difference(b.value, a.value, edit.indicator.decimals)
        text += f" ({fmt.difference(delta, edit.indicator.unit, edit.indicator.decimals)})"
    return text


def _values(change: ValueChange) -> str:
    ind = change.indicator
    delta = "seriebrott" if change.series_break else fmt.difference(change.delta, ind.unit, ind.decimals)
    before, after = (fmt.figure(v, ind.unit, ind.decimals) for v in (change.before, change.after))
    return f"{before} → {after} ({delta})"


def _section(section: Section, preview: str) -> list[str]:
    if section.unit is not None:
        title, path = md(section.unit.name), unit_year_path(section.unit.id, section.year)
    else:
        title, path = "Kommunen", year_path(section.year)
    what = {"new": "nytt läsår", "changed": "ändrat" + (", avslutat läsår" if section.finished else ""),
            "removed": "borttaget" + (", avslutat läsår" if section.finished else "")}[section.kind]
    lines = [f"#### {title}, läsåret {section.year} ({what})", ""]
    if section.kind == "removed":
        return lines + ["Planen för läsåret finns inte längre."]
    lines += [f"Sidan: {page_link(preview, path)}" + (f" · fil: {md(section.file)}" if section.file else ""), ""]
    if section.values:
        lines += [f"Resultat jämfört med {section.compared_with}:", "",
                  "| Indikator | Grupp | Förut | Nu | Förändring |", "|---|---|--:|--:|--:|"]
        for c in section.values:
            ind = c.indicator
            delta = "seriebrott" if c.series_break else fmt.difference(c.delta, ind.unit, ind.decimals)
            lines.append(f"| {_label(ind, c.stage)} | {md(c.group_name or GROUP_NAMES.get(c.group, c.group))} | "
                         f"{fmt.figure(c.before, ind.unit, ind.decimals)} | {fmt.figure(c.after, ind.unit, ind.decimals)} "
                         f"| {delta} |")
        lines.append("")
    elif section.kind == "new":
        lines += [f"Jämfört med {section.compared_with}:" if section.compared_with else
                  "Inget läsår före att jämföra med.", ""]
    if section.edits:
        lines += ["Ändrade siffror:", "", "| Indikator | Grupp | Förut | Nu | Rättelse |", "|---|---|--:|--:|---|"]
        for e in section.edits:
            note = f"{md(e.correction.date)}: {md(e.correction.reason)}" if e.correction else ""
            lines.append(f"| {_label(e.indicator, e.stage)} | {md(e.group_name)} | {_shown(e, e.before)} | "
                         f"{_shown(e, e.after)} | {note} |")
        lines.append("")
    lines += _list("Förbättringsområden", [line for c in section.areas for line in _area(c, section.kind == "changed")])
    lines += _list("Mål", [_goal(c) for c in section.goals])
    lines += _list("Text", [_text(c) for c in section.texts])
    if section.fields:
        lines += [f"**Också ändrat:** {', '.join(FIELDS.get(f, f) for f in section.fields)}.", ""]
    return lines


def _list(heading: str, items: list[str]) -> list[str]:
    return [f"**{heading}**", "", *items, ""] if items else []


def _area(change: AreaChange, same_year: bool = False) -> list[str]:
    """An area's change; ``same_year``: the same school year in two revisions, where a carried area is changed."""
    head = {"added": "Nytt", "closed": "Avslutat", "carried": "Ändrat" if same_year else "Fortsätter"}[change.kind]
    lines = [f"- {head}: {md(change.area.title)}"]
    if change.chain:
        steps = ", ".join(EFFECT_STEPS[s].lower() for s in change.chain_steps)
        lines.append(f"  - {CHAIN_CHANGES[change.chain]}" + (f": {steps}" if steps else ""))
    for a in change.actions:
        what = {"added": "Ny åtgärd", "finished": "Avslutad åtgärd", "moved": "Ny tid för åtgärd",
                "chain": "Ändrad effektkedja för åtgärd"}[a.kind]
        lines.append(f"  - {what}: {_short(a.action.description)}")
    return lines if change.kind != "carried" or len(lines) > 1 or same_year else []


def _goal(change: GoalChange) -> str:
    what = {"added": "Nytt mål", "removed": "Borttaget mål", "changed": "Ändrat mål"}[change.kind]
    fields = ""
    if change.kind == "changed":
        names = {"text": "texten", "target": "målvärdet", "direction": "riktningen", "indicators": "indikatorerna",
                 "targets": "utgångs- och målvärden"}
        fields = " (" + ", ".join(names[f] for f in change.fields) + ")"
    return f"- {what}: {_short(change.goal.text)}{fields}"


def _text(change: TextChange) -> str:
    label = PERSPECTIVES[change.perspective]
    if change.kind in ("added", "removed"):
        return f"- {label}: {'ny text' if change.kind == 'added' else 'texten borttagen'}"
    added = sum(len(s.text.split()) for s in change.segments if s.kind == "added")
    removed = sum(len(s.text.split()) for s in change.segments if s.kind == "removed")
    first = next((s.text for s in change.segments if s.kind == "added"), "")
    sample = f": ”{_short(first)}”" if first else ""
    return f"- {label}: {fmt.count(added, 'ord', 'ord')} till, {fmt.count(removed, 'ord', 'ord')} bort{sample}"


def _short(text: str) -> str:
    words = one_line(text).split()
    return md(" ".join(words[:2 * SHORT]) + (" …" if len(words) > 2 * SHORT else ""))

