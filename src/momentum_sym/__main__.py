"""``python -m momentum_sym``: the same command line as ``momentum-sym``."""

import sys

from momentum_sym.cli import main

if __name__ == "__main__":
    sys.exit(main())
