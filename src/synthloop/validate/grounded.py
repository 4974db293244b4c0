"""``validate.grounded``: a question-answer item is kept only when its evidence is really in the
passages it was written from, its answer rests on that evidence, and a teacher without the
passages cannot answer it.

Checks, in order, each with its verdict code (``grounded.<code>``):

- ``no_question``: the question or the answer is empty;
- ``answered_unanswerable``: an ``unanswerable`` item whose answer is not ``unanswerable``;
- ``off_topic``: an ``unanswerable`` question that shares no content word with the passages
  (such items otherwise pass: they carry no evidence to check);
- ``unsupported`` (before any quote is read): an ``unanswerable`` item whose passages answer
  it: one passage holds every word of its question and gives a number of the unit or the thing
  it asks for ("How long is the crossing in kilometres?" over "it covers 11 kilometres");
- ``no_evidence``: an answerable item quotes nothing;
- ``span_not_found``: a quote is not in the passages, exactly or fuzzily, whole or, where an
  ellipsis shortens it, part by part in order (see :mod:`synthloop.checks.evidence`); the
  reason gives the quote and its best score;
- ``altered_span``: a quote found changes a number, a name or a word that turns a claim round
  ("after" for "before", "most" for "all") of its place in the passages ("45 metres" where the
  passage says "38 metres" matches fuzzily at 97), or leaves such a word out of it (an ellipsis
  over "none are"), or gives two of them in the other order ("aged 9 months ... aged 14
  months" for "aged 14 months ... aged 9 months"), or hides a sentence's end with an ellipsis
  (joining a subject of one sentence to the claim of the next); the reason names it;
- ``single_hop``: a ``multi_hop`` item whose quotes all come from one passage;
- ``unsupported_number``: a number or a month of the answer is in neither its evidence nor its
  question (numbers spelled out compare as digits: "forty-eight" is "48"; a quantity in another
  metric unit as its value: "7.845 km" is "7,845 metres"; where the question asks for a change
  or a total ("By how much ...?"), the sum or difference of two evidence numbers counts as
  given, as in any item is one shown beside both its operands ("310 of the 6,200 (5,890
  finished)": the answer shows its arithmetic, which is checked; a bare "310" is not); a share
  in words or per cent as the other: "about 33%" is "a third"; a quantity rounded to one side
  as the evidence's it rounds: "just over half an hour" is "35 minutes"; in a ``multi_hop``
  item the sum or difference of two of its evidence's numbers counts as given: "nine years"
  from 2013 and 2022);
- ``wrong_unit``: a number of the answer in other units than the evidence gives it ("856 feet"
  for "856 metres", "litres an hour" for "litres a minute"), or as a count where the evidence
  gives a percentage ("25 of the objects" for "25 percent");
- ``negated``: the answer has a negating word ("not", "never", "isn't") its evidence lacks: it
  denies what it quotes (a leading "No," answering a yes/no question does not count);
- ``unsupported``: the answer says "most", "behind" or "less" where its evidence says "all",
  "ahead" or "more" (one of a group of alternatives,
  :data:`~synthloop.checks.evidence.OPPOSITES`); or gives the share its evidence says of a
  thing where the question asks of the rest ("a quarter" for "What share are not electric?"
  over "a quarter of them electric"); or compares ("higher than any other") where neither its
  evidence nor the question does, nor could its evidence's numbers; or says "only Rubinola"
  where its evidence says "Aroma alongside Rubinola" (an ellipsis may hide it: "the rest grow
  ... Rubinola"); or it bounds a number otherwise than its evidence ("more than 38 metres" for
  "38 metres", "exactly 4,500" for "about 4,500"); or it names what neither the evidence nor
  the question does (a capitalised word: "French" for "Spanish"; accents, a possessive and a
  title such as "Mr." aside); or the evidence is nothing but the answer's names and numbers
  and touches nothing the question asks; or the answer picks the thing its evidence's numbers
  do not ("the placebo group" for "which group reached remission more often?" over 41% and 18%
  of the treated and placebo groups); or the question names one number of the evidence and the
  answer gives another ("What share of the placebo group ...?" answered with the treated
  group's 41%), or names a name its evidence says beside another number than the answer's
  ("How long was Olek Brandt's cheese aged?" answered with Maren Holt's 14 months), or asks
  for the number before a change and gets the one after ("before the closure" answered with
  the 4,500 that rose "from 2,900 before the closure"), or the other way round, or asks of
  neither and gets alone the one a change replaced ("When does it start?" answered "9:00" over
  "moved from 9:00 to 8:00"); or asks for a whole ("in all") and gets one part of it where its
  evidence adds another ("another 150 tonnes"); or asks about a year its evidence does not
  give and gets the number the evidence says beside another ("the 1987 freeze" answered with
  "the 2010 freeze lasted six days"); or names who holds a role now where its evidence says
  that one's role is over ("Who leads it today?" answered with the director who "retired in
  2009"), or who held it before where its evidence says that one holds it still; or the
  answer's name (naming no one, what it says) is in another claim of the quoted sentence than
  the one the question asks about ("Who rebuilt the viaduct?" answered with the deputy who
  "oversaw the tunnel"; "Why was the harvest smaller?" answered with the clause set against
  the frost's by ", but"), or the quote that says what the question asks begins past its
  subject and its sentence gives another name there ("was re-elected unopposed", cut from "Its
  chair, Britta Sand, was re-elected unopposed", answered with a name another quote gives), or
  says of someone what another claim of that sentence says of another ("Sara Vik kept her
  half" where "Vik gave her half ... to her laboratory; Reyes ... kept his"); or the question
  asks about a thing its evidence does not name and the passages give another number of the
  answer's kind ("How long is the tunnel?" answered with the bridge's 7,845 metres where the
  passages give "a 4 km tunnel"), or asks how many of a part of a group and gets the whole
  group's number ("How many member farms grow Rubinola?" answered with all 64, where "the rest
  grow Aroma alongside Rubinola"), see :mod:`synthloop.checks.binding`; or a claim of the
  answer is not carried by the evidence (lexically, or by the ``judge`` teacher claim by claim
  when one is named);
- an answer whose question and answer are in another language than its evidence (a German
  answer over an English quote) is read by its numbers (grouped as that language may group
  them: "1.200"), units and negations, and by the ``judge`` where one is named: its words
  cannot be compared with the evidence's, nor its question's bound to the evidence's;
- ``closed_book``: the ``closed_book`` teacher, asked the question without the passages,
  gives the answer anyway (token F1 >= ``leak_f1``): the item tests memory, not the document.

A kept item gets ``grounded.ok`` and ``evidence_spans`` (passage, start, end, score) in its
data: every kept item has verified spans. A judge or closed-book call the teacher gives up on
quarantines the record (retried next run); an unreadable judge reply is never a pass.
"""

