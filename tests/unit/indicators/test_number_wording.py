"""Numbers as a Russian reader writes them: a decimal comma, grouped thousands, the noun that fits the count,
and the basis of an indicator in words that fit its unit."""
from __future__ import annotations

from app.services.indicators import IndicatorValue, format_value
from app.services.text import counted, number_ru, plural

NBSP = "\u00a0"


def test_plural_forms():
    forms = ("отметка", "отметки", "отметок")
    assert [plural(n, *forms) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 0)] == [
        "отметка", "отметки", "отметки", "отметок", "отметок", "отметок", "отметок", "отметка", "отметки",
        "отметок", "отметка", "отметок", "отметок"]
    assert counted(40, "отметкой", "отметками", "отметками") == "40 отметками"


def test_decimal_comma_and_grouped_thousands():
    assert number_ru(6353.5) == f"6{NBSP}353,5"
    assert number_ru(1234567) == f"1{NBSP}234{NBSP}567"
    assert number_ru(5.0) == "5"
    assert number_ru(14.25, decimals=1) in ("14,2", "14,3")
    assert format_value(12000.0) == f"12{NBSP}000" and format_value(71.4, share=True) == "71,4"
    assert format_value(None) == "—"


def _value(unit, numerator, denominator, *, share=False):
    return IndicatorValue(code="X", goal="", name="", unit=unit, value=1.0, numerator=numerator,
                          denominator=denominator, target=None, met=None, is_share=share)


def test_the_basis_fits_the_unit():
    assert _value("часов", 6353.5, 352).basis == f"6{NBSP}353,5 ч на 352 обучающихся"
    assert _value("%", 50, 352, share=True).basis == "50 из 352 обучающихся"
    assert _value("%", 1, 1, share=True).basis == "1 из 1 обучающегося"
    assert _value("человек", None, None).basis == ""
