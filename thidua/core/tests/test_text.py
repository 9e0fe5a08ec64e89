import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import fold


def test_it_folds_an_agency_name_to_its_search_key() -> None:
    assert fold("Sở Công Thương tỉnh Kiên Giang") == "so cong thuong tinh kien giang"


def test_it_turns_d_with_stroke_into_d() -> None:
    assert fold("Đặng Đức Độ") == "dang duc do"


def test_it_collapses_white_space() -> None:
    assert fold("  Nguyễn   Minh\tHùng ") == "nguyen minh hung"


def test_precomposed_and_decomposed_forms_fold_alike() -> None:
    name = "Nguyễn Thị Ánh Tuyết"
    assert fold(unicodedata.normalize("NFC", name)) == fold(unicodedata.normalize("NFD", name))


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_a_folded_key_has_no_combining_marks_no_d_with_stroke_and_no_upper_case(text: str) -> None:
    key = fold(text)
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", key))
    assert "đ" not in key
    assert "Đ" not in key
    assert not any("A" <= ch <= "Z" for ch in key)


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹ ", max_size=30))
def test_folding_ignores_case(text: str) -> None:
    assert fold(text.upper()) == fold(text)
