"""Fetch Kolada's API v3 responses into one file for ``ska import kolada``: the only part of the tool that uses the
network, and only when an editor runs ``ska hämta kolada``. It follows ``next_url`` page by page, waits between
requests, and goes nowhere but Kolada's API (a ``next_url`` or a redirect elsewhere is refused). The site build
never calls it."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..rollover import RolloverError

API = "https://api.kolada.se/v3"
HOST = "api.kolada.se"
PAUSE = 1.0  # seconds between requests: Kolada is a shared public service
MAX_PAGES = 200
MAX_BYTES = 50_000_000


def data_url(kpi: str, year: int, municipality: str = "", ou: str = "") -> str:
    """The address of one KPI's values for a year: per municipality (or group, or 0000 for the country) or per
    organisational unit."""
    def quote(part: str) -> str:  # one path segment: an id's "/", "?", "#" or "." is quoted, never a path of its own
        return urllib.parse.quote(part, safe="").replace(".", "%2E")

    if ou:
        return f"{API}/oudata/kpi/{quote(kpi)}/ou/{quote(ou)}/year/{year}"
    return f"{API}/data/kpi/{quote(kpi)}/municipality/{quote(municipality)}/year/{year}"


def _allowed(url: object) -> bool:
    if not isinstance(url, str):
        return False
    try:
        parts = urllib.parse.urlsplit(url)
        return parts.scheme == "https" and parts.hostname == HOST and parts.port in (None, 443)
    except ValueError:  # a port that is not a number, a broken IPv6 address
        return False


class _KoladaOnly(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to Kolada's API: the promise that nothing else is asked holds for redirects too."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not _allowed(newurl):
            raise RolloverError(f"Kolada skickade vidare till {newurl[:120]}, som inte är Koladas API ({HOST}); inget "
                                "har hämtats därifrån och inget har sparats.",
                                "Försök igen senare; Kolada kan ha svarat med en felsida.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def pages(url: str, opener=None, pause: float = PAUSE, sleep=time.sleep, first: bool = True) -> list[dict]:
    """Every item behind ``url``, following ``next_url``; waits ``pause`` seconds before each request but the
    very first (``first``)."""
    opener = opener or urllib.request.build_opener(_KoladaOnly)
    items: list[dict] = []
    count = 0
    while url:
        if not _allowed(url):
            raise RolloverError(f"Adressen {str(url)[:120]} går inte till Koladas API ({HOST}); inget har hämtats.",
                                "Kontrollera adressen; ska hämta kolada hämtar bara från Kolada.")
        if count >= MAX_PAGES:
            raise RolloverError(f"Kolada svarade med fler än {MAX_PAGES} sidor; inget har sparats.",
                                "Hämta färre nyckeltal, enheter eller år åt gången.")
        if count or not first:
            sleep(pause)
        request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "ska-sajt"})
        try:
            with opener.open(request, timeout=60) as response:
                raw = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise RolloverError(f"Kolada svarade med fel {exc.code} för {url[:120]}; inget har sparats.",
                                "Kontrollera nyckeltalets, kommunens eller enhetens id och försök igen senare.") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RolloverError(f"Kolada gick inte att nå ({reason}); inget har sparats.",
                                "Kontrollera internetanslutningen (sajten och importen behöver den inte, bara "
                                "hämtningen) och försök igen.") from None
        try:
            data = json.loads(raw.decode("utf-8"))
            values, url = data["values"], data.get("next_url")
            if not isinstance(values, list):
                raise TypeError
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            raise RolloverError(f"Svaret från {request.full_url[:120]} är inte ett svar från Koladas API v3 "
                                "(JSON med values); inget har sparats.",
                                "Försök igen senare; Kolada kan ha svarat med en felsida.") from None
        items += values
        count += 1
    return items


def fetch(out: Path, kpis: list[str], years: list[int], municipalities: list[str], ous: list[str],
          opener=None, pause: float = PAUSE, sleep=time.sleep) -> str:
    """Fetch each KPI for each year, municipality and unit into ``out`` (one response with every value)."""
    if out.exists():
        raise RolloverError(f"{out} finns redan; inget har hämtats.", "Ange en ny fil med --ut, eller ta bort den gamla.")
    urls = [data_url(k, y, municipality=m) for k in kpis for y in years for m in municipalities]
    urls += [data_url(k, y, ou=o) for k in kpis for y in years for o in ous]
    if not urls:
        raise RolloverError("Ange vad som ska hämtas: --kpi, --ar och --kommun eller --ou (eller --enheter).",
                            "T.ex. ska hämta kolada --kpi N15505 --ar 2025 --kommun 0181 --ut kolada.json")
    items: list[dict] = []
    for index, url in enumerate(urls):
        items += pages(url, opener, pause, sleep, first=index == 0)
    tmp = out.with_name(f".{out.name}.part")
    try:
        tmp.unlink(missing_ok=True)  # one left behind (or a link there) is removed, never written through
        tmp.write_text(json.dumps({"values": items, "count": len(items), "next_url": None}, ensure_ascii=False,
                                  indent=1), encoding="utf-8")
        taken = RolloverError(f"{out} skapades medan hämtningen pågick; den har inte skrivits över.",
                              "Ange en ny fil med --ut och hämta igen.")
        try:
            os.link(tmp, out)  # in place whole, and never over a file made during a long fetch (as a rename would)
        except FileExistsError:
            raise taken from None
        except OSError:  # a file system without hard links: checked once more, then renamed
            if os.path.lexists(out):
                raise taken from None
            tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)  # a half-written file is not left behind
    return (f"Hämtade {len(items)} värden från Kolada ({len(urls)} adresser) till {out}.\n"
            f"Importera dem med: ska import kolada {out} --dry-run")
