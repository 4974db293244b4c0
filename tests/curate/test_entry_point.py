from __future__ import annotations

from synthloop.curate.entry_point import Function, declared, key, parameters, signatures

ITEM = ('def rotation_match(word: str, pattern: str, *, strict: bool = False) -> bool:\n'
        '    """Whether pattern or a rotation of it is in word."""\n'
        'def helper(x):\n    return x\n')


def test_a_name_in_any_identifier_style_is_one_key() -> None:
    assert key("rotation_match") == key("rotationMatch") == key("RotationMatch") == (
        "rotationmatch")
    assert key("solve") is None and key("Solve") is None


def test_an_items_functions_are_read_with_their_parameter_names() -> None:
    assert parameters(ITEM) == {"rotationmatch": Function(
        "rotation_match", frozenset({"word", "pattern", "strict"}))}


def test_a_signature_in_another_language_declares_the_items_function() -> None:
    item = parameters(ITEM)
    java = "public static boolean rotationMatch(String word, String pattern, boolean strict)"
    go = "func RotationMatch(word, pattern string, strict bool) bool"
    assert signatures(go)["rotationmatch"] == {"RotationMatch", "word", "pattern", "string",
                                               "strict", "bool"}
    assert declared(signatures(java), item) == item["rotationmatch"]
    assert declared(signatures(go), item) == item["rotationmatch"]
    # the name without the item's parameters, or the parameters under another name, is not it
    assert declared(signatures("function rotationMatch(s: string, p: string)"), item) is None
    assert declared(signatures("boolean hasRotation(String word, String pattern, "
                               "boolean strict)"), item) is None
    # in the item's own spelling it is left to the stage's own-name rule
    assert declared(signatures("def rotation_match(word, pattern, strict):"), item) is None
