"""The spec models, kept importable here for the modules and plugins that name them this way;
they live in :mod:`synthloop.config`."""

from synthloop.config import *  # noqa: F403
from synthloop.config import __all__  # noqa: F401
