"""Validation by humans: decisions as a verdict layer in the run store, agreement statistics,
and the local review app (``synthloop review``)."""
