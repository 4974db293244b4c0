"""Agreement statistics against values computed by hand (and published worked examples)."""

from __future__ import annotations

import pytest

from synthloop.validate.human.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)


def test_cohen_kappa_by_hand() -> None:
    # 8 of 10 agree (p_o 0.8); each rater says Y 7 times: p_e = 0.7^2 + 0.3^2 = 0.58.
    a = list("YYNYNYYNYY")
    b = list("YNNYNYYYYY")
    assert percent_agreement(a, b) == pytest.approx(0.8)
    assert cohen_kappa(a, b) == pytest.approx(0.22 / 0.42)


def test_cohen_kappa_wikipedia_table() -> None:
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o 0.7, p_e 0.5*0.6 + 0.5*0.4 = 0.5 -> 0.4.
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_kappa_undefined_and_bad_input() -> None:
    assert cohen_kappa(["y", "y"], ["y", "y"]) is None
    with pytest.raises(ValueError, match="same, non-zero number of items"):
        cohen_kappa(["y"], ["y", "n"])


def test_fleiss_kappa_by_hand() -> None:
    # P_i = 1, 1/3, 1 -> mean 7/9; p_Y 5/9, p_N 4/9 -> P_e 41/81; kappa = 22/40.
    assert fleiss_kappa([list("YYY"), list("YYN"), list("NNN")]) == pytest.approx(0.55)


def test_fleiss_kappa_wikipedia_example() -> None:
    table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
             [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
             [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    items = [[j for j, n in enumerate(row) for _ in range(n)] for row in table]
    assert fleiss_kappa(items) == pytest.approx(0.210, abs=5e-4)


def test_krippendorff_alpha_by_hand() -> None:
    # Coincidences: YY 3+1, NN 3, YN 1, NY 1; n_Y 5, n_N 4: alpha = 1 - 8*2/40 = 0.6.
    assert krippendorff_alpha([list("YYY"), list("YYN"), list("NNN")]) == pytest.approx(0.6)


def test_krippendorff_alpha_with_missing_ratings() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units,
    # missing values; nominal alpha 0.743. Unit 12 has one value and is not pairable.
    coders = ["1 2 3 3 2 1 4 1 2 . . .", "1 2 3 3 2 2 4 1 2 5 . 3",
              ". 3 3 3 2 3 4 2 2 5 1 .", "1 2 3 3 2 4 4 1 2 5 1 ."]
    rows = [c.split() for c in coders]
    units = [[r[u] for r in rows if r[u] != "."] for u in range(12)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha([["a"], ["b"]]) is None
