"""The default check options, in a module that imports nothing, so that the command
line can state them in ``--help`` (and key its cache on them) without importing the
checks themselves."""

DEFAULT_DPS = 50
DEFAULT_SAMPLES = 8
DEFAULT_SEED = 0
