"""``validate.relevance``: does the response address its instruction? No LLM involved.

Two cheap checks, in order, each with its own code:

1. **Non-answers**: an empty response (``empty``); "I don't know", "no answer", a refusal
   (``non_answer``, refusals as in ``curate.quality``); a deflection (``non_answer``: talk
   about the question, on its topic, that adds nothing to it: every content word the response
   adds to the prompt's is talk about asking, such as "great question", "it depends", "worth
   looking into", "consult a source", and there is at least one); the instruction echoed back
   (``echo``: the response is the instruction, or at least four words of which 80% of the
   word trigrams come from it). A deflection shares the prompt's words, so its embedding
   is close to the prompt's and the similarity check alone passes it.
2. **Similarity** (``off_topic``): the cosine similarity of the bundled all-MiniLM-L6-v2
   embeddings of the prompt (instruction and input) and the response must reach
   ``threshold``. Every record gets the similarity as its verdict's score.

The default threshold is calibrated on the 175 Self-Instruct seed tasks
(``benchmarks/relevance_eval.py``): real instruction/output pairs against the same outputs
shuffled to other instructions separate with ROC AUC 0.98. At 0.20 the stage accepts 97.7% of
the real pairs and 5.1% of the shuffled ones (10.9% when any bare yes/no passed as a label,
before a label had to be asked for); 0.14 accepts 98.9% and 12.6%, 0.25 accepts 95.4% and
2.3%. The threshold was chosen on the same
175 pairs it is reported on, so expect a little worse on other data.

Short label answers ("Yes", "3", "science") say little to an embedding: their cosine with
the real instruction is as low as with a random one. An answer of at most ``label_words``
words that is a label the prompt asks for passes as ``label`` without the similarity check:
yes/no to a yes/no question ("Is ...?", "tell me if", "whether"), a label word the prompt
names ("true or false"), a number where the prompt asks for one (a digit, "how many",
"year"), a phrase found in the prompt, or a capitalised name where the prompt asks for one
named thing ("Au" for "Give the chemical symbol for gold."). Any other short answer ("Carrot"
for "2 advantages of working from home", "Sydney" for "Name a river") must pass the
similarity check; a yes/no to a prompt that asks none ("Yes" for "List two benefits") and a
bare number to one that asks who or for a name ("1813" for "Name the author") are
non-answers. A short answer to a prompt in another language passes as a label too ("Paris."
to "Wie hei\u00dft die Hauptstadt von Frankreich?"): the embedding reads English only. A
single question to an instruction that asks for a question to be written is kept where the
similarity would reject it, as it says little about the instruction's words.

Non-answers also cover a refusal in other words ("That is outside what I can help with"), a
template's slot left unfilled ("[summary goes here]"), an introduction with nothing after it
("Here is a summary:"), a single question asked back where the prompt asks for none, the
prompt's words repeated without a sentence (:func:`stuffed`), a response with no number to
an instruction that asks how many, how much, how tall, what year or when, or to convert a
quantity (a number the prompt itself states, "Apollo 11" for "In what year did Apollo 11
land?", gives none, unless worked out: "4 - 3 = 1 more egg"), a response in English alone to a
request to translate into another language, a "who" question about a deed ("Who painted
...?") answered with no name where a doer stands, a "where" about a named thing ("Where is
Machu Picchu?") with no place, a word asked ("a synonym for 'happy'") with none offered, a
"why" answered with talk about the question and no word that gives a reason, "What does DNA
stand for?" with no words that spell the letters out, fewer items than "List two ..." asks,
no number for a measure of a thing ("What is the boiling point of ethanol?"), no result for a
calculation asked ("What is 15% of 80?" answered with how to take a percentage)
(:mod:`synthloop.checks.answer_shape`; as ``off_topic``: the relation asked of another thing,
"the chemical symbol for silver" for gold's, or another relation of the thing asked, "Sydney
is the largest city in Australia" for its capital), a response made only of offers, plans and
the request said back ("I'd be happy to help!", "To answer this, I will first look it up.",
"You would like to know ...": :func:`talk_only`), an "As an AI ..." disclaimer, an answer
with nothing in it (an empty code block, a stub function, a bare link where none is asked, a
sentence cut off before its answer, a pointer to a textbook that "covers this":
:mod:`synthloop.checks.empty_answer`), and the input copied back or the prompt set out as a
transcript with an empty answer turn (``echo``). A refusal's words are no answer unless the
instruction asks for a decline or an apology, a stub none unless it asks for one, and the
instruction's words copied back no echo where it asks for them to be repeated or copied. On
the Self-Instruct seed pairs these reject
no real pair (the 4 real pairs rejected are the similarity's, as before) and 4 shuffled ones
(bare yes/no to other
tasks) that the similarity rejected too.
"""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import Field

