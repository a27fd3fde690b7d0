"""The book's Chinese search tokenizer (selfeval.bookbuild.sphinxext): the index holds every Han
character and pair, numbers as printed; a query is cut into pairs that must all be indexed."""

from __future__ import annotations

import re

from selfeval.bookbuild.sphinxext import JS_SPLITTER, index_terms, query_terms


def test_heading_words_unknown_to_jieba_are_found():
    index = set(index_terms("四、下一步改进措施"))
    for query in ("改进措施", "下一步改进措施", "改进", "措"):
        assert set(query_terms(query)) <= index, query
    assert query_terms("改进措施") == ["改进", "进措", "措施"]


def test_figures_are_one_term_as_printed():
    index = set(index_terms("接通率为94.07%，预算资金为13,410.06万元，服务量2871.7436万件"))
    assert {"94.07", "13410.06", "2871.7436"} <= index
    assert query_terms("94.07") == ["94.07"]
    assert query_terms("13,410.06") == ["13410.06"]
    assert query_terms("９４．０７") == ["94.07"]  # full-width input (NFKC)


def test_latin_words_are_lower_case_and_mixed_text_splits_by_script():
    assert index_terms("Erlang A模型") == ["erlang", "a", "模", "型", "模型"]
    assert query_terms("12345热线") == ["12345", "热线"]


def test_a_phrase_not_in_the_text_is_not_found():
    index = set(index_terms("三、存在的主要问题"))
    assert not set(query_terms("存在问题")) <= index  # 在问 is not in the text: no false hit


def test_browser_splitter_is_the_same_pattern():
    """The JavaScript splitter must cut exactly like query_terms: same token pattern, pairs, no
    characters that the template would escape."""
    assert "[0-9]+(?:[.,][0-9]+)*" in JS_SPLITTER
    assert r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+" in JS_SPLITTER
    assert not re.search(r"[<>&]", JS_SPLITTER)
