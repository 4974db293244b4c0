"""validate.label_consistency: a classifier trained on the real examples keeps the records it
assigns to their label, confidently; it never judges with a model that saw the record's source."""

import sys
import textwrap

import pytest

from synthloop.errors import DataError
from synthloop.measure.consistency import (
    Guess,
    LabelConsistency,
    LabelConsistencyParams,
    calibrate,
    judge,
    like_source,
)
from synthloop.records import Record, Status
from synthloop.stages import StageContext

REAL = """\
text,category
my new card has not arrived yet,card_arrival
when will my card be delivered,card_arrival
the card you sent me still hasn't come,card_arrival
still waiting for my card in the post,card_arrival
what is the exchange rate for euros today,exchange_rate
how many dollars do I get for one pound,exchange_rate
which rate do you use to convert currencies,exchange_rate
is your currency exchange rate fair,exchange_rate
"""


def run_stage(tmp_path, records, real=REAL, **params):
    (tmp_path / "real.csv").write_text(real)
    stage = LabelConsistency(LabelConsistencyParams(
        real=str(tmp_path / "real.csv"), real_fields={"label": "category"},
        cache_dir=str(tmp_path / "cache"), **params))
    ctx = StageContext(spec_hash="h", stage=stage.name, stage_index=2, seed=0,
                       run_dir=tmp_path)
    stage.setup(ctx)
    stage.index(records, ctx)
    return stage, stage.decide(records, ctx)


def rec(rid, text, label, **data):
    return Record(id=rid, data={"text": text, "label": label, **data})


def test_guess_and_judge_reasons():
    assert judge(Guess("b", 0.6, 0.3), "a", None) == (
        False, "other_label", "the real-trained classifier assigns 'b' (p 0.60), not the "
        "intended 'a' (p 0.30)")
    assert judge(Guess("a", 0.3, 0.3), "a", 0.4) == (
        False, "low_confidence", "the real-trained classifier gives 'a' only p 0.30, below the "
                                 "threshold 0.40")
    assert judge(Guess("a", 0.5, 0.5), "a", 0.4) == (
        True, "ok", "the real-trained classifier assigns 'a' (p 0.50 >= threshold 0.40)")
    assert judge(Guess(None, None, 0.5), "a", None)[0]  # a command gives p(label) only


def test_calibrate_keeps_the_share_of_right_held_out_examples():
    held = [Guess("a", p, p) for p in (0.9, 0.8, 0.7, 0.6, 0.5)] + [Guess("b", 0.9, 0.05)]
    assert calibrate(held, 0.8) == 0.6  # keeps 4 of the 5 the model gets right
    assert calibrate(held, 1.0) == 0.5
    with pytest.raises(DataError, match="classifies none of the held-out real examples"):
        calibrate([Guess("b", 0.9, 0.05)], 0.9)


def test_embedding_filter_keeps_the_intended_label_and_says_why(tmp_path):
    records = [rec("ok", "my card never showed up in the mail", "card_arrival"),
               rec("wrong", "what rate do you give for converting dollars to euros",
                   "card_arrival"),
               rec("copy", "when will my card be delivered", "card_arrival"),
               rec("new", "I want to close my account", "closing_account"),
               rec("empty", "", "card_arrival")]
    stage, out = run_stage(tmp_path, records, threshold=0.3)
    by_id = {r.id: r.verdicts[-1] for r in out}
    assert by_id["ok"].passed and by_id["ok"].check == "validate.label_consistency.ok"
    assert by_id["ok"].details["predicted"] == "card_arrival"
    assert by_id["ok"].score == by_id["ok"].details["p_label"] >= 0.3
    assert by_id["ok"].reason.startswith("the real-trained classifier assigns 'card_arrival' "
                                         "(p 0.")
    wrong = by_id["wrong"]
    assert not wrong.passed and wrong.check == "validate.label_consistency.other_label"
    assert wrong.details["predicted"] == "exchange_rate"
    assert wrong.reason.startswith("the real-trained classifier assigns 'exchange_rate' (p ")
    assert by_id["copy"].check == "validate.label_consistency.real_example"
    assert by_id["new"].reason == ("no real example has the label 'closing_account', so the "
                                   "filter cannot judge it")
    assert by_id["empty"].check == "validate.label_consistency.no_text"
    assert stage.calibration == {"threshold": 0.3, "from": "set"}


