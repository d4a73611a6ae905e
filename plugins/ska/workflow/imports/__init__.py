"""Bring published figures into the content: Kolada's API responses and Skolverket's statistics files, read from
files an editor saved (``ska import``), and the optional fetch of Kolada's responses (``ska hämta kolada``)."""
