"""``python -m generator`` runs the ``playbook`` command line."""

import sys

from generator.cli import main

sys.exit(main())