from synthloop.checks.evidence import content_words, spelled_as_digits, stem
from synthloop.checks.answer_shape import YES_NO_OPENING, asks_translation, missing
from synthloop.checks.asked_number import COMPUTATION, ROMAN_YEAR
from synthloop.checks.empty_answer import cut_off, husk, referral, unlabelled
from synthloop.checks.language import not_english
from synthloop.embed import EmbeddingCache, embed
from synthloop.records import REFUSALS, Record, exchange, normalize
from synthloop.registry import register
from synthloop.stages import Outcome, Pass, RecordStage, Reject, StageContext, StageParams

# Calibrated on the Self-Instruct seed tasks (see the module docstring).
DEFAULT_THRESHOLD = 0.2

NON_ANSWERS = (
    r"^\W*(?:I|we) (?:do not|don't|dont) know\b",
    r"^\W*I(?:'m| am) not sure\b",
    r"^\W*(?:I have |there is |there's )?no (?:answer|idea|response)\b",
    r"^\W*(?:n/?a|null)\W*$",
    r"^\W*(?:that|this|it)(?:'s| is) (?:outside|beyond) (?:what I|my)\b",
    r"^\W*as an AI\b[^.!?\n]*\bI (?:do not|don't|cannot|can't|am not able)\b",
    # a template's slot left unfilled: "[summary goes here]", "<insert answer>"
    r"[\[<{][^\]>}\n]*\b(?:goes here|insert|placeholder)\b[^\]>}\n]*[\]>}]",
    r"\{\{\s*[\w .-]*\}\}",  # a template's slot: "Happy birthday, {{name}}!"
    *REFUSALS,
)
# Anchored phrases count where the response opens with them, not on any of its lines: a
# birthday message with a line "I'm not sure if you'll see..." is still the message.
_NON_ANSWER = re.compile("|".join(NON_ANSWERS), re.IGNORECASE)
# A decline or an apology asked for ("a polite reply declining the invitation"): a refusal's
# words are then the answer, and only the other non-answers are read.
_ASKS_DECLINE = re.compile(r"\b(?:declin\w*|refus\w*|turn(?:s|ing)? (?:\w+ )?down|say(?:ing)? no|"
                           r"apolog\w*|regrets?)\b", re.IGNORECASE)
_NON_ANSWER_BUT_REFUSAL = re.compile("|".join(p for p in NON_ANSWERS if p not in REFUSALS),
                                     re.IGNORECASE)
# The instruction asks for its own words back ("Repeat this sentence exactly: ..."), so a
# response copied from it is no echo.
_ASKS_REPEAT = re.compile(r"\b(?:repeat|copy|recite|echo|verbatim|word for word)\b", re.IGNORECASE)
# Words that talk about asking and answering rather than about a subject: a response whose
# only additions to the prompt are these answers nothing ("which river flows through it is a
# great question to look into", "there are several candidates, and people disagree about which
# deserves the title": a hedge names no candidate). Matched by stem
# (:func:`~synthloop.checks.evidence.stem`: "looking", "depends" are "look", "depend");
# irregular forms ("fell" for "fall") stay apart, so a deflection that uses them passes as an
# answer.
DEFLECTION_WORDS = frozenset("""
question ask asked asking answer answered answering great good interesting important tricky
difficult complex hard fascinating excellent look looked looking research researching find
finding found out check checking depend depends depending various many several factor thing
worth consider considering topic subject explore exploring learn learning further detail
information source reliable consult consulting recommend suggest might may want wonder
wondering curious think thinking discuss discussion know knowing
candidate candidates contender contenders disagree disagreement debate debated opinion opinions
view views argue argued deserve deserves title people experts vary varies differ differs
unclear uncertain subjective contested
""".split())
_DEFLECTION_STEMS = frozenset(map(stem, DEFLECTION_WORDS))
_PRONOUN_ONE = re.compile(r"\b(?:which|each|any|every|no)\s+one\b", re.IGNORECASE)
_LABELS = {"yes", "no", "true", "false", "correct", "incorrect", "positive", "negative",
           "neutral"}
