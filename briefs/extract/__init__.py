"""Extractors: an Arabic article in, a validated, grounded ExtractionResult out."""