from __future__ import annotations

import asyncio
import re

from pydantic import Field

from synthloop.checks.binding import (
    added_comparison,
    answered_in,
    answers_another,
    cut_subject,
    done_by_another,
    named_apart,
    named_elsewhere,
    other_subject,
    other_time,
    other_year,
    out_of_office,
    one_part,
    part_for_whole,
    replaced,
    turned_comparison,
)
from synthloop.checks.clock import in_evidence_times
from synthloop.checks.evidence import (
    added_negation,
    altered,
    asks_computed,
    best_score,
    changed_bound,
    claims,
    complement_share,
    content_words,
    dotted_thousands,
    dropped,
    echoes,
    exclusive,
    locate,
    in_evidence_shares,
    in_evidence_units,
    joined_sentences,
    lost_percent,
    numbers,
    opposite,
    other_unit,
    reordered,
    restated_no,
    sentence_before,
    shares_of,
    shown_computations,
    sums_and_differences,
    support,
    token_f1,
    unsupported_name,
    window,
)
from synthloop.checks.language import other_language
from synthloop.records import UNANSWERABLE, Record
from synthloop.registry import register
from synthloop.spec import Spec
from synthloop.stages import (
    Fail,
    Outcome,
    Pass,
    RecordStage,
    Reject,
    StageContext,
    StageParams,
)
from synthloop.teachers import Teacher, TeacherError
from synthloop.teachers.base import Parser

JUDGE = ("Evidence:\n{evidence}\n\nClaim: {claim}\n\nIs the claim fully supported by the "
         "evidence alone? Reply with one word: yes or no.")
CLOSED_BOOK = "Answer the question in a few words.\n\nQuestion: {question}"
_YES_NO = re.compile(r"^\W*(yes|no)\b", re.IGNORECASE)


class GroundedParams(StageParams):
    """``min_span_score`` (0-100) for a fuzzy quote; ``min_support`` the share of a claim's
    content words the evidence must hold; ``judge`` and ``closed_book`` name teachers (null:
    lexical support only, no closed-book check); ``leak_f1`` when a closed-book answer counts
    as the answer."""

    min_span_score: float = Field(default=90.0, ge=0, le=100)
    min_support: float = Field(default=0.6, ge=0, le=1)
    judge: str | None = None
    closed_book: str | None = None
    leak_f1: float = Field(default=0.6, gt=0, le=1)


