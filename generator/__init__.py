"""Factsheets: a static-site generator for cited fact sheets built from annotated articles."""

__version__ = "0.1.0"
