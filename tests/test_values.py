"""What a clerk types is read the way a clerk means it, or refused with a Chinese message."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giapp.core.values import InputError, format_value, parse_value

ACCEPTED = [
    # (typed, kind, value)
    ("0", "count", 0),
    ("12", "count", 12),
    ("  12  ", "count", 12),
    ("\t7\n", "count", 7),
    ("１２３", "count", 123),  # full-width digits from a Chinese IME
    ("　４５　", "count", 45),  # ideographic spaces around
    ("1,234", "count", 1234),
    ("1，234", "count", 1234),  # full-width comma
    ("12,345,678", "count", 12345678),
    ("1 234", "count", 1234),
    ("+5", "count", 5),
    ("＋５", "count", 5),
    ("5.0", "count", 5),  # Excel often copies whole numbers this way
    ("5.", "count", 5),
    ("007", "count", 7),
    ("999999999", "count", 999_999_999),
    ("999,999,999", "count", 999_999_999),
    ("", "count", None),  # blank is allowed and is not 0
    ("   ", "count", None),
    ("　", "count", None),
    ("-3", "signed", -3),
    ("－3", "signed", -3),  # full-width minus
    ("−3", "signed", -3),  # U+2212 minus sign
    ("—3", "signed", -3),  # em dash typed as minus by Chinese IMEs
    ("+3", "signed", 3),
    ("0", "signed", 0),
    ("-1,200", "signed", -1200),
    ("4068.208", "money", Decimal("4068.208")),
    ("４０６８．２０８", "money", Decimal("4068.208")),
    ("4068。208", "money", Decimal("4068.208")),  # IME full stop as decimal point
    ("1,234.5", "money", Decimal("1234.5")),
    ("0.0001", "money", Decimal("0.0001")),
    ("12.50", "money", Decimal("12.5")),
    ("0.00", "money", Decimal(0)),
    ("1000", "money", Decimal(1000)),
    ("1,000.00", "money", Decimal(1000)),
    ("\u200b8", "count", 8),  # zero-width space pasted from a web page
]

REFUSED = [
    # (typed, kind, part of the message)
    ("abc", "count", "不是数字"),
    ("12a", "count", "不是数字"),
    ("一百", "count", "不是数字"),
    ("=1+1", "count", "公式"),
    ("＝SUM(A1:A3)", "count", "公式"),
    ("1.5", "count", "小数"),
    ("１．５", "count", "小数"),
    ("-1", "count", "负数"),
    ("－２", "count", "负数"),
    ("-0.5", "money", "负数"),
    ("1000000000", "count", "太大"),
    ("1,000,000,000", "signed", "太大"),
    ("-1000000000", "signed", "太大"),
    ("1,23", "count", "千位分隔符"),
    ("12,3456", "count", "千位分隔符"),
    ("1,2345.6", "money", "千位分隔符"),
    ("50%", "count", "百分数"),
    ("1.2.3", "money", "不是数字"),
    ("--3", "signed", "不是数字"),
    ("1e5", "count", "不是数字"),
    ("0x1F", "count", "不是数字"),
    ("3件", "count", "不是数字"),
    ("1.1234567", "money", "小数位数"),
    ("5", "derived", "合计"),
    ("NaN", "money", "不是数字"),
    ("١٢٣", "count", "不是数字"),  # Arabic-Indic digits are not what a clerk means
    ("①", "count", "不是数字"),
    ("²", "count", "不是数字"),
]


@pytest.mark.parametrize(("typed", "kind", "value"), ACCEPTED)
def test_typed_value_is_read_as_meant(typed, kind, value):
    got = parse_value(typed, kind)
    assert got == value
    assert type(got) is type(value)
    assert "E" not in format_value(got)


@pytest.mark.parametrize(("typed", "kind", "part"), REFUSED)
def test_typed_value_is_refused_with_a_chinese_message(typed, kind, part):
    with pytest.raises(InputError) as e:
        parse_value(typed, kind)
    assert part in str(e.value)
    assert str(e.value).endswith("。")


def test_the_catalogue_has_at_least_forty_strings():
    assert len(ACCEPTED) + len(REFUSED) >= 40


def test_blank_and_zero_are_different():
    assert parse_value("", "count") is None
    assert parse_value("0", "count") == 0
    assert format_value(None) == "" and format_value(0) == "0"


@given(st.integers(min_value=0, max_value=999_999_999))
def test_count_round_trips_through_its_text(n):
    assert parse_value(format_value(n), "count") == n
    assert parse_value(f"{n:,}", "count") == n


@given(st.decimals(min_value=0, max_value=999_999_999, places=4, allow_nan=False, allow_infinity=False))
def test_money_round_trips_exactly(d):
    assert parse_value(format_value(d), "money") == d
