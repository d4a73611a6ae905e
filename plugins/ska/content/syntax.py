"""A YAML syntax error in words an editor understands, pointing at the likely place, with the likely fix."""

from __future__ import annotations

import re

import yaml

from .problems import Problem

MAX_DEPTH = 200  # lists and fields inside each other; real content files have fewer than 15 levels


def syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str = "") -> Problem:
    """A YAML syntax error in words, with the most likely fix."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or ""
    context = exc.context or ""
    start = exc.context_mark
    lines = text.split("\n")
    before = lines[line - 1][: column - 1].rstrip() if 0 < line <= len(lines) else ""
    if "while scanning a quoted scalar" in context and start:
        # Point at the opening quote, not at the end of the file where the parser gave up.
        line, column = start.line + 1, start.column + 1
        message = "Ett citattecken är inte avslutat: texten fortsätter ända till filens slut."
        hint = "Avsluta texten med samma sorts citattecken som den börjar med (\" eller ') på samma rad."
    elif "but found another document" in problem:
        message = "Raden --- delar filen i två dokument; en innehållsfil får bara ha ett."
        hint = "Ta bort raden --- (och flytta det som står under den till rätt ställe i filen)."
    elif ("while scanning an alias" in context or "while scanning an anchor" in context) and start:
        line, column = start.line + 1, start.column + 1
        message = "Ett värde som börjar med * eller & läses som en hänvisning i YAML, inte som text."
        hint = "Sätt citattecken runt hela texten, t.ex. summary: \"**Fler** elever är behöriga.\""
    elif ("while parsing a flow sequence" in context or "while parsing a flow mapping" in context) and start:
        line, column = start.line + 1, start.column + 1
        pair, what = ("[ ]", "listan") if "sequence" in context else ("{ }", "gruppen av fält")
        message = f"En parentes {pair[0]} är inte avslutad med {pair[-1]} på samma rad (eller saknar ett kommatecken)."
        hint = f"Skriv hela {what} på en rad inom {pair}, med kommatecken mellan värdena."
    elif "mapping values are not allowed" in problem and re.fullmatch(r"[A-Za-z_][\w-]*", before):
        # "key: value" at the left edge after a line of plain text: that line is not "key: value".
        above = [n for n in range(line - 1, 0, -1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")]
        line, column = (above[0], 1) if above else (line, 1)
        message = "Raden är inte skriven som nyckel: värde, så raden under den kan inte läsas."
        hint = "Skriv raden som t.ex. summary: <texten>, eller gör den till en kommentar genom att sätta # först."
    elif "mapping values are not allowed" in problem and re.fullmatch(r"\s+[A-Za-z_][\w-]*", before):
        # "key: value" on a line of its own: it is indented further than its neighbours, so
        # YAML reads it as the continuation of the value above.
        column = len(before) - len(before.lstrip()) + 1
        message = "Raden är indragen längre än fälten ovanför och läses därför som en fortsättning på värdet ovanför."
        hint = ("Rada upp raden med de andra fälten på samma nivå (samma antal mellanslag). Är raden en fortsättning "
                "på texten ovanför, sätt citattecken runt hela texten.")
    elif "mapping values are not allowed" in problem:
        message = "Ett kolon följt av mellanslag mitt i ett värde gör att raden inte kan läsas."
        hint = "Sätt citattecken runt texten, t.ex. title: \"Mål: fler behöriga\", eller kontrollera indraget."
    elif "could not find expected ':'" in problem or "could not find expected" in problem:
        message = "Raden kunde inte läsas: ett kolon saknas eller en text med citattecken är inte avslutad."
        hint = "Kontrollera att varje rad är skriven som nyckel: värde och att citattecken kommer i par."
    elif "while scanning a tag" in context and start:
        line, column = start.line + 1, start.column + 1
        message = "Ett värde som börjar med ! läses som en tagg i YAML, inte som text."
        hint = "Sätt citattecken runt hela texten, t.ex. note: \"!OBS preliminära siffror\"."
    elif "while scanning a directive" in context and start:
        line, column = start.line + 1, start.column + 1
        message = "En rad som börjar med % läses som ett direktiv i YAML."
        hint = "Ta bort % i början av raden; ska % stå i en text, sätt citattecken runt texten."
    elif "while scanning a block scalar" in context:
        message = "Efter | eller > får inget annat stå på samma rad."
        hint = "Börja texten på nästa rad, indragen två mellanslag mer än fältet, t.ex.\nsummary: |\n  Året har varit bra."
    elif "block sequence entries are not allowed" in problem:
        message = "Ett ”- ” (en rad i en lista) kan inte stå direkt efter kolonet på samma rad."
        hint = ("Skriv varje värde på en egen rad under fältet, indragen och med ”- ” först, eller på en rad inom [ ], "
                "t.ex. school_forms: [grundskola, fritidshem]. Är strecket en del av texten, sätt citattecken runt den.")
    elif "did not find expected <document start>" in problem:
        message = "Raden kan inte stå här: det som står ovanför är inte skrivet som nyckel: värde (eller filen har en rad med ...)."
        hint = "Kontrollera raderna ovanför: varje rad ska vara nyckel: värde, en rad i en lista eller en kommentar med # först."
    elif "did not find expected node content" in problem or "found unexpected ':'" in problem:
        message = "Ett tecken som , : [ ] { } står där ett värde väntades."
        hint = "Kontrollera parenteser och kommatecken på raden; sätt citattecken runt text som innehåller sådana tecken."
    elif "did not find expected key" in problem and before.endswith(("]", "}")):
        message = "Texten fortsätter efter en avslutande parentes ] eller }."
        hint = ("Ett värde som börjar med [ eller { måste sluta med ] eller }. Ska det vara text, sätt citattecken "
                "runt hela texten.")
    elif "did not find expected key" in problem and before.endswith(('"', "'")):
        message = "Texten fortsätter efter ett avslutande citattecken."
        hint = ("Ett värde som börjar med citattecken måste sluta med det. Sätt citattecken runt hela texten, "
                "t.ex. title: '\"Läsa\" – skriva – räkna', eller skriv ett apostrof-tecken som ''.")
    elif "did not find expected key" in problem or "did not find expected '-'" in problem:
        message = "Indraget stämmer inte med raderna ovanför."
        hint = "Rada upp raden med de andra fälten på samma nivå (samma antal mellanslag)."
    elif "found character '\\t'" in problem:
        message = "Raden innehåller ett tabbtecken; YAML tillåter bara mellanslag för indrag."
        hint = "Byt tabben mot mellanslag."
    elif "found undefined alias" in problem or "found undefined anchor" in problem:
        message = "Ett * hänvisar till något som inte finns."
        hint = "Sätt citattecken runt texten om * ska stå som ett tecken."
    elif "found character" in problem and "cannot start any token" in problem:
        message = "Ett tecken i början av värdet kan inte stå där utan citattecken (t.ex. @ eller `)."
        hint = "Sätt citattecken runt hela texten."
    elif "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        message = "Ett bakstreck \\ inom dubbla citattecken inleder en kod (t.ex. \\n), men koden här finns inte."
        hint = ("Skriv \\\\ för ett bakstreck, eller sätt enkla citattecken ('…') runt texten i stället: "
                "där betyder \\ ingenting särskilt.")
    elif "nesting depth" in problem:  # libyaml's own limit, met while it looks ahead for a key
        return too_deep(name, line, column)
    else:  # never the parser's own (English) words: an editor could not act on them
        message = "YAML-filen kunde inte läsas på den här raden."
        hint = "Kontrollera indrag, kolon och citattecken på raden och raden ovanför."
    return Problem(name, line, column, message, hint)


def too_deep(name: str, line: int, column: int) -> Problem:
    return Problem(name, line, column, f"Listor och fält ligger i fler än {MAX_DEPTH} nivåer i varandra här; "
                   "ingen innehållsfil behöver fler än ett tiotal.",
                   f"Kontrollera indraget, strecken (- ) och parenteserna [ ] och {{ }} på rad {line} och raderna ovanför.")
