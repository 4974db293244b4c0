"""``curate.quality``: cheap heuristic filters, each with its own reason code.

The thresholds follow Gopher's quality rules (Rae et al., 2021) where they apply to model
output (repeated lines and n-grams, symbol ratio, words with letters) plus checks for what
teachers get wrong: empty, echoed, truncated and refused answers, and "as an AI language
model" boilerplate. Every threshold can be set to ``null`` to turn its check off. The first
failing check rejects the record; its code (``curate.quality.repeated_lines``) groups the funnel.

Checks read the *response* and the *prompt* that :func:`synthloop.records.exchange` decides
for every reader: the response is ``response``, ``output``, ``trace``, ``answer``,
``completion``, ``chosen`` or ``text`` (or the last assistant message); the prompt is
``instruction``, ``question`` or ``prompt`` with its ``input`` (or the user messages).
"""

from __future__ import annotations

import re

from pydantic import Field

from synthloop.records import REFUSALS, Record, exchange, normalize
from synthloop.registry import register
from synthloop.stages import FilterStage, Outcome, Pass, Reject, StageParams

BOILERPLATE = (
    r"\bas an ai(?: language)? model\b",
    r"\bas a (?:large )?language model\b",
    r"\bI(?:'m| am) (?:just |only )?an? (?:ai|artificial intelligence)(?: assistant)?\b",
    r"\bmy (?:knowledge|training) (?:cutoff|cut-off)\b",
)
_REFUSAL = re.compile("|".join(REFUSALS), re.IGNORECASE | re.MULTILINE)
_BOILERPLATE = re.compile("|".join(BOILERPLATE), re.IGNORECASE)
_WORD = re.compile(r"\S+")
_DANGLING = {"and", "or", "the", "a", "an", "to", "of", "with", "for", "in", "is", "but",
             "because", "that"}
_SYMBOLS = re.compile(r"#+|\.\.\.|…")  # a run of # is one symbol: "#### 72" is fine


class QualityParams(StageParams):
    """Thresholds of the heuristics; ``null`` turns a check off."""

    min_words: int | None = Field(default=1, ge=0, description="response words, at least")
    max_words: int | None = Field(default=10_000, ge=1)
    max_repeated_lines: float | None = Field(default=0.3, ge=0, le=1, description="share of "
                                             "non-empty lines that repeat an earlier line")
    repeated_ngram: int = Field(default=5, ge=2, le=20)
    max_repeated_ngrams: float | None = Field(default=0.5, ge=0, le=1, description="share of "
                                              "words inside word n-grams seen earlier (worked "
                                              "solutions and code repeat up to ~0.4)")
    max_symbol_ratio: float | None = Field(default=0.1, ge=0, description="'#' and ellipses "
                                           "per word (Gopher)")
    min_alpha_words: float | None = Field(default=0.25, ge=0, le=1, description="share of "
                                          "words with a letter (Gopher: 0.8 for web text; "
                                          "worked maths needs less)")
    ratio_min_words: int = Field(default=10, ge=1, description="the ratio checks (symbols, "
                                 "letters) need this many words to mean anything")
    refusal: bool = True
    boilerplate: bool = True
    truncation: bool = True
    echo: bool = True


def repeated_line_share(text: str) -> float:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return 0.0
    return 1.0 - len(set(lines)) / len(lines)


def repeated_ngram_share(words: list[str], n: int) -> float:
    """Share of words covered by an n-gram that already occurred earlier in the text."""
    if len(words) < 2 * n:
        return 0.0
    lowered = [w.lower() for w in words]
    seen: set[tuple[str, ...]] = set()
    covered = [False] * len(words)
    for i in range(len(words) - n + 1):
        gram = tuple(lowered[i:i + n])
        if gram in seen:
            covered[i:i + n] = [True] * n
        seen.add(gram)
    return sum(covered) / len(words)


def truncation(text: str) -> str | None:
    """Why the text looks cut off, or None."""
    stripped = text.rstrip()
    if stripped.count("```") % 2:
        return "an unclosed ``` code block"
    if stripped.endswith((",", ":", "-", "(", "[", "{")):  # not ";": code ends with it
        return f"a trailing {stripped[-1]!r}"
    words = stripped.split()
    if len(words) > 3 and words[-1].lower() in _DANGLING:
        return f"the dangling word {words[-1]!r}"
    return None


@register
class Quality(FilterStage[QualityParams]):
    """Rejects empty, echoed, truncated, refused, repetitive or symbol-heavy answers
    (Gopher-style heuristics), each with its own reason code."""

    name = "curate.quality"
    cpu_bound = True
    batch_size = 512

    def check(self, record: Record) -> Outcome:
        p = self.params
        asked = exchange(record.data)
        response = asked.answer
        if response is None or not response.strip():
            return Reject("empty_response", "the response is empty")
        words = _WORD.findall(response)
        if p.min_words is not None and len(words) < p.min_words:
            return Reject("too_short",
                          f"response has {len(words)} words (min_words {p.min_words})")
        if p.max_words is not None and len(words) > p.max_words:
            return Reject("too_long",
                          f"response has {len(words)} words (max_words {p.max_words})")
        prompt = asked.prompt
        if p.echo and prompt and normalize(response) == normalize(prompt):
            return Reject("echoed_prompt", "the response repeats the prompt")
        if p.refusal and (m := _REFUSAL.search(response)):
            return Reject("refusal", f"refusal: {m.group(0)!r}")
        if p.boilerplate and (m := _BOILERPLATE.search(response)):
            return Reject("ai_boilerplate", f"assistant boilerplate: {m.group(0)!r}")
        if p.truncation and (why := truncation(response)):
            return Reject("truncated", f"the response looks truncated: it ends with {why}")
        share = repeated_line_share(response)
        if p.max_repeated_lines is not None and share > p.max_repeated_lines:
            return Reject("repeated_lines", f"{share:.0%} of lines repeat an earlier line "
                          f"(max_repeated_lines {p.max_repeated_lines:.0%})")
        share = repeated_ngram_share(words, p.repeated_ngram)
        if p.max_repeated_ngrams is not None and share > p.max_repeated_ngrams:
            return Reject("repeated_ngrams",
                          f"{share:.0%} of words are in repeated {p.repeated_ngram}-grams "
                          f"(max_repeated_ngrams {p.max_repeated_ngrams:.0%})")
        if len(words) < p.ratio_min_words:
            return Pass("ok")
        symbols = len(_SYMBOLS.findall(response)) / len(words)
        if p.max_symbol_ratio is not None and symbols > p.max_symbol_ratio:
            return Reject("symbol_ratio", f"{symbols:.2f} symbols ('#', '...') per word "
                          f"(max_symbol_ratio {p.max_symbol_ratio})")
        alpha = sum(any(c.isalpha() for c in w) for w in words) / len(words)
        if p.min_alpha_words is not None and alpha < p.min_alpha_words:
            return Reject("non_alphabetic", f"only {alpha:.0%} of words contain a letter "
                          f"(min_alpha_words {p.min_alpha_words:.0%})")
        return Pass("ok")
