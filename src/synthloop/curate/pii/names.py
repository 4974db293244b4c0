"""Person names without an NER model: a gazetteer of first names, then rules that keep places,
days and ordinary words out.

A span is a name when it is a title and a capitalised word ("Mrs. Schwarz"), a known first
name followed by more capitalised words ("Maria Garcia"), or a known first name alone inside a
sentence ("Hi Christin,"). What made this over-match on clean text, and the rule that fixes it:

- Faker's base ``en`` locale lists every name the US gave to a few babies: "China", "Asia",
  "Sunday", "True", "Metro", "Cash". Only the curated per-country locales are read (``en_US``,
  ``en_GB``, ``de_DE``...), which cover the common names of each.
- Places that are also names ("Florida", "Carolina", "Victoria"): a country, US state or
  continent is never part of a name (so "George Washington" is missed), nor is a first name
  right after "North", "New", "San"... ("South Carolina", "San Bernardino"); a run ending in
  an organisation word or a street suffix ("Alexander Flat") is not a person either.
- Days and months ("Sunday", "August") and English function words that are names somewhere
  ("An", "No" in "Dr. No") are not names.
- A lone first name at the start of a sentence, line, bullet or table cell ("- Mac and Cheese",
  "Else, output no") is as often a word as a name, so there it needs a verb after it ("Jane
  has", "Tracey said") or a second capitalised word.

A private person's name (:func:`private_person_spans`) is one the text itself marks as such:
the writer's own relation comes right before it ("my landlord Pieter", "our neighbour Tomasz
Wojcik") or the writer introduces themselves ("I'm Sofia Rossi", "my name is ..."); so is a
handle that spells a first name and another word ("@maria.gonzalez.1987"), and a name in lower
case after such words, a record's label or "contact" ("patient: maria gonzalez", "contact
maria gonzalez"), a known first name that is no common English word; a name in Chinese or
Russian after a record's label or an introduction ("联系人：王小明", "меня зовут Иван Петров");
and a full name in another script, read by Faker's lists in that script (Greek, Cyrillic,
Japanese, Korean, Chinese...), after a first-person word right before it ("Ο σπιτονοικοκύρης
μου, ο Γιώργος Παπαδόπουλος": my landlord), as "my" and "I'm" mark one in English; so does
such a word in a text in another language written in Latin script ("Mi casero, Juan García",
"Mein Nachbar Thomas Müller", "Je m'appelle Claire Dubois"). On the
clean sets of ``benchmarks/pii_eval.py`` that touches one record ("my PhD student James", in a
reference letter) where every name touches 5,652.
"""

from __future__ import annotations

import re
from functools import cache

