"""Held-out suites of issue 22's outside probe D for ``benchmarks/verifier_attacks.py``:
``curate.pii`` (its third) and ``validate.grounded`` (its third), written by a prober who had
read the verifiers' module docstrings and the earlier suites but not the rules' code.
Committed before their first run and before any fix they measure; an item fixed after a miss
here is no longer held out.

PII (reject mode, default entities, so PERSON is not asked for): a private person named beside
a date of birth or a home address in prose, or in a record or a relation ("my landlord"), names
in lower case and in other scripts, handles that are full names, identifiers in other scripts
and with look-alike punctuation (en dashes, percent-encoding, a line break); beside clean text
full of look-alikes: brands, famous people's birthdays, streets and places named after people,
vanity numbers, part numbers, the routers' default address, dates of events.

Grounded: answers phrased as a capable model phrases them (possessives, titles, surnames
alone, diacritics dropped, abbreviations the passage gives, Markdown, units converted right)
beside attacks: a quote changed by one word or name, a quote that is real but does not say
what the answer claims, quotes stitched across sentences, entities absent from the passages,
units of time and currency changed, denials in other words.
"""

from __future__ import annotations

from typing import Any

from benchmarks.attack_suites import Case, bad, ok, text

# -- curate.pii (reject mode, default entities) ------------------------------------------
PII_3 = [
    ok("a brand and the date it went on sale", "clean",
       **text("The Ford Model T went on sale on 1 October 1908 for $825.")),
    ok("a president's birthday in a history lesson", "clean",
       **text("Abraham Lincoln was born on February 12, 1809, near Hodgenville, Kentucky.")),
    ok("a bus route along a street named after a person", "clean",
       **text("Take the 14 bus down Martin Luther King Jr. Boulevard to Lincoln Park.")),
    ok("first names that are ordinary words, with dates", "clean",
       **text("Mark your calendar: the grace period ends on 31 March 2025, and June 1 is the "
              "new deadline. Will it move again? Hope not.")),
    ok("a firmware version, a build date and a laptop model", "clean",
       **text("Firmware 2.14.7 (build 20240517) fixes the Wi-Fi bug on the Dell XPS 13 9310.")),
    ok("a vanity phone number of a business", "clean",
       **text("For same-day delivery call 1-800-FLOWERS, open 24/7.")),
    ok("a waterfall named after a queen", "clean",
       **text("Victoria Falls, on the Zambezi, is 108 metres high and 1,708 metres wide.")),
    ok("astronauts and the minute they landed", "clean",
       **text("On 20 July 1969 at 20:17 UTC, Neil Armstrong and Buzz Aldrin landed the Eagle.")),
    ok("a router's default address", "clean",
       **text("To open the router's settings, browse to 192.168.0.1 and sign in as admin.")),
    ok("a city's founders in a history text", "clean",
       **text("St. Petersburg, Florida, was founded by John C. Williams and Peter Demens in "
              "1888.")),
    ok("a part number shaped like an SSN", "clean",
       **text("Replace the cabin filter (part no. 407-21-3308) every 15,000 miles.")),
    ok("a table of founders and years", "clean",
       **text("city,founder,founded\nPhiladelphia,William Penn,1682\nDetroit,Antoine de la "
              "Mothe Cadillac,1701")),
    ok("countries that are first names, and a treaty date", "clean",
       **text("Jordan, Chad and Georgia signed the accord on 3 May 2001 in Geneva.")),
    ok("a footballer's public birthday", "clean",
       **text("Lionel Messi, born 24 June 1987 in Rosario, joined Inter Miami in 2023.")),
    ok("a band's first single", "clean",
       **text("The Beatles released Love Me Do on 5 October 1962, with Ringo Starr on drums.")),
    bad("a patient's name in lower case with a date of birth", "contains_pii",
        **text("patient: maria gonzalez, dob 11/04/1987, allergic to penicillin.")),
    bad("a record with a full name and a date of birth", "contains_pii",
        **text('{"full_name": "Kwame Mensah", "date_of_birth": "1990-02-17", "plan": "gold"}')),
    bad("a person introducing herself with her birthday", "contains_pii",
        **text("Hi, I'm Sofia Rossi and I was born on 2 March 1994 in Turin.")),
    bad("a home address in prose without a house number first", "contains_pii",
        **text("Olu Adeyemi lives in the yellow house, number 14, on Cherry Tree Lane in "
               "Reading.")),
    bad("a landlord named with a relation, a Dutch surname", "contains_pii",
        **text("My landlord Pieter van der Berg still keeps my deposit of 900 euros.")),
    bad("a handle that is a full name with a birth year", "contains_pii",
        **text("DM me on Instagram: @maria.gonzalez.1987, I answer every evening.")),
    bad("a Russian home address", "contains_pii",
        **text("\u041c\u043e\u0439 \u0430\u0434\u0440\u0435\u0441: \u0433. \u041c\u043e\u0441"
               "\u043a\u0432\u0430, \u0443\u043b. \u0422\u0432\u0435\u0440\u0441\u043a\u0430"
               "\u044f, \u0434. 7, \u043a\u0432. 12.")),
    bad("a Chinese name with a mobile number", "contains_pii",
        **text("\u8054\u7cfb\u4eba\uff1a\u738b\u5c0f\u660e\uff0c\u7535\u8bdd 138 0013 8000"
               "\u3002")),
    bad("a German name and home address", "contains_pii",
        **text("Ich hei\u00dfe J\u00fcrgen M\u00fcller und wohne in der Hauptstra\u00dfe 12, "
               "80331 M\u00fcnchen.")),
    bad("an SSN with en dashes", "contains_pii",
        **text("Social: 536\u201322\u20131894, please keep it safe.")),
    bad("an email percent-encoded in a mailto link", "contains_pii",
        **text("Click mailto:anna.berg%40outlook.com?subject=Invoice to write to me.")),
    bad("a card number broken over two lines", "contains_pii",
        **text("Card: 4539 1488\n0343 6467, expires 09/27.")),
    bad("an IPv6 home address", "contains_pii",
        **text("My home router answers at 2a02:c7c:5a1e:4d00:1c2b:9f3e:aa10:4b7d tonight.")),
    bad("a phone number spelled out in words", "contains_pii",
        **text("Call me on oh seven seven double oh, nine double oh, one two three.")),
    bad("a lower-case name beside an email user name without the domain", "contains_pii",
        **text("contact maria gonzalez, her gmail is mgonzalez87, before friday.")),
    bad("a son's name and date of birth", "contains_pii",
        **text("My son Lukas Brandt was born on 3 May 2015 and starts school in August.")),
]


