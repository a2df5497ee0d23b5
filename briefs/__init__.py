"""Briefs: Arabic security-incident news to English incident briefs, every number traced to its source."""

__version__ = "0.1.0"