_NUMBER = re.compile(r"^[-+]?\$?\d[\d,]*(?:\.\d+)?%?$")
_WORDS = re.compile(r"\w+")
_TOKENS = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
# A prompt a bare label answers: it asks a yes/no question ("Is a tomato a fruit?", "Tell me if
# ...", "whether"), names its labels ("true or false"), or asks for a number ("how many", a
# digit, "output 1 for ..."). "Yes." to "List two benefits of exercise" answers nothing.
_ASKS_YES_NO = re.compile(rf"{YES_NO_OPENING}|\b(?:if|whether)\b", re.IGNORECASE)
_ASKS_NUMBER = re.compile(
    r"\d|\bhow (?:many|much|long|old|far|often|tall|high|big|large)\b|\b(?:number|count|"
    r"calculate|compute|solve|sum|total|average|year|when|rate|score|scale|percentage|price|"
    r"cost|age|digits?)\b", re.IGNORECASE)
# A response that opens its answer and stops ("Here is a summary of the plot:"), and one that
# is questions asked back ("Which colours do you think are primary?", "Is it the Atlantic? Or
# the Indian?") where the prompt asks for no question.
_PREAMBLE = re.compile(r"^[^\n]{0,200}:\s*$")
_ASKED_BACK = re.compile(r"^(?:[^.!?\n]+\?\s*)+$")  # one question or several, nothing else
_ASKS_QUESTION = re.compile(r"\b(?:question|ask|quiz|interview)", re.IGNORECASE)
# An instruction that asks for a question to be written ("Write a question you could ask a
# new coworker"): a question is its answer, and says little about the instruction's words to
# an embedding (0.07 for an ice-breaker about lunch).
_ASKS_FOR_QUESTION = re.compile(r"\b(?:write|give|suggest|propose|draft|come up with|think of|"
                                r"compose)\b[^.?!\n]{0,20}\bquestion\b", re.IGNORECASE)
