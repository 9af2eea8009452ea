"""Surveys: definitions, forms in the site, the response collector and ingest."""
