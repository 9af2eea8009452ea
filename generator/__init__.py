"""Playbook: turn one YAML programme definition into the website of a mentoring programme."""

__version__ = "0.1.0"
