from __future__ import annotations

from synthloop.curate.code_task import defined_names, docstring_prose, literals


def test_literals_are_the_bracketed_data_at_any_depth_without_spaces() -> None:
    # the call's own parentheses hold one element: not data of their own
    assert literals("assert position_max([12, 33, 23, 667]) == [3]") == {"[12,33,23,667]"}
    assert literals("so that {'a': 1, 'b': {'c': {'d': {}}}} gives 4") == {
        "{'a':1,'b':{'c':{'d':{}}}}"}


def test_code_and_small_data_are_not_literals() -> None:
    # names inside (a parameter list, a call), too little data, one element, unbalanced
    assert literals("def f(test_tup1, test_tup2): return (2, len(l))") == frozenset()
    assert literals("[1, 2, 3, 4, 5] and ('a', 'b', 'c') and (1, 2)") == frozenset()
    assert literals("[123456789] and [15, -73, 14") == frozenset()
    assert literals("f(x)] then [15, -73, 14]") == {"[15,-73,14]"}


def test_docstring_prose_stops_at_the_examples() -> None:
    stub = ('def longest(strings):\n    """ Out of list of strings, return the longest one.\n'
            '    Return None in case the input list is empty.\n    >>> longest([])\n\n    """\n')
    assert docstring_prose(stub) == ("Out of list of strings, return the longest one. Return None "
                                     "in case the input list is empty.")
    assert docstring_prose("def f(n):\n    '''Sum to n.\n    For example: f(2) == 3'''") == (
        "Sum to n.")
    assert docstring_prose('def f():\n    """>>> f()\n    1"""') is None
    assert docstring_prose("Write a function to reverse a string.") is None


def test_defined_names_are_compound_function_names() -> None:
    code = "def is_happy(s):\n    pass\ndef solve(x):\n    pass\ndef findMax(a): ...\ndef _x(): ..."
    assert defined_names(code) == {"is_happy", "findMax"}
