"""French typography and style (issue 9, item 7): the rules of ropa/render/typography.py, as pure
functions, through the language layer, and in a rendered French page."""

from __future__ import annotations

import pytest

from ropa.model.types import Text
from ropa.render.i18n import Lang
from ropa.render.typography import (
    NBSP,
    TYPOGRAPHY,
    after_colon,
    ending,
    in_list,
    lower_first,
    typeset,
    typography,
)

FR = typography("fr")
EN = typography("en")


@pytest.mark.parametrize(
    ("written", "typeset_"),
    [
        ("Attention : x", f"Attention{NBSP}: x"),
        ("Attention: x", f"Attention{NBSP}: x"),
        ("Attention\u202f: x", f"Attention{NBSP}: x"),  # one space throughout, the catalog's
        ("Vraiment ? Oui ! Non ; peut-être", f"Vraiment{NBSP}? Oui{NBSP}! Non{NBSP}; peut-être"),
        ("Quoi ?!", f"Quoi{NBSP}?!"),
        ("« x »", f"«{NBSP}x{NBSP}»"),
        ("«x»", f"«{NBSP}x{NBSP}»"),
        ("(voir : ci-dessous)", f"(voir{NBSP}: ci-dessous)"),
        ("**Note**: x", f"**Note**{NBSP}: x"),
        (f"Déjà{NBSP}: fait", f"Déjà{NBSP}: fait"),
    ],
)
def test_french_spaces_before_double_punctuation_and_inside_guillemets(
    written: str, typeset_: str
) -> None:
    assert typeset(written, FR) == typeset_
    assert typeset(typeset_, FR) == typeset_, "idempotent"


@pytest.mark.parametrize(
    "untouched",
    [
        "https://www.cnil.fr/fr/cookies?x=1:2",
        "voir http://example.org:8080/a;b?c!d",
        "mailto:dpo@example.com",
        "écrire à dpo@example.com",
        "le lundi à 10:30 ou 9:05:30",
        "ratio 1:1",
        "`consent: required`",
        "[lien]: https://example.org",
        "![image](x)",
    ],
)
def test_urls_addresses_times_and_code_are_left_alone(untouched: str) -> None:
    assert typeset(untouched, FR) == untouched


def test_around_a_protected_span_the_rules_still_apply() -> None:
    assert typeset("écrire à dpo@example.com: oui", FR) == f"écrire à dpo@example.com{NBSP}: oui"
    assert typeset("à 10:30 ; merci", FR) == f"à 10:30{NBSP}; merci"
    assert typeset("« https://x.fr »", FR) == f"«{NBSP}https://x.fr{NBSP}»"


def test_english_is_left_as_written() -> None:
    for text in ("Note: x", "What? Yes!", "« x »"):
        assert typeset(text, EN) == text


def test_every_language_has_its_own_table() -> None:
    assert set(TYPOGRAPHY) >= {"en", "fr", "de", "es"}
    assert typography("de").conjunction == "und"
    assert not typography("de").lower_in_lists, "German keeps its nouns' capitals"
    assert typography("xx") == typography("zz"), "a language without a table: no change"


def test_no_capital_after_a_colon_in_french() -> None:
    assert after_colon("L'exécution d'un contrat", FR) == "l'exécution d'un contrat"
    assert after_colon("Données d'identification", FR) == "données d'identification"
    assert after_colon("your consent", EN) == "Your consent"
    for kept in ("IP address", "SSL/TLS encryption", "PayPal", "My Little Day keeps", "10 ans"):
        assert lower_first(kept) == kept


def test_lists_end_with_one_conjunction() -> None:
    assert ending(["Clients", "Prospects et abonnés"], FR) == "ainsi que "
    assert ending(["adresse IP", "identifiants des cookies et traceurs"], FR) == "ainsi qu'"
    assert ending(["nom et prénom", "adresse", "téléphone"], FR) is None, "far from the end"
    assert ending(["Clients", "Prospects"], FR) is None
    assert in_list(["Données d'identification", "Données de commande"], FR) == [
        "Données d'identification",
        "données de commande",
    ]


def test_the_language_layer_applies_them() -> None:
    fr = Lang("fr", "en")
    assert fr.colon == f"{NBSP}:"
    assert fr.semicolon == f"{NBSP};"
    assert Lang("en", "en").colon == ":"
    assert fr.join(["clients", "prospects et abonnés à la newsletter"]) == (
        "clients ainsi que prospects et abonnés à la newsletter"
    )
    assert fr.join(["a", "b", "c"]) == "a, b et c"
    assert fr.join_names(["Clients", "Visiteurs", "Prospects"]) == "Clients, visiteurs et prospects"
    assert fr.mid_sentence("Données de contact") == "données de contact"
    assert Lang("en", "en").mid_sentence("Contact data") == "Contact data"
    assert fr.language_adjective("fr") == "française"
    assert fr.language_adjective("lv") == "lettone"
    assert fr.language_adjective("eo").startswith("en ")
    assert Lang("en", "en").language_adjective("fr") == "French"
    # the declarations' own text, in French
    assert fr.text(Text({"en": "Note: x", "fr": "Attention : « x »"})) == (
        f"Attention{NBSP}: «{NBSP}x{NBSP}»"
    )
    # a text in another language is left as that language writes it
    assert fr.text(Text({"en": "Note: x"})) == "Note: x"
    # a Text written once, as a plain string, is for every language
    assert fr.text(Text({"en": "Loi X; art. 2"}, plain=True)) == f"Loi X{NBSP}; art. 2"
    # a plain string (a name, an e-mail address) as written
    assert fr.text("a:b") == "a:b"
    # the catalog's sentences, whatever spaces the catalog wrote
    assert fr.gettext("by email:") == f"par courriel{NBSP}:"
    assert fr.gettext("Must you provide the data?") == f"Devez-vous fournir ces données{NBSP}?"


def test_a_value_after_a_colon_ends_without_the_line_break_of_a_yaml_block() -> None:
    from ropa.render.i18n import Lang

    # `description: |` ends with a line break; printed before " For example: …" it made two spaces
    assert Lang("en", "en").after_colon("They are encrypted.\n") == "They are encrypted."
