"""Outcomes: retention, promotion and internal moves of participants against a comparison group."""
