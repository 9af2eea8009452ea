"""``python -m generator`` runs the ``playbook`` command line."""

from generator.cli import run

run()