class Quarantine(Exception):
    """A teacher call gave up: the record is failed with this reason, not judged."""


def _yes_no(text: str) -> str:
    match = _YES_NO.match(text)
    if match is None:
        raise ValueError("reply with yes or no")
    return match.group(1).lower()


@register
class Grounded(RecordStage[GroundedParams]):
    """Evidence spans found in the passages, answers supported by them, no closed-book leak."""

    name = "validate.grounded"
    output_fields = ("evidence_spans",)

    def reads(self) -> tuple[str, ...]:
        return ("question", "answer", "evidence", "context")

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        """``judge`` and ``closed_book`` name teachers the spec defines."""
        return [(key, f"teacher {name!r} is not defined under `teachers:`")
                for key in ("judge", "closed_book")
                if (name := getattr(self.params, key)) and name not in spec.teachers]

    def teacher_calls(self) -> dict[str, int]:
        """The judge once per claim (counted as one), the closed-book teacher once."""
        calls: dict[str, int] = {}
        for name in (self.params.judge, self.params.closed_book):
            if name:
                calls[name] = calls.get(name, 0) + 1
        return calls

    def parallelism(self, ctx: StageContext) -> int:
        names = [n for n in (self.params.judge, self.params.closed_book) if n]
        return min((ctx.teacher(n).max_in_flight for n in names), default=64)

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        await asyncio.gather(*(self._one(r, ctx) for r in batch))
        return batch

    async def _one(self, record: Record, ctx: StageContext) -> None:
        try:
            outcome: Outcome = await self.judge_item(record, ctx)
        except Quarantine as exc:
            outcome = Fail(str(exc))
        self.apply(record, outcome)

    async def judge_item(self, record: Record, ctx: StageContext) -> Pass | Reject:
        """The outcome of one item (its evidence spans written into the data when it
        passes)."""
        p, data = self.params, record.data
        question, answer = str(data.get("question") or ""), str(data.get("answer") or "")
        if not question.strip() or not answer.strip():
            return Reject("no_question", "the question or the answer is empty")
        passages = [str(t) for t in data.get("context") or []]
        if data.get("kind") == "unanswerable":
            if answer.strip().lower().rstrip(".") != UNANSWERABLE:
                return Reject("answered_unanswerable",
                              f"an unanswerable item answers {answer!r}")
            if not set(content_words(question)) & set(content_words("\n".join(passages))):
                return Reject("off_topic", "the unanswerable question shares no content word "
                              "with the passages", score=0.0)
            if (answered := answered_in(question, passages)) is not None:
                sentence, found = answered
                return Reject("unsupported", f"the passages answer the question said to be "
                              f"unanswerable: {sentence!r} gives {found.text}", score=0.0)
            return Pass("ok", "declines as it should")
        quotes = [q for q in data.get("evidence") or [] if str(q).strip()]
        if not quotes:
            return Reject("no_evidence", "the answer quotes no evidence")
        spans = []
        for quote in quotes:
            span = locate(quote, passages, p.min_span_score)
            if span is None:
                return Reject("span_not_found", f"evidence {quote!r} is not in the passages "
                              f"(best match {best_score(quote, passages):.0f} < "
                              f"{p.min_span_score:.0f})")
            copied = window(passages[span.passage], span)
            changed = altered(quote, copied)
            if changed is not None:
                return Reject("altered_span", f"evidence {quote!r} says {changed!r}, which its "
                              f"place in the passages does not (score {span.score:.0f})")
            order = reordered(quote, copied)
            if order is not None:
                return Reject("altered_span", f"evidence {quote!r} gives {order[1]!r} after "
                              f"{order[0]!r}, which its place in the passages gives the other "
                              f"way round (score {span.score:.0f})")
            left_out = dropped(quote, copied)
            if left_out is not None:
                return Reject("altered_span", f"evidence {quote!r} leaves out {left_out!r}, "
                              f"which its place in the passages says (score {span.score:.0f})")
            if joined_sentences(quote, copied):
                return Reject("altered_span", f"evidence {quote!r} joins two sentences of the "
                              "passages with an ellipsis, as if one said it")
            spans.append(span)
        if data.get("kind") == "multi_hop" and len({s.passage for s in spans}) < 2:
            return Reject("single_hop", "a multi-hop item quotes only one passage")
        quoted = [window(passages[s.passage], s) for s in spans]
        evidence = "\n".join(quoted)
        # words of another language than the evidence's cannot be compared with it: such an
        # answer is read by its numbers (grouped as that language groups them: "1.200"), and by
        # the judge where one is named
        crossed = other_language(f"{question}\n{answer}", evidence)
        # "7.845 km" as the evidence's "7845 metres", "8 a.m." as its "8:00", "about 33%" as
        # its "a third"; "No, they don't pay" without its "don't pay"
        read = restated_no(in_evidence_shares(in_evidence_units(in_evidence_times(
            dotted_thousands(answer, evidence) if crossed else answer, evidence), evidence),
            evidence), question, evidence)
        # an answer that joins two quotes, or answers a question that asks for a change or a
        # total, may compute from them
        computed = (sums_and_differences(evidence)
                    if data.get("kind") == "multi_hop" or asks_computed(question)
                    else frozenset[str]())
        # a share the evidence names may be stated in figures ("half of them": "32, half of 64")
        computed |= shares_of(evidence + "\n" + question, evidence)
        computed |= shown_computations(read, evidence)
        stated = set(numbers(evidence + "\n" + question)) | computed
        number = next((n for n in numbers(read) if n not in stated), None)
        if number is not None:
            return Reject("unsupported_number", f"the answer's number or date {number!r} is in "
                          "neither the evidence nor the question", score=0.0)
        units = other_unit(read, evidence) or lost_percent(read, evidence)
        if units is not None:
            return Reject("wrong_unit", f"the answer's {units[0]!r} is {units[1]!r} in the "
                          "evidence", score=0.0)
        denial = added_negation(read, evidence)
        if denial is not None:
            return Reject("negated", f"the answer says {denial!r}, which its evidence does not: "
                          "it denies what it quotes", score=0.0)
        cut = [sentence_before(passages[s.passage], s.start) for s in spans]
        said = said_otherwise("" if crossed else question, read, quoted, cut, passages,
                              multi_hop=data.get("kind") == "multi_hop")
        if said is not None:
            return Reject("unsupported", said, score=0.0)
        unnamed = None if crossed else unsupported_name(read, evidence + "\n" + question)
        if unnamed is not None:
            return Reject("unsupported", f"the answer's name {unnamed!r} is in neither the "
                          "evidence nor the question", score=0.0)
        if echoes(read, evidence, question):
            return Reject("unsupported", "the evidence only repeats the answer: it says nothing "
                          "of what the question asks", score=0.0)
        weakest = (None if crossed and not p.judge else
                   await self._weakest_claim(read, evidence, computed, ctx))
        if weakest is not None:
            claim, score = weakest
            return Reject("unsupported", f"the claim {claim!r} is not supported by the "
                          f"evidence (support {score:.2f})", score=score)
        if p.closed_book:
            said = await self._closed_book(question, ctx)
            f1 = token_f1(answer, said)
            if f1 >= p.leak_f1:
                return Reject("closed_book", f"answered without the passages: {said!r} "
                              f"matches {answer!r} (F1 {f1:.2f})", score=f1)
        record.update(evidence_spans=[{"passage": s.passage, "start": s.start, "end": s.end,
                                       "score": s.score} for s in spans])
        return Pass("ok", f"{len(spans)} evidence span(s) found",
                    score=min(s.score for s in spans) / 100)

    async def _weakest_claim(self, answer: str, evidence: str, computed: frozenset[str],
                             ctx: StageContext) -> tuple[str, float] | None:
        """The first claim below ``min_support`` (or judged unsupported), with its score;
        ``computed``: the numbers a multi-hop answer may derive, which count as supported."""
        for claim in claims(answer) or [answer]:
            if self.params.judge:
                reply = await self._ask(self.params.judge, JUDGE.format(
                    evidence=evidence, claim=claim), ctx, parser=_yes_no)
                if _yes_no(reply) == "no":
                    return claim, 0.0
                continue
            score = support(claim, evidence, computed)
            if score < self.params.min_support:
                return claim, score
        return None

    async def _closed_book(self, question: str, ctx: StageContext) -> str:
        assert self.params.closed_book is not None
        return await self._ask(self.params.closed_book, CLOSED_BOOK.format(question=question),
                               ctx)

    async def _ask(self, name: str, prompt: str, ctx: StageContext,
                   parser: Parser | None = None) -> str:
        teacher: Teacher = ctx.teacher(name)
        try:
            done = await teacher.chat([{"role": "user", "content": prompt}], stage=ctx.stage,
                                      parser=parser, temperature=0.0, max_tokens=48)
        except TeacherError as exc:
            raise Quarantine(f"teacher {name!r} gave up: {exc}") from None
        return done.text


