"""`python -m briefs`: the `briefs` command."""

from briefs.cli import main

main()
