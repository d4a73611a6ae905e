"""Reference series (``references`` in the indicator catalogue): figures to compare with that are not the
municipality's own, e.g. the country (riket) or similar municipalities (a part of the model).

Their values per school year are ``ReferenceResult`` items under ``references`` in a municipality year file
(see the model's package); they are shown beside the municipality's and the units' figures and never enter them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReferenceSeries:
    """A series in the catalogue: its id, its name for readers, what it covers, and its Kolada id if any."""

    id: str
    name: str
    description: str = ""
    kolada_municipality: str = ""