def test_threshold_is_set_on_held_out_real_data(tmp_path):
    stage, out = run_stage(tmp_path, [rec("a", "where is my card, it is late",
                                          "card_arrival")], real_recall=1.0)
    cal = stage.calibration
    assert cal["from"] == "held-out real data" and cal["held_out"] == 8
    assert 0 < cal["threshold"] == out[0].verdicts[-1].details["threshold"] <= 1


def test_top_k_keeps_the_most_probable_per_label(tmp_path):
    records = [rec("r1", "my card has still not arrived, where is it", "card_arrival"),
               rec("r2", "card delivery", "card_arrival"),
               rec("r3", "what's the euro to pound exchange rate", "exchange_rate")]
    _, out = run_stage(tmp_path, records, top_k=1)
    verdicts = {r.id: r.verdicts[-1] for r in out}
    ranked = sorted(("r1", "r2"), key=lambda r: -verdicts[r].score)
    first, second = verdicts[ranked[0]], verdicts[ranked[1]]
    assert first.passed and first.details["rank"] == 1 and first.details["of"] == 2
    assert first.reason.endswith("rank 1 of 2 for 'card_arrival' (top 1 kept)")
    assert second.check == "validate.label_consistency.not_top_k"
    assert second.reason.endswith("but it ranks 2 of 2 for 'card_arrival'; only the 1 most "
                                  "probable are kept")
    assert verdicts["r3"].passed and verdicts["r3"].details["of"] == 1


def test_top_k_ranks_first_choices_only_and_rescues_none_like_source(tmp_path):
    # the model's first choice for the rewrite is exchange_rate (p 0.42 for card_arrival, over
    # half its source's 0.79: like_source would rescue it under a threshold); top-k keeps the
    # most probable first choices, so it is rejected, not looked up among them
    real = REAL + ("I want to close my account,terminate_account\n"
                   "please delete my account,terminate_account\n"
                   "how do I cancel my membership with you,terminate_account\n"
                   "I no longer want an account here,terminate_account\n")
    source = "when will my card be delivered"
    records = [rec("mixed", "my card delivery, the exchange rate", "card_arrival", source=source),
               rec("clean", "my card has still not arrived", "card_arrival", source=source)]
    _, out = run_stage(tmp_path, records, real=real, top_k=1, folds=2)
    mixed, clean = (r.verdicts[-1] for r in out)
    assert (mixed.check, mixed.passed) == ("validate.label_consistency.other_label", False)
    assert mixed.details["predicted"] == "exchange_rate"
    assert mixed.reason.startswith("the real-trained classifier assigns 'exchange_rate'")
    assert clean.passed and clean.details["rank"] == 1 and clean.details["of"] == 1


TRAIN = """\
import json, sys
items = [json.loads(line) for line in open(sys.argv[1])]
json.dump([it["text"] for it in items], open(sys.argv[2] + "/seen.json", "w"))
"""
# p(label) = 1 unless the model trained on the item's source: the filter must never do that
EVAL = """\
import json, sys
seen = set(json.load(open(sys.argv[1] + "/seen.json")))
items = [json.loads(line) for line in open(sys.argv[2])]
json.dump({"scores": [0.0 if it.get("source") in seen else 1.0 for it in items]},
          open(sys.argv[3], "w"))
"""


def test_a_rewrite_is_never_judged_by_a_model_that_saw_its_source(tmp_path):
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "eval.py").write_text(EVAL)
    student = {"kind": "command",
               "train": f"{sys.executable} {tmp_path / 'train.py'} {{train}} {{model_dir}}",
               "eval": f"{sys.executable} {tmp_path / 'eval.py'} {{model_dir}} {{eval}} "
                       "{result}"}
    records = [rec(f"s{i}", f"rewrite {i}", label, source=source) for i, (label, source) in
               enumerate([("card_arrival", "when will my card be delivered"),
                          ("exchange_rate", "is your currency exchange rate fair"),
                          ("exchange_rate", "no such real example")])]
    _, out = run_stage(tmp_path, records, student=student, threshold=0.5, folds=2)
    assert [r.status for r in out] == [Status.OK] * 3
    assert [r.verdicts[-1].details["p_label"] for r in out] == [1.0, 1.0, 1.0]
    assert [r.verdicts[-1].details["predicted"] for r in out] == [None, None, None]


