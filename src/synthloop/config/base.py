"""The base of every configuration model: unknown keys are errors (a misspelt key gets a
did-you-mean from :mod:`synthloop.config.located`), never silently ignored."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from synthloop.pydantic_plugins import skip_scan_without_plugins

skip_scan_without_plugins()


class ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)
