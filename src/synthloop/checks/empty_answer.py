"""Responses that have the form of an answer with nothing in it.

A generator that stops early or fills a template leaves a husk: "Sure, here's the query:" and
an empty code block, a function whose body is ``pass`` or a TODO, a bare link where an
explanation was asked, the prompt set out as a transcript with the answer's turn left empty,
a sentence cut off before its answer ("The largest moon of Saturn is"), a pointer to where the
answer is ("Every biology textbook covers this"). Each shares the
prompt's words or says nothing an embedding can weigh, so a similarity check may keep it.
:func:`husk` takes the empty parts out and says what they were; a response with no text left
but an introduction answers nothing.
"""

from __future__ import annotations

import ast
import re

# A fenced code block, its language tag, and what it holds.
_FENCE = re.compile(r"```[\w+#.-]*[ \t]*\n?(.*?)```", re.DOTALL)
_URL = re.compile(r"<?\bhttps?://[^\s>]+>?|\bwww\.[^\s>]+")
# The instruction asks for a link or a source: then a link is the answer.
_ASKS_LINK = re.compile(r"\b(?:links?|urls?|websites?|web ?pages?|sites?|sources?|references?|"
                        r"citations?|cite|download|e-?mail|address|contact)\b", re.IGNORECASE)
# The instruction asks for code with no body ("a stub", "a function that does nothing"):
# then a stub is the answer.
_ASKS_STUB = re.compile(r"\b(?:stubs?|skeleton|signatures?|placeholders?|boilerplate|(?:does|do) "
                        r"nothing|empty (?:function|method|class|body))\b", re.IGNORECASE)
# A function or block with an empty body in a language with braces: "{ }", "{ // TODO }".
_BODY_OPENS = r"\)\s*(?:->\s*[\w<>\[\], ]+\s*)?\{"  # "add(a, b) {", "f() -> int {"
_BRACED_BODY = re.compile(_BODY_OPENS)
_EMPTY_BRACES = re.compile(rf"{_BODY_OPENS}\s*(?:(?://|#)[^\n]*\s*|/\*.*?\*/\s*)*\}}", re.DOTALL)
# "User:", "Assistant:", "Q:": a speaker's label opening a line of a transcript.
_ROLE = re.compile(r"^[ \t]*(?:user|human|assistant|ai|bot|system|q|a|question|answer|response)"
                   r"[ \t]*:[ \t]*", re.IGNORECASE | re.MULTILINE)
# Words a sentence cannot end on: an article, a copula, a conjunction, a possessive ("I have
# no count of the people I've slept with" ends on a preposition, and is whole).
_DANGLING = frozenset("""a an the is are was were of and or but whose its their his her my your
our than""".split())
_WORD = re.compile(r"[\w']+")
_MARKDOWN_LINK = re.compile(r"\[[^\]\n]*\]\(\s*\)?")  # its address (and ")") already taken out
_COURTESY = 2  # words of what may open a cut-off answer: "Sure!", "Of course."
# Words that point at a link rather than say anything: "See", "More info here:".
_POINTING = frozenset("""see read check visit look here link more info information details out
click go page website site source at this""".split())
# A source said to hold the answer, "this" or "it" standing for the question: "Every biology
# textbook covers this", "Wikipedia explains it well".
_REFERRAL = re.compile(r"\b(?:text)?books?\b|\bencyclop\w+|\bwikipedia\b|\barticles?\b|\bguides?\b|"
                       r"\bmanuals?\b|\bdocumentation\b|\bchapters?\b|\bcourses?\b|\btutorials?\b|"
                       r"\bwebsites?\b|\breferences?\b|\battach(?:ed|ments?)\b|\benclosed\b",
                       re.IGNORECASE)
# A file's name ("continents.xlsx"), read as "file" so that its dot ends no clause.
_FILE_NAME = re.compile(r"\b[\w-]+\.(?:xlsx?|csv|pdf|docx?|pptx?|txt|zip|json)\b", re.IGNORECASE)
_CLAUSES = re.compile(r"[.!?;:]\s*|,\s+(?:and|but|so)\s+")
_COVERS = re.compile(r"\b(?:covers?|explains?|describes?|discusses|discuss|answers?|addresses|"
                     r"deals? with|goes? over|walks? (?:you )?through)\s+(?:this|it|that|these)\b|"
                     r"\b(?:see|open|refer to)\b[^.!?\n]{0,12}\b(?:attach(?:ed|ments?)|enclosed)\b",
                     re.IGNORECASE)


