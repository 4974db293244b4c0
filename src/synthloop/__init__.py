"""synthloop: synthetic data for language-model development, from plan to measurement."""

__version__ = "0.1.0"
