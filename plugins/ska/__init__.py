"""Systematiskt kvalitetsarbete: content format, validation and a MkDocs site for school owners."""

__version__ = "0.1.0"