def husk(response: str, instruction: str) -> tuple[str, list[str]]:
    """``response`` with its empty parts taken out, and what they were: empty code blocks,
    code whose functions are all stubs (a body of ``pass``, ``...``, a docstring, a TODO or
    ``raise NotImplementedError``) where ``instruction`` asks for no stub, and links where it
    asks for none."""
    found: list[str] = []
    stubs = _ASKS_STUB.search(instruction) is None

    def block(m: re.Match[str]) -> str:
        code = m.group(1)
        if not code.strip():
            found.append("an empty code block")
            return ""
        if stubs and stub(code):
            found.append("a stub with no body")
            return ""
        return m.group(0)

    text = _FENCE.sub(block, response)
    if not found and stubs and stub(text):
        return "", ["a stub with no body"]
    if not _ASKS_LINK.search(instruction) and _URL.search(text):
        text = _MARKDOWN_LINK.sub("", _URL.sub("", text))  # "[the full story](...)" names it
        found.append("a link")
        if all(w in _POINTING for w in _WORD.findall(text.lower())):
            text = ""  # "See", "More info here:": words that only point at it
    return text, found


def stub(code: str) -> bool:
    """Whether ``code`` defines functions and every one of them has no body: Python's
    ``pass``, ``...``, a docstring or ``raise NotImplementedError`` (comments are not read), or
    an empty brace body ("{ // TODO }")."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        bodies = len(_BRACED_BODY.findall(code))
        return bodies > 0 and len(_EMPTY_BRACES.findall(code)) == bodies
    functions = [node for node in ast.walk(tree)
                 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    return bool(functions) and all(_empty(f.body) for f in functions) and all(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Import
                   | ast.ImportFrom) for node in tree.body)


def _empty(body: list[ast.stmt]) -> bool:
    for node in body:
        if isinstance(node, ast.Pass):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and (
                isinstance(node.value.value, str) or node.value.value is Ellipsis):
            continue
        if isinstance(node, ast.Raise) and "NotImplementedError" in ast.unparse(node):
            continue
        return False
    return True


def unlabelled(response: str) -> str:
    """``response`` without the speakers' labels of a transcript ("User: ...\\nAssistant:"),
    so a prompt set out as one reads as the prompt."""
    return _ROLE.sub("", response)


def referral(response: str) -> str | None:
    """The source a response says covers the question ("this", "it") in place of answering
    it ("Every school biology textbook covers this in its chapter on breathing.", "See the
    attached file notes.pdf."), else None:
    every clause of the response names a source or says it covers the matter, so a clause
    with the answer beside the pointer ("Plants take in CO2; any textbook explains this") keeps
    it."""
    response = _FILE_NAME.sub("file", response)
    clauses = [c for c in _CLAUSES.split(response) if c.strip()]
    source = _REFERRAL.search(response)
    if (source is None or not _COVERS.search(response)
            or not all(_REFERRAL.search(c) or _COVERS.search(c) for c in clauses)):
        return None
    return source.group(0)


def cut_off(response: str) -> str | None:
    """The word a response stops on where it is one unfinished sentence ("The largest moon of
    Saturn is", "Sure! The answer is"): no sentence of more than a courtesy's few words ends
    before it, and its last word is one no sentence ends on (an article, a copula, a
    conjunction, a possessive); else None."""
    text = response.strip()
    if not text or "\n" in text or re.search(r"[.!?;:)\]}\"'\u201d*`]", text[-1]):
        return None
    ended = [m.end() for m in re.finditer(r"[.!?](?:\s|$)", text)]
    if ended and len(_WORD.findall(text[:ended[-1]])) > _COURTESY:
        return None  # a sentence with something in it ends before the cut
    words = _WORD.findall(text[ended[-1] if ended else 0:].lower())
    return words[-1] if len(words) >= 2 and words[-1] in _DANGLING else None
