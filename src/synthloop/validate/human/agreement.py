"""Agreement between raters: Cohen's kappa (two raters), Fleiss' kappa (a fixed number of
raters per item) and Krippendorff's alpha (nominal; any number of raters, missing ratings).

Each is chance-corrected: 1 is perfect agreement, 0 what raters labelling at random with their
own label frequencies would reach. A statistic is ``None`` where it is undefined (every rating
the same label, so chance agreement is already 1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from itertools import permutations


def percent_agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Share of items on which two raters gave the same label."""
    _same_length(a, b)
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """kappa = (p_o - p_e) / (1 - p_e), p_e = sum over labels of p_a(label) * p_b(label)."""
    _same_length(a, b)
    n = len(a)
    pa, pb = Counter(a), Counter(b)
    p_e = sum(pa[k] * pb[k] for k in pa) / (n * n)
    if p_e == 1:
        return None
    return (percent_agreement(a, b) - p_e) / (1 - p_e)


def fleiss_kappa(items: Sequence[Sequence[Hashable]]) -> float | None:
    """Each item is the list of its labels, every item rated by the same number of raters.

    P_i = (sum_j n_ij^2 - m) / (m (m - 1)); kappa = (mean P_i - P_e) / (1 - P_e) with
    P_e = sum_j p_j^2 and p_j the share of all ratings that are label j."""
    if not items:
        raise ValueError("no items to compare")
    m = len(items[0])
    if m < 2 or any(len(it) != m for it in items):
        raise ValueError("Fleiss' kappa needs the same number (>= 2) of ratings per item")
    totals: Counter[Hashable] = Counter()
    p_bar = 0.0
    for labels in items:
        counts = Counter(labels)
        totals.update(counts)
        p_bar += (sum(c * c for c in counts.values()) - m) / (m * (m - 1))
    p_bar /= len(items)
    n_ratings = m * len(items)
    p_e = sum((c / n_ratings) ** 2 for c in totals.values())
    if p_e == 1:
        return None
    return (p_bar - p_e) / (1 - p_e)


def krippendorff_alpha(units: Sequence[Sequence[Hashable]]) -> float | None:
    """Nominal alpha over units given as their available labels (missing ones left out).

    Units with fewer than two labels are not pairable and drop out. With the coincidence matrix
    o_ck (each ordered pair of labels in a unit of m labels adds 1 / (m - 1)) and n_c its
    marginals: alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k."""
    observed_off = 0.0
    marginals: Counter[Hashable] = Counter()
    for labels in units:
        m = len(labels)
        if m < 2:
            continue
        marginals.update({k: v for k, v in Counter(labels).items()})
        observed_off += sum(x != y for x, y in permutations(labels, 2)) / (m - 1)
    n = sum(marginals.values())
    expected_off = n * n - sum(c * c for c in marginals.values())
    if n == 0 or expected_off == 0:
        return None
    return 1 - (n - 1) * observed_off / expected_off


def _same_length(a: Sequence[Hashable], b: Sequence[Hashable]) -> None:
    if len(a) != len(b) or not a:
        raise ValueError(f"two raters need the same, non-zero number of items ({len(a)} vs "
                         f"{len(b)})")