# p(label) by text: a real source the model places well, a faithful rewrite of it the model
# places a little worse, and a rewrite that drifted to another label
SCORES = """\
import json, sys
p = {"when will my card be delivered": 0.9, "has my card been sent yet": 0.6,
     "what rate do you give me for euros": 0.3}
items = [json.loads(line) for line in open(sys.argv[2])]
json.dump({"scores": [p.get(it["text"], 0.0) for it in items]}, open(sys.argv[3], "w"))
"""


def test_a_rewrite_placed_as_its_source_is_kept_like_source(tmp_path):
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "eval.py").write_text(SCORES)
    student = {"kind": "command",
               "train": f"{sys.executable} {tmp_path / 'train.py'} {{train}} {{model_dir}}",
               "eval": f"{sys.executable} {tmp_path / 'eval.py'} {{model_dir}} {{eval}} "
                       "{result}"}
    source = "when will my card be delivered"
    records = [rec("faithful", "has my card been sent yet", "card_arrival", source=source),
               rec("drifted", "what rate do you give me for euros", "card_arrival",
                   source=source)]
    _, out = run_stage(tmp_path, records, student=student, threshold=0.7, folds=2)
    faithful, drifted = (r.verdicts[-1] for r in out)
    assert (faithful.check, faithful.passed) == ("validate.label_consistency.like_source", True)
    assert faithful.reason == (
        "the real-trained classifier gives 'card_arrival' only p 0.60, below the threshold "
        "0.70; but it keeps 67% of its real source's probability for the label (0.90; at least "
        "50%), as a faithful rewrite of an example this classifier misplaces does")
    assert faithful.details["p_source"] == 0.9
    assert (drifted.check, drifted.passed) == ("validate.label_consistency.low_confidence", False)


def test_like_source_needs_a_share_of_the_source_and_more_than_chance():
    source = Guess("b", 0.3, 0.2)
    assert like_source(Guess("b", 0.3, 0.1), source, 0.5, 77) is not None
    assert like_source(Guess("b", 0.3, 0.09), source, 0.5, 77) is None  # under half
    assert like_source(Guess("b", 0.3, 0.012), Guess("b", 0.3, 0.02), 0.5, 77) is None  # chance


def test_unreadable_real_data_names_the_file(tmp_path):
    (tmp_path / "real.csv").write_text(textwrap.dedent("""\
        words,category
        hi,card_arrival
        """))
    stage = LabelConsistency(LabelConsistencyParams(
        real=str(tmp_path / "real.csv"), real_fields={"label": "category"}))
    ctx = StageContext(spec_hash="h", stage=stage.name, stage_index=0, seed=0,
                       run_dir=tmp_path)
    with pytest.raises(DataError, match=r"real.csv"):
        stage.setup(ctx)


ONE_SHOT = """\
text,category
my new card has not arrived yet,card_arrival
what is the exchange rate for euros today,exchange_rate
"""


def test_one_example_per_label_needs_the_all_real_model_and_says_so(tmp_path):
    (tmp_path / "one.csv").write_text(ONE_SHOT)
    ctx = StageContext(spec_hash="h", stage="validate.label_consistency", stage_index=0,
                       seed=0, run_dir=tmp_path)
    params = {"real": str(tmp_path / "one.csv"), "real_fields": {"label": "category"},
              "cache_dir": str(tmp_path / "cache")}
    with pytest.raises(DataError, match=r"one.csv: every label has a single real example, so "
                                        r"none can be held out.*set `source_field: null`"):
        LabelConsistency(LabelConsistencyParams(**params)).setup(ctx)
    stage = LabelConsistency(LabelConsistencyParams(**params, source_field=None, threshold=0.0))
    stage.setup(ctx)
    records = [rec("ok", "my card never came in the post", "card_arrival",
                   source="my new card has not arrived yet"),
               rec("drifted", "how many euros do I get for a pound", "card_arrival",
                   source="my new card has not arrived yet")]
    stage.index(records, ctx)
    verdicts = [r.verdicts[-1] for r in stage.decide(records, ctx)]
    assert [v.check.rsplit(".", 1)[-1] for v in verdicts] == ["ok", "other_label"]
    assert verdicts[1].details["predicted"] == "exchange_rate"