# Sentences that answer nothing, whatever the prompt: an offer or a courtesy ("I'd be happy to
# help!", "Let me know if ..."), a plan ("To answer this, I will first look it up"), the request
# said back ("You would like to know ..."). A response made only of them is no answer; one
# with a sentence besides ("Sure! Tokyo.") is judged on that sentence.
_TALK = re.compile(
    r"(?:sure|of course|certainly|absolutely|okay|ok)\W*$|I(?:'d| would| will|'ll| am|'m)? "
    r"(?:be )?(?:happy|glad|delighted) to\b|(?:please )?(?:let me know|feel free)\b|"
    r"(?:I )?hope (?:this|that|it) helps\b|(?:to answer (?:this|that|it|your question)\W*)?"
    r"(?:first\W*)?(?:I will|I'll|I am going to|I'm going to|let me|I need to)\b(?! know\b)|"
    r"(?:so\W*)?you(?:'d| would)? (?:like|want|wish) to know\b|you(?:'re| are) asking\b|"
    r"your question (?:is|was)\b", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
# A prompt that asks for one named thing: a single what/which/who/where question, or "name the",
# "give the", "state the". A capitalised answer of a few words ("Au", "Tokyo", "Jane Austen")
# is a label to it: its embedding says as little as a number's. On the Self-Instruct seed
# pairs no real or shuffled pair is such an answer to such a prompt.
_ASKS_NAME = re.compile(r"^(?:what|which|who|where)\b[^?\n]*\?$|^(?:name|give|state) the\b",
                        re.IGNORECASE)
# A prompt that asks who or for a name, answered with a number alone ("1889" for "Who painted
# ...?", "1813" for "Name the author ..."), unless it asks for a number too ("Name the year").
_ASKS_WHO = re.compile(r"(?:^|[.?!]\s+)(?:who\b|name (?:the|a|an)\b)", re.IGNORECASE)


class RelevanceParams(StageParams):
    """Which fields to compare and how similar they must be."""

    threshold: float = Field(default=DEFAULT_THRESHOLD, ge=-1, le=1, description=(
        "minimum cosine similarity of prompt and response embeddings"))
    label_words: int = Field(default=3, ge=0, description=(
        "an answer this short that is yes/no, a number or a phrase of the prompt is a label "
        "and skips the similarity check (0: none does)"))
    echo_share: float = Field(default=0.8, gt=0, le=1, description=(
        "share of the response's word trigrams found in the instruction that makes it an echo"))


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def echo_share(response: str, instruction: str) -> float:
    """Share of the response's word trigrams that also occur in the instruction."""
    said = _trigrams(_WORDS.findall(response.lower()))
    if not said:
        return 0.0
    return len(said & _trigrams(_WORDS.findall(instruction.lower()))) / len(said)


def is_label(response: str, prompt: str, max_words: int) -> bool:
    """A short answer that names a label: yes/no, a number, a phrase of the prompt, or a name
    the prompt asks for (:data:`_ASKS_NAME`)."""
    words = response.split()
    if not 0 < len(words) <= max_words:
        return False
    answer = response.strip().strip(".!").strip()
    if answer.lower() in _LABELS:
        offered = answer.lower() in _WORDS.findall(prompt.lower())
        return offered or answer.lower() in ("yes", "no") and bool(_ASKS_YES_NO.search(prompt))
    if _NUMBER.match(answer) or ROMAN_YEAR.fullmatch(answer):
        return bool(_ASKS_NUMBER.search(prompt))
    phrase = " ".join(_WORDS.findall(answer.lower()))
    if phrase and f" {phrase} " in f" {' '.join(_WORDS.findall(prompt.lower()))} ":
        return True
    if rearranged(answer, prompt):
        return True
    if not_english(prompt) is not None:
        return True  # "Acht." to "Wie viele Beine hat eine Spinne?": the embedding reads English
    return answer[:1].isupper() and bool(_ASKS_NAME.search(prompt.strip()))


def rearranged(answer: str, prompt: str) -> bool:
    """Whether ``answer`` is one word of four letters or more whose letters are a prompt word's
    in another order ("yrassecen" for "spell 'necessary' backwards", an anagram asked): a word
    made from the prompt's, which an embedding reads as no word at all."""
    letters = answer.lower()
    if len(letters) < 4 or not letters.isalpha():
        return False
    return any(sorted(word) == sorted(letters) and word != letters
               for word in _WORDS.findall(prompt.lower()))


def stuffed(response: str, prompt: str) -> tuple[int, int] | None:
    """(distinct words, words) of a response that is the prompt's words repeated, six or more
    of them, at most half distinct and four in five from the prompt ("autumn leaves haiku
    autumn leaves haiku ..."); None otherwise. Its embedding is the prompt's, so similarity
    alone keeps it; on the 175 Self-Instruct seed outputs, real or shuffled, it finds none.
    Working is not stuffing: a response with a computation ("2 + 5 = 7") is never stuffed, and
    numbers count as words, so a worked answer's results are words the prompt lacks (GSM8K's
    solutions repeat their question's names: 133 of 1,319 test ones read as stuffed without
    this, 0 of 8,792 train and test ones with it)."""
    if COMPUTATION.search(response):
        return None
    words = _TOKENS.findall(response.lower())
    given = set(_TOKENS.findall(prompt.lower()))
    if (len(words) >= 6 and len(set(words)) <= len(words) / 2
            and sum(w in given for w in words) >= 0.8 * len(words)):
        return len(set(words)), len(words)
    return None


def deflection(response: str, prompt: str) -> list[str] | None:
    """The words a deflection adds to ``prompt`` (all of them :data:`DEFLECTION_WORDS`, at
    least one), else None: a response that adds a word about its subject, or nothing at all (a
    rewrite of the prompt's own words), is no deflection. "One" after "which", "each" or "any"
    is a pronoun ("which one deserves the title"), no number, and is not read."""
    given = {stem(w) for w in content_words(prompt)}
    said = _PRONOUN_ONE.sub(" ", response)
    added = list(dict.fromkeys(w for w in content_words(said) if stem(w) not in given))
    if not added or any(stem(w) not in _DEFLECTION_STEMS for w in added):
        return None
    return added


def talk_only(response: str) -> bool:
    """Whether every sentence of ``response`` is :data:`_TALK` (offers, plans, the request
    said back): a one-line response only, so a plan followed by its working is kept."""
    text = response.strip()
    return "\n" not in text and ":" not in text and all(
        _TALK.match(sentence) for sentence in _SENTENCES.split(text))


def non_answer(response: str, instruction: str, share: float,
               prompt: str | None = None, context: str = "") -> Reject | None:
    """The rejection of a response that is no answer at all, else None; ``prompt``: the
    instruction with its input (the instruction when not given), ``context``: the input."""
    prompt = instruction if prompt is None else prompt
    if not response.strip():
        return Reject("empty", "the response is empty")
    refusals = _NON_ANSWER_BUT_REFUSAL if _ASKS_DECLINE.search(instruction) else _NON_ANSWER
    if (m := refusals.search(response)) is not None:
        return Reject("non_answer", f"not an answer: {m.group(0).strip()!r}")
    bare, emptied = husk(response, instruction)
    if emptied and (not bare.strip() or _PREAMBLE.match(bare.strip())):
        return Reject("non_answer", f"no answer in the response: only {' and '.join(emptied)}"
                      + (f" after {bare.strip()!r}" if bare.strip() else ""))
    if (source := referral(response)) is not None:
        return Reject("non_answer", f"the response says where the answer is ({source!r}), not "
                      "what it is")
    if (word := cut_off(response)) is not None:
        return Reject("non_answer", f"the response stops before its answer, on {word!r}: "
                      f"{response.strip()!r}")
    if (repeated := stuffed(response, prompt)) is not None:
        return Reject("non_answer", f"the prompt's words repeated, no sentence: "
                      f"{repeated[0]} distinct words of {repeated[1]}")
    if _PREAMBLE.match(response.strip()):
        return Reject("non_answer", "an introduction with nothing after it: "
                      f"{response.strip()!r}")
    if (_ASKED_BACK.match(response.strip()) and not _ASKS_QUESTION.search(prompt)
            and not asks_translation(instruction)):
        return Reject("non_answer", f"a question asked back, not an answer: "
                      f"{response.strip()!r}")
    if (said := deflection(response, prompt)) is not None:
        return Reject("non_answer", "talk about the question, not an answer: every word it "
                      f"adds to the prompt ({', '.join(repr(w) for w in said)}) is about "
                      "asking, none about the subject")
    if talk_only(response):
        return Reject("non_answer", f"talk around an answer, none given: "
                      f"{response.strip()!r}")
    if instruction and normalize(response) == normalize(instruction):
        return Reject("echo", "the response repeats the instruction")
    if instruction and normalize(unlabelled(response)) == normalize(instruction):
        return Reject("echo", "the response is the instruction set out as a transcript, the "
                      "answer's turn empty")
    if context.strip() and normalize(response) == normalize(context):
        return Reject("echo", "the response repeats the input")
    copied = echo_share(response, instruction)
    if len(response.split()) >= 4 and copied >= share and not _ASKS_REPEAT.search(instruction):
        return Reject("echo", f"{copied:.0%} of the response's word trigrams are copied from "
                      f"the instruction (echo_share {share:.0%})")
    words = _WORDS.findall(response.lower())
    if (0 < len(words) <= 3 and words[0] in ("yes", "no") and not _ASKS_YES_NO.search(prompt)
            and words[0] not in _WORDS.findall(prompt.lower())):
        return Reject("non_answer", f"{words[0]!r} to an instruction that asks no yes/no "
                      "question")
    if (_ASKS_WHO.search(prompt) and not _ASKS_NUMBER.search(prompt)
            and _NUMBER.match(spelled_as_digits(response.strip().strip(".!")).strip())):
        return Reject("non_answer", "the instruction asks who or for a name, and the response "
                      "is a number")
    if (shape := missing(response, instruction, prompt)) is not None:
        return Reject(*shape)
    return None


@register
class Relevance(RecordStage[RelevanceParams]):
    """Rejects responses that are non-answers or not about their instruction (embeddings)."""

    name = "validate.relevance"
    batch_size = 256

    def needs_embedder(self) -> bool:
        return True

    @cached_property
    def embeddings(self) -> EmbeddingCache:
        """Vectors already computed: samples of one instruction share its prompt's."""
        return EmbeddingCache(max_items=20_000)

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        p = self.params
        todo: list[tuple[Record, str, str]] = []
        for record in batch:
            asked = exchange(record.data)
            response, prompt = asked.answer, asked.prompt or ""
            if response is None:
                self.apply(record, Reject("no_response", "the record has no response field "
                                          "(response, output, answer, completion, chosen, text "
                                          "or an assistant message)"))
            elif found := non_answer(response, asked.instruction or "", p.echo_share, prompt,
                                     asked.input or ""):
                self.apply(record, found)
            elif is_label(response, prompt, p.label_words):
                self.apply(record, Pass("label", f"a short label answer {response.strip()!r}"))
            else:
                todo.append((record, prompt, response))
        if todo:
            prompts = embed([prompt for _, prompt, _ in todo], cache=self.embeddings)
            responses = embed([response for _, _, response in todo], cache=self.embeddings)
            for (record, _, response), sim in zip(todo, (prompts * responses).sum(axis=1),
                                                  strict=True):
                outcome = self.similar(round(float(sim), 4))
                if (isinstance(outcome, Reject) and _ASKED_BACK.match(response.strip())
                        and _ASKS_FOR_QUESTION.search(exchange(record.data).instruction or "")):
                    outcome = Pass("label", f"a question, as the instruction asks for one: "
                                   f"{response.strip()!r}", score=outcome.score)
                self.apply(record, outcome)
        return batch

    def similar(self, score: float) -> Outcome:
        """The similarity check's outcome; every record it reaches gets the score."""
        t = self.params.threshold
        if score >= t:
            return Pass("ok", score=score)
        return Reject("off_topic", f"the response is not about the instruction: similarity "
                      f"{score:.2f} < threshold {t:.2f}", score=score)
