"""A response with its surface dressing taken off, for the judge's surface probe.

Judges are known to favour form over content (Zheng et al. 2023; Chen et al. 2024, "Humans or
LLMs as the Judge?"): markdown structure, an assertive tone over a hedged one, cited
"studies" or experts, and agreement with what the asker claims. :func:`plain` keeps a
response's claims and drops those cues, so a judge asked again on the plain pair should keep
its preference if it weighed content; one whose preference moves was weighing the dressing.

Markdown is read with markdown-it-py (the parser rich already depends on), which knows
emphasis, lists, headings and links better than a regex; the phrase lists are short, general
and English.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from synthloop.checks.answer_shape import YES_NO_OPENING

_MARKDOWN = MarkdownIt("commonmark")
# Openers that agree or disagree with the asker, followed by more text; "yes" and "no" are
# left where the question asks for one without leading to it (:data:`_YES_NO`): there they are
# the answer, and only what follows them goes.
_AGREEING = (r"correct|exactly|indeed|absolutely|actually|right|(?:great|good|excellent) question|"
             r"(?:you|you're|you are|your \w+ (?:is|was|are)) (?:quite |absolutely )?right|"
             r"that(?:'s| is) (?:right|correct)")
_THEN = r"\s*(?:[,:;.!\u2014\u2013-]+|\n)\s*"  # the punctuation or line break after an opener
_OPENER = re.compile(rf"^(?:\s*(?:yes|no|{_AGREEING}){_THEN})+(?=\S)", re.IGNORECASE)
_OPENER_AFTER_YES_NO = re.compile(
    rf"^(\s*(?:yes|no)\s*[,:;.!\u2014\u2013-]*\s*)?(?:\s*(?:{_AGREEING}){_THEN})+(?=\S)",
    re.IGNORECASE)
# A question answered by yes or no (:data:`YES_NO_OPENING`); and a leading one,
# where the asker states a claim and asks to be agreed with ("..., right?", "aren't they?", "Is
# that true?"): there "yes" is agreement, the dressing a sycophantic judge rewards.
_YES_NO = re.compile(rf"{YES_NO_OPENING}[^.!?]*\?", re.IGNORECASE)
_LEADING = re.compile(
    r",\s*(?:right|correct|true|yes|no|(?:is|are|was|were|do|does|did|can|will|has|have)n't "
    r"\w+)\s*\?|\b(?:is|isn't) (?:that|it|this) (?:right|true|correct|so)\b|\bam i (?:right|"
    r"correct)\b", re.IGNORECASE)
# Hedges, assertions and appeals to authority, each with the comma or "that" it brings.
_CUES = re.compile(
    r",?\s*\b(?:(?:though|but) )?i (?:might|may|could) be wrong\b"
    r"|\b(?:i think|i believe|i guess|i suppose|probably|perhaps|maybe|possibly|"
    r"if i remember (?:right|rightly|correctly)|as far as i know|"
    r"i'm not (?:completely |entirely |totally )?sure(?:,? but)?|"
    r"definitely|certainly|clearly|obviously|undoubtedly|undeniably|unquestionably|"
    r"without (?:any )?doubt|it(?:'s| is) (?:a )?well[- ]known(?: fact)? that|"
    r"as you (?:say|said|suspected|thought|know)|"
    r"(?:studies|research|experts|scientists|researchers) (?:show|shows|have shown|"
    r"have proven|prove|proves|agree|confirm)(?: that)?|"
    r"according to [^,.;\n]+,?)\b,?"
    r"|\b(?:about|roughly|around|approximately)\s+(?=\d)"
    r"|,?\s*\bas (?:\w+ ){0,5}(?:experts|scientists|researchers|studies)\b[^.;,\n]*",
    re.IGNORECASE)
# Spaces and stray punctuation left where a cue was cut, and their replacements.
_LOOSE = ((re.compile(r"[ \t]+([,.;:!?])"), r"\1"),
          (re.compile(r"([,;:])[ \t]*(?=[,.;:!?]|$)", re.MULTILINE), ""),
          (re.compile(r"^[ \t,;:.]+", re.MULTILINE), ""),
          (re.compile(r"[ \t]{2,}"), " "))


def _without_markdown(text: str) -> str:
    """The text of each block, one a line, without markup characters."""
    lines = []
    for token in _MARKDOWN.parse(text):
        if token.type == "inline":
            lines.append("".join(
                "\n" if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children or [] if child.type in (
                    "text", "code_inline", "softbreak", "hardbreak")))
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
    return "\n".join(lines)


def _tidy(text: str) -> str:
    for pattern, replacement in _LOOSE:
        text = pattern.sub(replacement, text)
    return text.strip()


def plain(text: str, question: str = "") -> str:
    """``text`` without markdown, without an opening "you're right" (or yes/no, unless
    ``question`` asks for one without leading to it), and without hedges, assertions and cited
    authority; ``text`` itself where nothing would be left."""
    text_only = _without_markdown(text).strip()
    if _YES_NO.search(question) and not _LEADING.search(question):
        kept = _OPENER_AFTER_YES_NO.sub(lambda m: m.group(1) or "", text_only)
    else:
        kept = _OPENER.sub("", text_only)
    stripped = _tidy(_CUES.sub("", kept))
    return stripped if stripped else text