def said_otherwise(question: str, read: str, quoted: list[str], cut: list[str],
                   passages: list[str], *, multi_hop: bool) -> str | None:
    """Why the answer says something its evidence (the ``quoted`` text of each quote, and what
    each ``cut`` off of its sentence) says otherwise, or None: a word turned round, a bound
    changed, a number or a name bound to another thing of the evidence or of a quote's sentence
    (:mod:`synthloop.checks.binding`). One reason, the first found, so each reading stays a
    plain function of the texts and the stage gives them all one verdict code."""
    evidence = "\n".join(quoted)
    if (turned := opposite(read, evidence)) is not None:
        return f"the answer says {turned[0]!r} where its evidence says {turned[1]!r}"
    if (rest := complement_share(question, read, evidence)) is not None:
        return (f"the question asks of the rest of what its evidence gives as {rest[1]!r}; the "
                f"answer's {rest[0]!r} is that share, not the rest")
    if (alone := exclusive(read, evidence)) is not None:
        return f"the answer says {alone[0]!r} where its evidence says {alone[1]!r}"
    if (bounded := changed_bound(read, evidence)) is not None:
        return f"the answer says {bounded[0]!r} where its evidence says {bounded[1]!r}"
    if (compared := added_comparison(question, read, evidence)) is not None:
        return (f"the answer says {compared!r}, a comparison that neither its evidence nor the "
                "question makes")
    if (comparison := turned_comparison(question, read, evidence)) is not None:
        word, picked, other = comparison
        return (f"the answer picks what its evidence gives {picked.text} ({picked.said_of!r}), "
                f"but {word!r} picks {other.text} ({other.said_of!r})")
    if (sides := other_time(question, read, evidence)) is not None:
        side, wanted, got = sides
        return (f"the question asks for the number {side!r} a change, which its evidence gives "
                f"as {wanted.text} ({wanted.said_of!r}); the answer's {got.text} is from the "
                "other side of it")
    if (piece := one_part(question, read, evidence)) is not None:
        return (f"the question asks for a whole, and the answer's {piece[0].text} is one part "
                f"of it ({piece[0].said_of!r}): its evidence adds {piece[1].text} "
                f"({piece[1].said_of!r})")
    if (swap := replaced(question, read, evidence)) is not None:
        return (f"the answer gives {swap[0].text}, which its evidence says was replaced "
                f"({swap[0].said_of!r}); it holds {swap[1].text} now")
    if (year := other_year(question, read, evidence)) is not None:
        return (f"the question asks about {year[0]}, which its evidence does not give; it says "
                f"the answer's {year[1].text} beside {year[2].text} ({year[1].said_of!r})")
    if (office := out_of_office(question, read, evidence)) is not None:
        word, holder = office
        return (f"the question asks who it is {word!r}, but its evidence says the answer's "
                f"{holder.name!r} " + (f"{holder.ended!r} ({holder.said!r}): that is over"
                                       if holder.ended else f"is so still ({holder.said!r})"))
    if (swapped := answers_another(question, read, evidence)) is not None:
        word, asked, given = swapped
        return (f"the question asks about {word!r}, which its evidence gives {asked.text} "
                f"({asked.said_of!r}); the answer gives {given.text}, which it says of another "
                f"thing ({given.said_of!r})")
    if not multi_hop and (beside := named_elsewhere(question, read, evidence)) is not None:
        name, given, other = beside
        return (f"the question asks about {name!r}, which its evidence says beside {other.text} "
                f"({other.said_of!r}), not beside the answer's {given.text} "
                f"({given.said_of!r})")
    if not multi_hop and (apart := named_apart(question, read, evidence)) is not None:
        name, home, away = apart
        return (f"the answer's {name!r} is in another claim of its evidence ({away!r}) than the "
                f"one the question asks about ({home!r})")
    if (headless := cut_subject(question, read, quoted, cut)) is not None:
        name, theirs, sentence = headless
        return (f"the answer's {name!r} is not whom its passage says it of: the quote that "
                f"answers is cut from {sentence!r}, which says it of {theirs!r}")
    if (roles := done_by_another(question, read, evidence)) is not None:
        name, home, away = roles
        return (f"the answer says of {name!r} what its evidence says of another ({home!r}); of "
                f"{name!r} it says {away!r}")
    if (elsewhere := other_subject(question, read, evidence, passages)) is not None:
        word, given, other = elsewhere
        return (f"the question asks about {word!r}, which the passages give {other.text} "
                f"({other.said_of!r}); its evidence does not name it, so the answer's "
                f"{given.text} is said of something else")
    if (part := part_for_whole(question, read, evidence, passages)) is not None:
        return (f"the question asks about {part[0]!r}, which the passages say of a part of the "
                f"group its evidence counts ({part[1]!r}): the answer gives the whole")
    return None
