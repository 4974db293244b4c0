"""The prompt template's join path renders exactly what Jinja renders."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from synthloop.generate.prompt import _ENV, PromptTemplate

SOURCES = [
    "Question {{ index }}: what is 6 times 7?",
    "{{ index }}",
    "plain text, no names",
    "trailing newline kept\n{{ seed }}\n",
    "{{- index -}}   \n  {{ seed }}  ",
    "a {# comment #} b {{ topic }}",
    "{% raw %}{{ not_a_name }}{% endraw %} {{ topic }}",
    "{{ topic }}{{ topic }} twice, {{ attributes }} and {{ examples }}",
    "{{ topic | upper }} (a filter: Jinja's path)",
    "{% if index %}{{ index }}{% endif %} (a tag: Jinja's path)",
    "{{ range }} (a global: Jinja's path)",
    "line\r\nendings\r\n{{ topic }}",
]
VALUES: list[dict[str, Any]] = [
    {"index": 3, "seed": 7, "topic": "cats", "attributes": {"topic": "cats"}, "examples": []},
    {"index": 0, "seed": -1, "topic": None, "attributes": {}, "examples": [{"a": 1}]},
    {"index": 2**70, "seed": 1.5, "topic": "<b>&amp;</b> ünï", "attributes": {"x": [1, 2]},
     "examples": ["x"]},
]


@pytest.mark.parametrize("source", SOURCES)
def test_renders_as_jinja(source: str) -> None:
    template = PromptTemplate(source)
    for values in VALUES:
        assert template.render(values) == _ENV.from_string(source).render(values)


def test_join_path_taken_for_plain_templates() -> None:
    assert PromptTemplate(SOURCES[0])._parts is not None
    assert PromptTemplate("{{ topic | upper }}")._parts is None
    assert PromptTemplate("{% if x %}y{% endif %}")._parts is None


def test_missing_name_raises_as_jinja() -> None:
    with pytest.raises(jinja2.UndefinedError, match="'topic' is undefined"):
        PromptTemplate("about {{ topic }}").render({"index": 1})