# -- validate.grounded: a pump maker, penicillin, the Oresund Bridge ------------------------
NOVAK = ("Novak Industries, founded by Tereza Nov\u00e1k in Brno in 1991, makes pumps for the "
         "water industry. Its chief engineer, Pavel Dvo\u0159\u00e1k, studied at the Czech "
         "Technical University (CTU) in Prague and designed the NX-40 pump, which moves 1,200 "
         "litres a minute. In 2022 the firm sold 18,500 pumps, 60 percent of them outside the "
         "Czech Republic.")
PENICILLIN = ("In 1928 Alexander Fleming noticed that a mould, Penicillium notatum, had killed "
              "the bacteria in one of his culture dishes at St Mary's Hospital in London. Howard "
              "Florey and Ernst Chain later purified the drug at the University of Oxford, and "
              "the three men shared the Nobel Prize in Physiology or Medicine in 1945. By 1944, "
              "American factories were producing 2.3 million doses a month.")
ORESUND = ("The \u00d8resund Bridge links Copenhagen in Denmark with Malm\u00f6 in Sweden. It "
           "opened on 1 July 2000 and is 7,845 metres long; the rest of the crossing runs "
           "through a 4 km tunnel under the sea. About 20,000 vehicles cross it each day, and a "
           "one-way car ticket cost 460 Danish kroner in 2023.")
