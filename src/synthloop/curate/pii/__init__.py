"""PII detection (regex recognisers with checksums, or Presidio) and de-identification
operators; the ``curate.pii`` stage lives in :mod:`synthloop.curate.pii.stage`."""
