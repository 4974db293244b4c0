"""Which texts are not in English, for the checks that read English only (decontamination's
paraphrase pass, the harm detector), and for relevance's check that a translation was given.

The paraphrase pass embeds with all-MiniLM-L6-v2, an English model: a benchmark item
translated into French scores a cosine of 0.41 to its original, so the pass cannot say whether
a French text is a copy. Rather than pass such a text as clean, the stage says it was not
checked. py3langid (langid.py's model, shipped in the package) names the language; it is
restricted to 28 widely written languages and trusted at a probability of 0.9: on 12,490 clean
English texts (Banking77, Self-Instruct, HH-RLHF), 7,473 GSM8K train questions, HumanEval and
MBPP (code included) it names one text not English, a Self-Instruct task that holds Chinese;
unrestricted, Python code comes out as Icelandic.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Each language py3langid is restricted to, by its ISO 639-1 code, with its English name.
NAMES = {"en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian",
         "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "zh": "Chinese", "ja": "Japanese",
         "ko": "Korean", "ar": "Arabic", "hi": "Hindi", "tr": "Turkish", "pl": "Polish",
         "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech",
         "el": "Greek", "he": "Hebrew", "id": "Indonesian", "vi": "Vietnamese", "th": "Thai",
         "uk": "Ukrainian", "ro": "Romanian", "hu": "Hungarian"}
LANGUAGES = list(NAMES)
MIN_PROBABILITY = 0.9


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language where py3langid names it with a probability
    of at least :data:`MIN_PROBABILITY`, else None (too short or mixed to tell)."""
    code, probability = _identifier().classify(text)
    return str(code) if probability >= MIN_PROBABILITY else None


def not_english(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language where it is confidently not English, else
    None (English, or too short or mixed to tell)."""
    code = language(text)
    return code if code != "en" else None


def probabilities(text: str) -> dict[str, float]:
    """py3langid's probability of each of :data:`LANGUAGES` for ``text``: a short quote
    ("Come stai?") is near 0.1 for every language, so only a high value names one."""
    return {str(code): float(p) for code, p in _identifier().rank(text)}


def english_probability(text: str) -> float:
    """py3langid's probability that ``text`` is English, among :data:`LANGUAGES`."""
    return probabilities(text).get("en", 0.0)


# Words of English that no other language of LANGUAGES writes as a common word ("in", "was",
# "die" and "of" are German or Dutch too): a text with one is English without asking the model
# (4 ms a text, a third of validate.grounded's time on GSM8K sentences)
_ENGLISH_ONLY = re.compile(r"\b(?:the|how|what|does|did|which|who|many|much|when|where|why|"
                           r"were|their|this|with)\b", re.IGNORECASE)


def other_language(text: str, than: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language where it is confidently not English and not
    the language of ``than`` (a German answer over an English quote), else None."""
    if _ENGLISH_ONLY.search(text):
        return None
    code = not_english(text)
    return code if code is not None and not_english(than) != code else None