DESIGNED = ("Its chief engineer, Pavel Dvo\u0159\u00e1k, studied at the Czech Technical "
            "University (CTU) in Prague and designed the NX-40 pump")
PURIFIED = "Howard Florey and Ernst Chain later purified the drug at the University of Oxford"
LINKS = "The \u00d8resund Bridge links Copenhagen in Denmark with Malm\u00f6 in Sweden"
OPENED = "It opened on 1 July 2000 and is 7,845 metres long"
VEHICLES = "About 20,000 vehicles cross it each day"


def qa(question: str, answer: str, evidence: list[str],
       kind: str = "extractive") -> dict[str, Any]:
    return {"question": question, "answer": answer, "evidence": evidence, "kind": kind,
            "context": [NOVAK, PENICILLIN, ORESUND]}


GROUNDED_3 = [
    ok("a possessive of a name in the question", "ok",
       **qa("Who designed Novak Industries' NX-40 pump?",
            "Novak's chief engineer, Pavel Dvo\u0159\u00e1k.", [DESIGNED])),
    ok("a surname alone, possessive", "ok",
       **qa("What did Alexander Fleming notice in 1928?",
            "That a mould had killed the bacteria in one of Fleming's culture dishes.",
            ["In 1928 Alexander Fleming noticed that a mould, Penicillium notatum, had killed "
             "the bacteria in one of his culture dishes"])),
    ok("diacritics dropped from the names", "ok",
       **qa("Which cities does the bridge link?", "Copenhagen and Malmo.", [LINKS])),
    ok("a title before a surname from the quote", "ok",
       **qa("Who designed the NX-40 pump?", "Mr. Dvorak, the firm's chief engineer.",
            [DESIGNED])),
    ok("an abbreviation the quote gives", "ok",
       **qa("Where did Pavel Dvo\u0159\u00e1k study?", "At CTU in Prague.", [DESIGNED])),
    ok("an answer that opens with a lead-in", "ok",
       **qa("Where did Florey and Chain purify the drug?",
            "According to the passage, Florey and Chain purified it at the University of "
            "Oxford.", [PURIFIED])),
    ok("Markdown bold around the names", "ok",
       **qa("Which cities does the \u00d8resund Bridge link?",
            "**Copenhagen** (Denmark) and **Malm\u00f6** (Sweden).", [LINKS])),
    ok("the prize's name in title case", "ok",
       **qa("Which prize did the three men share?",
            "The Nobel Prize In Physiology Or Medicine, In 1945.",
            ["the three men shared the Nobel Prize in Physiology or Medicine in 1945"])),
    ok("surnames of three people from two quotes", "ok",
       **qa("Who shared the Nobel Prize in 1945?", "Fleming, Florey and Chain.",
            ["In 1928 Alexander Fleming noticed that a mould", PURIFIED,
             "the three men shared the Nobel Prize in Physiology or Medicine in 1945"])),
    ok("a number in words for the quote's digits", "ok",
       **qa("How many vehicles cross the bridge each day?",
            "Roughly twenty thousand vehicles a day.", [VEHICLES])),
    ok("metres given as kilometres", "ok",
       **qa("How long is the \u00d8resund Bridge?", "7.845 kilometres", [OPENED])),
    ok("a country named as the quote names it, lower-case quote", "ok",
       **qa("Where is Malm\u00f6?", "Malm\u00f6 is in Sweden.",
            ["the \u00f8resund bridge links copenhagen in denmark with malm\u00f6 in sweden"])),
    bad("a name in the quote swapped for another name of the passage", "altered_span",
        **qa("Who purified the drug at Oxford?", "Alexander Fleming and Ernst Chain",
             ["Alexander Fleming and Ernst Chain later purified the drug at the University of "
              "Oxford"])),
    bad("one word of the quote changed: a day becomes an hour", "altered_span",
        **qa("How many vehicles cross the bridge?", "About 20,000 an hour",
             ["About 20,000 vehicles cross it each hour"])),
    bad("a year in the quote changed to another year of the passage", "altered_span",
        **qa("When did Fleming notice the mould?", "In 1945",
             ["In 1945 Alexander Fleming noticed that a mould"])),
    bad("a real quote about the bridge, an answer about the tunnel", "unsupported",
        **qa("How long is the tunnel of the \u00d8resund crossing?", "7,845 metres",
             [OPENED])),
    bad("a quote that is only the answer's name", "unsupported",
        **qa("Who founded Novak Industries?", "Pavel Dvo\u0159\u00e1k",
             ["Pavel Dvo\u0159\u00e1k"])),
    bad("the answer names a place of the passage that its quote does not", "unsupported",
        **qa("Where did Florey and Chain purify the drug?", "At St Mary's Hospital in London.",
             [PURIFIED])),
    bad("the answer names a person of the passage that its quote does not", "unsupported",
        **qa("Who noticed the mould in 1928?", "Howard Florey",
             ["In 1928 Alexander Fleming noticed that a mould"])),
    bad("an entity absent from the passages, at the start of a sentence", "unsupported",
        **qa("Where did Florey and Chain purify the drug?",
             "Rockefeller money paid for the work. They purified it at the University of "
             "Oxford.", [PURIFIED])),
    bad("an entity absent from the passages, in lower case", "unsupported",
        **qa("Who designed the NX-40 pump?",
             "Pavel Dvo\u0159\u00e1k, who trained at siemens before joining.", [DESIGNED])),
    bad("two sentences stitched with an ellipsis into a claim neither makes", "unsupported",
        **qa("How many pumps did Pavel Dvo\u0159\u00e1k sell in 2022?", "18,500 pumps",
             ["Its chief engineer, Pavel Dvo\u0159\u00e1k ... sold 18,500 pumps"])),
    bad("two sentences stitched into one quote without an ellipsis", "span_not_found",
        **qa("When did the bridge open and how many vehicles cross it?",
             "On 1 July 2000; about 20,000 a day",
             ["It opened on 1 July 2000 and about 20,000 vehicles cross it each day"])),
    bad("a rate per minute given per hour", "wrong_unit",
        **qa("How much water does the NX-40 move?", "1,200 litres an hour",
             ["the NX-40 pump, which moves 1,200 litres a minute"])),
    bad("kilometres given as miles", "wrong_unit",
        **qa("How long is the tunnel?", "A 4-mile tunnel under the sea.",
             ["the rest of the crossing runs through a 4 km tunnel under the sea"])),
    bad("Danish kroner given as euros", "wrong_unit",
        **qa("What did a one-way car ticket cost in 2023?", "460 euros",
             ["a one-way car ticket cost 460 Danish kroner in 2023"])),
    bad("'outside' turned into 'inside' in the answer", "unsupported",
        **qa("Where were most of the 2022 pumps sold?",
             "60 percent were sold inside the Czech Republic.",
             ["In 2022 the firm sold 18,500 pumps, 60 percent of them outside the Czech "
              "Republic"])),
    bad("a denial by a prefix ('unable')", "negated",
        **qa("Did Florey and Chain manage to purify the drug?",
             "No, they were unable to purify the drug.", [PURIFIED])),
    bad("'earlier' for 'later' in the quote", "altered_span",
        **qa("When did Florey and Chain purify the drug?", "Earlier, at Oxford",
             ["Howard Florey and Ernst Chain earlier purified the drug at the University of "
              "Oxford"])),
]


# Per verifier name in verifier_attacks: probe D's held-out suites (after those of the older
# modules).
SUITES: dict[str, list[list[Case]]] = {"curate.pii": [PII_3], "validate.grounded": [GROUNDED_3]}
