"""The site's accessibility statement (tillgänglighetsredogörelse), after the model of Digg, the supervising
authority: what the municipality states about the site, from its settings in mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting as fmt
from .pages import Page
from .render import safe_url

PATH = "tillganglighet.md"
TITLE = "Tillgänglighetsredogörelse"

STATUS = {
    "helt": "helt förenlig",
    "delvis": "delvis förenlig",
    "inte": "inte förenlig",
}
"""How far the site meets the law, as the statement says it (the values of ``status`` in mkdocs.yml)."""

SUPERVISOR = "Myndigheten för digital förvaltning (Digg)"
SUPERVISOR_URL = "https://www.digg.se/tdosanmalan"
LAW = "lagen (2018:1937) om tillgänglighet till digital offentlig service"


@dataclass(frozen=True)
class Statement:
    """What the municipality states; every text is its own, from mkdocs.yml."""

    organisation: str
    site_name: str
    contact: str
    """Where problems are reported: an e-mail address or a web address (a form)."""
    status: str
    reviewed: str
    """When the site was last checked (YYYY-MM-DD)."""
    known_gaps: tuple[str, ...] = ()
    phone: str = ""
    response_time: str = ""
    method: str = ""
    published: str = ""


def contact_url(contact: str) -> str:
    """A link to the contact: ``mailto:`` for an e-mail address, the address itself for a web page."""
    if "@" in contact and "/" not in contact:
        return "mailto:" + contact.strip()
    return safe_url(contact.strip()) if contact.strip().lower().startswith(("https://", "http://")) else ""


def page(statement: Statement) -> Page:
    return Page(path=PATH, title=TITLE, template="statement.md.j2", in_nav=False,
                context={"s": statement, "status": STATUS[statement.status], "contact_url": contact_url(statement.contact),
                         "supervisor": SUPERVISOR, "supervisor_url": SUPERVISOR_URL, "law": LAW,
                         "reviewed": fmt.long_date(statement.reviewed), "published": fmt.long_date(statement.published)})
