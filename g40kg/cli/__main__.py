"""`python -m g40kg.cli`: the same entry point as the `g40kg` script."""

import sys

from g40kg.cli import main

sys.exit(main())