from synthloop.checks.language import english_probability

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Madam|Mx)\.?"
_WORD = r"[A-Z][^\W\d_]+(?:[-'][A-Z][^\W\d_]+)?"
_CAPITALISED = re.compile(rf"\b{_WORD}\b|\b[A-Z]\.?(?=\s)")
_TITLED = re.compile(rf"\b{_TITLES}[ \t]+({_WORD})(?:[ \t]+{_WORD})?")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_DAYS_MONTHS = frozenset({
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", *MONTHS})
_FUNCTION_WORDS = frozenset({
    "A", "An", "And", "Are", "As", "At", "Be", "But", "By", "Do", "For", "If", "In", "Is", "It",
    "My", "No", "Not", "Of", "On", "Or", "So", "The", "To", "Up", "We", "Yes", "You", "Can"})
# languages and nationalities that are also first names in some locale ("into French")
_LANGUAGES = frozenset({
    "English", "French", "German", "Spanish", "Italian", "Dutch", "Danish", "Swedish", "Polish",
    "Russian", "Greek", "Turkish", "Arabic", "Hebrew", "Hindi", "Chinese", "Japanese", "Korean",
    "Irish", "Scottish", "Welsh", "British", "American", "Canadian", "Indian", "African",
    "Latin", "Roman", "Norman", "Celtic", "Czech", "Finnish", "Norwegian", "Portuguese"})
_CONTINENTS = frozenset({"Africa", "America", "Americas", "Antarctica", "Asia", "Australia",
                         "Europe", "Oceania"})
# words before a first name that make the run a place name ("South Carolina", "San Diego")
_PLACE_PREFIXES = frozenset({"North", "South", "East", "West", "New", "San", "Santa", "Saint",
                             "St", "Fort", "Port", "Lake", "Mount", "Cape", "Cite", "The"})
# a capitalised run ending in one of these, or in a street suffix, names an organisation or a
# place, not a person
_ORGANISATIONS = frozenset({
    "Inc", "PLC", "LLC", "Ltd", "Co", "Corp", "Corporation", "Company", "Group", "Orchestra",
    "Band", "University", "College", "School", "Bank", "Hotel", "City", "Investments",
    "Research", "Republicans", "Democrats"})
# words that are first names somewhere but mostly ordinary English
_ORDINARY = frozenset({"Will", "Mark", "Bill", "Art", "Page", "Rose", "Grant", "Hope", "Faith",
                       "Joy", "Summer", "Autumn", "Dawn", "Guy", "Don", "Van", "Del",
                       "Princess", "Royal", "Hall", "Hill", "Sky", "Star", "Love"})


@cache
def places() -> frozenset[str]:
    """Countries and US states (Faker's English lists) and the continents, word by word."""
    from faker.providers.address.en_US import Provider as Address

    names = [*Address.countries, *Address.states, *_CONTINENTS]
    return frozenset(word for name in names for word in name.split() if word[:1].isupper())


@cache
def not_person_ends() -> frozenset[str]:
    """Organisation words, and the USPS street suffixes as Faker lists them ("Flat", "Pass")."""
    from faker.providers.address.en_US import Provider as Address

    return _ORGANISATIONS | frozenset(Address.street_suffixes) | {"St", "Ave", "Rd"}


@cache
def first_names() -> frozenset[str]:
    """First names from Faker's per-country person providers written in Latin script."""
    import importlib
    import pkgutil

    try:
        import faker.providers.person as providers
    except ImportError as exc:
        raise ImportError("PERSON detection reads first names from Faker: `pip install faker`"
                          ) from exc

    names: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        if "_" not in module.name:  # the base ``en`` list: every name given in the US
            continue
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            found = getattr(provider, attr, ())
            if isinstance(found, dict | tuple | list):  # some locales compute them
                names.update(n for n in found if isinstance(n, str) and n.isalpha()
                             and n[0].isupper() and n[0] < "\u0250")
    return frozenset(names - _ORDINARY - _LANGUAGES - _DAYS_MONTHS - _FUNCTION_WORDS - places())


_SENTENCE_START = re.compile(r"(?:^|[.!?:\n|]\s*|^\s*(?:[-*•>]|\d+[.)])\s*|[\"'(]\s*)\Z",
                             re.MULTILINE)


_VERB_AFTER = re.compile(r" (?:[a-z]+(?:ed|s)|is|was|had|said|will|would|can|could|lost|"
                         r"went|told|met|made|took|gave)\b")


_RELATIONS = ("landlord|landlady|neighbou?r|son|daughter|wife|husband|partner|boyfriend|"
              "girlfriend|fianc[\u00e9e]e?|mother|father|mum|mom|dad|brother|sister|aunt|uncle|"
              "cousin|nephew|niece|grandson|granddaughter|grandmother|grandfather|child|kid|boss|"
              "manager|colleague|co-?worker|employee|tenant|roommate|flatmate|friend|ex|doctor|"
              "therapist|client|patient|student|teacher")
_RECORD_LABELS = (r"patient|client|customer|tenant|next[ \t]+of[ \t]+kin|guest|passenger|"
                  r"applicant|account[ \t]+holder")
_PRIVATE_BEFORE = re.compile(
    rf"\b(?:(?:my|our)[ \t]+(?:[\w-]+[ \t]+){{0,2}}?(?:{_RELATIONS}),?|my[ \t]+name[ \t]+is|"
    r"i[ \t]+am|i['\u2019]m|call[ \t]+me|"
    # a record's label for a private party ("Customer: Ingrid Solberg")
    rf"(?:{_RECORD_LABELS})[ \t]*:)[ \t]*$", re.IGNORECASE)


# what :data:`_PRIVATE_BEFORE` needs, as substrings: far cheaper than any regex over the text
_FIRST_PERSON = (" my ", " our ", " i am", " i'm", " i\u2019m", "call me")
_LABEL_WORDS = ("patient", "client", "customer", "tenant", " kin", "guest", "passenger",
                "applicant", "account holder")


# a handle ("@maria.gonzalez.1987"; not an e-mail's "@" nor a decorator's "@app.route"), or
# one that a messaging or social link opens ("t.me/ingrid_holm")
_HANDLE = re.compile(r"(?:(?<![\w@.])@|\b(?i:t\.me|telegram\.me|instagram\.com|twitter\.com|"
                     r"x\.com|facebook\.com|tiktok\.com|linkedin\.com/in|github\.com)/@?)"
                     r"(?P<handle>[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)+)")
_LINK_HOSTS = ("t.me/", "telegram.me/", "instagram.com/", "twitter.com/", "x.com/",
               "facebook.com/", "tiktok.com/", "linkedin.com/in/", "github.com/")


def handle_spans(text: str) -> list[tuple[int, int]]:
    """Handles of ``text`` that spell a first name and another word ("@maria.gonzalez.1987",
    "t.me/ingrid_holm"): an online identifier that names its owner."""
    if "@" not in text and ("/" not in text  # most text: one substring test, not a lower()
                            or not any(host in text.lower() for host in _LINK_HOSTS)):
        return []
    names = first_names()
    return [m.span() for m in _HANDLE.finditer(text)
            if len(words := [w for w in re.split(r"[._-]", m.group("handle")) if w.isalpha()
                             and len(w) > 1]) >= 2
            and any(w.capitalize() in names for w in words)]


# A private person's name in lower case, right after what marks one: a relation or an
# introduction as above, a record's label ("patient: maria gonzalez") or "contact".
_LOWER_PRIVATE = re.compile(
    rf"(?i:(?:my|our)[ \t]+(?:[\w-]+[ \t]+){{0,2}}?(?:{_RELATIONS}),?|my[ \t]+name[ \t]+is|"
    r"i[ \t]+am|i['\u2019]m|call[ \t]+me|\b(?:full[ _]?name|name|patient|client|customer|"
    r"tenant|next[ \t]+of[ \t]+kin)[ \t]*:|\bcontact:?)[ \t]+"
    r"(?P<first>[a-z][a-z'-]+)(?:[ \t]+(?P<last>[a-z][a-z'-]+))?")
_LOWER_MARKERS = (*_FIRST_PERSON, "name", "patient", "client", "customer", "tenant", "contact",
                  " kin")


@cache
def common_words() -> frozenset[str]:
    """Common English words (Faker's en_US word lists, 2,239 words by part of speech) and
    verbs in the past that are first names somewhere ("said"): in lower case, such a word is
    the word, not the name ("my student loan", "i'm sad")."""
    from faker.providers.lorem.en_US import Provider as Lorem

    return frozenset(Lorem.word_list).union(*Lorem.parts_of_speech.values()) | {
        "said", "told", "asked", "went", "got", "lost", "met", "gave", "made", "took",
        "called", "wants"}


def lower_case_private_spans(text: str) -> list[tuple[int, int]]:
    """Lower-case names that :data:`_LOWER_PRIVATE` marks as a private person's: a known first
    name that is no common word ("maria", not "will"), with the word after it as a surname
    unless that is a common word or reads as a verb ("contact maria gonzalez", "my landlord
    pieter keeps ...")."""
    names, common = first_names(), common_words()
    found = []
    for m in _LOWER_PRIVATE.finditer(text):
        first, last = m.group("first"), m.group("last")
        if first in common or first.capitalize() not in names:
            continue
        surname = last and last not in common and not _VERB_AFTER.match(f" {last}")
        found.append((m.start("first"), m.end("last") if surname else m.end("first")))
    return found


def private_person_spans(text: str) -> list[tuple[int, int]]:
    """The :func:`person_spans` of ``text`` that the words right before mark as a private
    person's ("my landlord Pieter", "I'm Sofia Rossi", in another language "mein Nachbar Thomas
    Müller"), such names in lower case (:func:`lower_case_private_spans`), and its
    :func:`handle_spans`."""
    found = unnamed_private_spans(text)
    low = " " + text.lower()
    if any(words in low for words in (*_FIRST_PERSON, *_LABEL_WORDS)):  # most text: no name search
        found += [(start, end) for start, end in person_spans(text)
                  if _PRIVATE_BEFORE.search(text, max(0, start - 60), start)]
    # in another language, its own words for "my" and "my name is" ("Mi casero, Juan García"):
    # English has some of those words ("mine", "min", "Mon"), so the text must not read as
    # English (py3langid's probability under OTHER_LANGUAGE)
    if _FIRST_PERSON_OTHER.search(text) and english_probability(text) < OTHER_LANGUAGE:
        found += [(start, end) for start, end in person_spans(text) if _own_before(text, start)]
    return sorted(set(found))


# A name in Chinese or Russian after a record's label or an introduction: "联系人：王小明"
# (contact), "姓名: 李娜" (name), "患者" (patient), "收件人" (recipient); "меня зовут Иван
# Петров" (my name is). The gazetteer is Latin-script, so the label is the evidence.
_OTHER_SCRIPT_NAME = re.compile(
    r"(?:姓名|联系人|患者|收件人|客户)[ \t]*[:：][ \t]*(?P<han>[\u4e00-\u9fff]{2,4})"
    r"|(?i:меня[ \t]+зовут)[ \t]+(?P<cyrillic>[А-ЯЁ][а-яё]+(?:[ \t]+[А-ЯЁ][а-яё]+)?)")


@cache
def native_names() -> tuple[frozenset[str], frozenset[str]]:
    """First names and surnames from Faker's per-country person providers written in scripts
    other than Latin: Greek, Cyrillic, Japanese, Chinese, Korean, Arabic, Hebrew..."""
    import importlib
    import pkgutil

    import faker.providers.person as providers

    found: tuple[set[str], set[str]] = (set(), set())
    for module in pkgutil.iter_modules(providers.__path__):
        if "_" not in module.name:
            continue
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        for names, kind in zip(found, ("first_names", "last_names"), strict=True):
            for attr in (kind, f"{kind}_male", f"{kind}_female"):
                listed = getattr(provider, attr, ())
                if isinstance(listed, dict | tuple | list):
                    names.update(n for n in listed if isinstance(n, str) and n.isalpha()
                                 and n[0] >= "\u0370")
    return frozenset(found[0]), frozenset(found[1])


# Scripts written without spaces between surname and given name: "山田花子", "王小明", "김민준"
_UNSPACED = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{2,}")
# A capitalised word of an alphabet other than Latin ("Γιώργος Παπαδόπουλος", "Иван Петров")
_NATIVE_PAIR = re.compile(r"\b([^\W\d_a-zA-Z\u00c0-\u024f])([^\W\d_]+)[ \t]+"
                          r"[^\W\d_a-zA-Z\u00c0-\u024f][^\W\d_]+")
# The writer's own words before a name, as "my", "I'm", "our" mark one in English: "my" and
# "our" (Spanish "mi", French "mon", German "mein", Polish "mój", Greek "μου", Russian "мой"...)
# and "my name is" (Spanish "me llamo", German "ich heiße", Russian "меня", Arabic "اسمي");
# Japanese "私" (I), "はじめまして" (how do you do); Chinese "我"; Korean "제", "저는", "우리"
_FIRST_PERSON_OTHER = re.compile(
    r"(?i:\b(?:mi|mis|nuestr[oa]s?|me[ \t]+llamo|mon|mes|notre|nos|je[ \t]+m'appelle|"
    r"mein(?:e[mnrs]?)?|unser(?:e[mnrs]?)?|ich[ \t]+hei(?:ße|sse)|mio|mia|miei|mie|"
    r"mi[ \t]+chiamo|meu|minha|meus|minhas|noss[oa]s?|chamo-me|me[ \t]+chamo|mijn|onze|"
    r"ik[ \t]+heet|mój|moja|moje|mojego|mojej|mojemu|nazywam[ \t]+się|benim|adım|min|mitt|"
    r"mina|mine|jeg[ \t]+heter|jag[ \t]+heter|"
    r"μου|μας|είμαι|λέγομαι|ονομάζομαι|λένε|мой|моя|моё|мою|моего|моей|мои|меня|наш|наша|"
    r"нашего|нашей|я|мене|мій|мого|اسمي|أنا|שמי|אני|मेरा|मेरी|मैं)\b)|"
    r"私|僕|俺|わたし|はじめまして|初めまして|うちの|我|제|저는|나는|내|우리")
_SENTENCE_END = re.compile(r"[.!?\n。！？]")
OTHER_LANGUAGE = 0.2  # "Mon 5 May: call John Smith." reads 0.51 English; Spanish "Mi casero" 0.002


def _own_before(text: str, start: int) -> bool:
    """Whether a first-person word of :data:`_FIRST_PERSON_OTHER` comes right before
    ``start``, as "my" before "landlord Pieter": at most two words between ("Mi casero, Juan",
    "μου, ο Γιώργος"), or six characters of a script without spaces ("私の上司の高橋");
    "Mon frère a vu Emmanuel Macron" is about someone else."""
    sentence = _SENTENCE_END.split(text[max(0, start - 60):start])[-1]
    marks = list(_FIRST_PERSON_OTHER.finditer(sentence))
    if not marks:
        return False
    gap = sentence[marks[-1].end():]
    if _UNSPACED.search(gap) or _UNSPACED.search(sentence[marks[-1].start():marks[-1].end()]):
        return len(gap) <= 6
    return len(re.findall(r"[^\W\d_]+", gap)) <= 2


def native_private_spans(text: str) -> list[tuple[int, int]]:
    """Full names in a script other than Latin that the writer's own words mark as a private
    person's, as :data:`_PRIVATE_BEFORE` does in English: a listed surname and given name
    (either order, unspaced in Japanese, Chinese and Korean), or a listed first name and a
    capitalised word, with a first-person word earlier in its sentence ("Ο σπιτονοικοκύρης μου,
    ο Γιώργος Παπαδόπουλος"; "はじめまして、山田花子です"). A public figure's name in a
    sentence of history ("Лев Толстой родился ...") has no such word."""
    firsts, lasts = native_names()
    spans = [m.span() for m in _NATIVE_PAIR.finditer(text)
             if m.group(1) + m.group(2) in firsts]
    for run in _UNSPACED.finditer(text):
        chars = run.group()
        spans += [(run.start() + i, run.start() + j + k)
                  for i in range(len(chars)) for j in range(i + 1, min(i + 4, len(chars)))
                  for k in range(1, min(4, len(chars) - j + 1))
                  if (chars[i:j] in lasts and chars[j:j + k] in firsts)
                  or (chars[i:j] in firsts and chars[j:j + k] in lasts)]
    return [(start, end) for start, end in spans if _own_before(text, start)
            and not any(a <= start and end <= b and (a, b) != (start, end) for a, b in spans)]


def unnamed_private_spans(text: str) -> list[tuple[int, int]]:
    """What marks a private person that :func:`person_spans` does not find: handles, names in
    lower case, names in Chinese or Russian after a label or an introduction, and names in
    other scripts that the writer's own words mark (:func:`native_private_spans`)."""
    low = " " + text.lower()
    found = handle_spans(text) + (lower_case_private_spans(text)
                                  if any(words in low for words in _LOWER_MARKERS) else [])
    if not text.isascii():
        found += [m.span(m.lastgroup or 0) for m in _OTHER_SCRIPT_NAME.finditer(text)]
        found += native_private_spans(text)
    return found


def person_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the person names in ``text``."""
    names = first_names()
    found = [(m.start(), m.end()) for m in _TITLED.finditer(text)
             if m.group(1) not in _FUNCTION_WORDS]
    tokens = list(_CAPITALISED.finditer(text))
    i = 0
    while i < len(tokens):
        word = tokens[i].group()
        before = tokens[i - 1] if i else None
        after_place_word = before is not None and before.group() in _PLACE_PREFIXES and (
            text[before.end():tokens[i].start()] == " ")
        if word in names and not after_place_word:
            j = i
            while (j + 1 < len(tokens) and j - i < 3
                   and text[tokens[j].end():tokens[j + 1].start()] in (" ", "\t")
                   and tokens[j + 1].group() not in _DAYS_MONTHS):
                j += 1
            run = [t.group() for t in tokens[i:j + 1]]
            if j > i and run[-1] not in not_person_ends() and not places() & set(run[1:]):
                found.append((tokens[i].start(), tokens[j].end()))
                i = j + 1
                continue
            if j == i and (not _SENTENCE_START.search(text, 0, tokens[i].start())
                           or _VERB_AFTER.match(text, tokens[i].end())):
                found.append((tokens[i].start(), tokens[i].end()))
        i += 1
    return found
