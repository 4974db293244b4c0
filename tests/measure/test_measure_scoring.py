"""Final-answer exact match and sandboxed pass@1."""

import pytest

from synthloop.codeblocks import extract_code
from synthloop.measure.scoring import exact_match, final_answer, pass_at_1


@pytest.mark.parametrize(("output", "answer"), [
    ("She pays 3 * 4 = <<3*4=12>>12 dollars.\n#### 12", "12"),
    ("The total is $1,200.", "1200"),
    ("So the answer is 7.50.", "7.5"),
    ("Janet makes 18 dollars.", "Janet sells 9 eggs.\n#### 18"),
])
def test_exact_match_on_final_numbers(output, answer):
    assert exact_match(output, answer) == 1.0


def test_exact_match_misses():
    assert exact_match("#### 13", "12") == 0.0
    assert exact_match("I do not know", "12") == 0.0
    assert final_answer("first 3 then 5, so 8 apples") == "8"


def test_extract_code_prefers_fenced_blocks():
    assert extract_code("Here:\n```python\ndef f():\n    return 1\n```\nDone") == (
        "def f():\n    return 1")
    assert extract_code("```\nimport os\n```\nthen\n```py\nx = 1\n```") == "import os\n\nx = 1"
    assert extract_code("def f(): pass\n") == "def f(): pass"


def test_pass_at_1_runs_code_in_a_separate_process():
    tests = "def check(f):\n    assert f(2) == 4\n"
    assert pass_at_1("```python\ndef double(x):\n    return 2 * x\n```", tests,
                     entry_point="double") == 1.0
    assert pass_at_1("def double(x):\n    return x + 1\n", tests, entry_point="double") == 0.0
    assert pass_at_1("while True:\n    pass\n", "", timeout_s=1.0) == 0.0
    # the program cannot see synthloop's environment
    assert pass_at_1("import os\nassert 'HOME' not in os.environ\n", "") == 1.0
