"""Times of day and durations read in any of their forms (synthloop.checks.clock)."""

from __future__ import annotations

from synthloop.checks.clock import clock_times, in_evidence_times


def test_clock_times_reads_each_form_as_24_hours() -> None:
    assert clock_times("13.00, 1:30 p.m., 9 am and 14 Uhr") == {"13:00", "13:30", "09:00",
                                                               "14:00"}
    assert clock_times("it took 9:15") == set()  # a one-digit hour: maybe minutes


def test_in_evidence_times_writes_a_matching_time_as_the_evidence_does() -> None:
    evidence = "Doors open at 6:45 and the show runs 2:05:00."
    assert in_evidence_times("6:45 a.m.; 2 h 5 min", evidence) == "6:45; 2:05:00"
    assert in_evidence_times("6:45 p.m.; 2 h 15 min", evidence) == "6:45 p.m.; 2 h 15 min"
