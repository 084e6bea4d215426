import pytest

from centres.postcodes import InvalidPostcode, is_postcode, normalise_postcode


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("  SW1A   1AA ", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("B338TH", "B33 8TH"),
        ("cr2 6xh", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("gir 0aa", "GIR 0AA"),
        ("zx1 0ab", "ZX1 0AB"),
    ],
)
def test_it_normalises_a_postcode_however_it_was_typed(typed, normal):
    assert normalise_postcode(typed) == normal
    assert is_postcode(typed)


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "SW1A", "12345", "SW1A 1A", "SW1A 1AAA", "QW1 1AA", "SW1A 1CA", "AA1 1AA1", "SW1A-1AA", "Q1 1AA"],
)
def test_it_rejects_what_is_not_a_postcode_with_a_message_for_the_person(typed):
    with pytest.raises(InvalidPostcode, match=r"Enter (a|a real) postcode"):
        normalise_postcode(typed)
    assert not is_postcode(typed)
