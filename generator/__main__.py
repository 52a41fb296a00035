"""``python -m generator`` runs the hubgen command line."""

from .cli import main

main()
