"""The code in a model's answer: models wrap programs in Markdown fences, datasets do not."""

from __future__ import annotations

import re

_BLOCK = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)```", re.DOTALL)


def extract_code(text: str) -> str:
    """The fenced blocks of ``text`` joined (a solution split over several blocks stays whole),
    else the whole text; stripped."""
    blocks = _BLOCK.findall(text)
    return ("\n\n".join(b.strip() for b in blocks) if blocks else text).strip()
