"""``validate.rules``: cheap declarative checks: required fields, length bounds, regexes and a
JSON schema over the record's data. Each failure has its own code and names the field."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

import jsonschema
from pydantic import Field, NonNegativeInt, field_validator

from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import FilterStage, Outcome, Pass, Reject, StageParams


class FieldRule(StageParams):
    """Bounds for one field (characters); ``regex`` must match somewhere, ``not_regex`` must
    not."""

    min_chars: NonNegativeInt | None = None
    max_chars: NonNegativeInt | None = None
    regex: str | None = None
    not_regex: str | None = None

    @field_validator("regex", "not_regex")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return value


class RulesParams(StageParams):
    required: list[str] = Field(default_factory=list)
    fields: dict[str, FieldRule] = Field(default_factory=dict)
    json_schema: dict[str, Any] | None = None

    @field_validator("json_schema")
    @classmethod
    def _schema_valid(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            try:
                jsonschema.Draft202012Validator.check_schema(value)
            except jsonschema.SchemaError as exc:
                raise ValueError(f"invalid JSON schema: {exc.message}") from None
        return value


@register
class Rules(FilterStage[RulesParams]):
    """Rejects records missing required fields, outside length bounds, failing a regex or a
    JSON schema; each failure names the field."""

    name = "validate.rules"
    batch_size = 1024

    @cached_property
    def _compiled(self) -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
        p = self.params
        return {
            name: (re.compile(r.regex) if r.regex else None,
                   re.compile(r.not_regex) if r.not_regex else None)
            for name, r in p.fields.items()
        }

    @cached_property
    def _validator(self) -> jsonschema.Draft202012Validator | None:
        schema = self.params.json_schema
        return jsonschema.Draft202012Validator(schema) if schema else None

    def check(self, record: Record) -> Outcome:
        p = self.params
        data = record.data
        for name in p.required:
            if data.get(name) in (None, "", [], {}):
                return Reject("required", f"required field {name!r} is missing or empty")
        for name, rule in p.fields.items():
            value = data.get(name)
            text = value if isinstance(value, str) else ("" if value is None else str(value))
            if rule.min_chars is not None and len(text) < rule.min_chars:
                return Reject("too_short", f"{name} has {len(text)} characters, below the "
                              f"minimum {rule.min_chars}")
            if rule.max_chars is not None and len(text) > rule.max_chars:
                return Reject("too_long", f"{name} has {len(text)} characters, above the "
                              f"maximum {rule.max_chars}")
            must, must_not = self._compiled[name]
            if must is not None and not must.search(text):
                return Reject("regex", f"{name} does not match /{must.pattern}/")
            if must_not is not None and (m := must_not.search(text)):
                return Reject("forbidden", f"{name} matches forbidden /{must_not.pattern}/ "
                              f"at {m.group(0)!r}")
        if self._validator is not None:
            error = next(iter(self._validator.iter_errors(data)), None)
            if error is not None:
                where = "/".join(map(str, error.absolute_path)) or "(record)"
                return Reject("schema", f"schema: {where}: {error.message}")
        return Pass()

    def __getstate__(self) -> dict[str, Any]:
        # compiled caches are rebuilt in worker processes
        return {k: v for k, v in self.__dict__.items() if k not in ("_compiled", "_validator")}
