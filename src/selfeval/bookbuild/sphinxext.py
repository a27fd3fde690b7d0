"""Sphinx extension of the HTML book: Chinese search that finds any word a reader types.

Sphinx's own zh search segments text with jieba and looks a query up as one word, so a
heading word jieba does not know (改进措施, 自评得分) or a figure (94.07, split at the dot)
is never found. Here the index holds every Han character and every pair of adjacent Han
characters, and the query is cut the same way in the browser: 改进措施 → 改进 进措 措施,
which Sphinx requires all together (its multi-word AND). Any run of two or more characters
the book prints is therefore found, without a dictionary to keep up to date. Numbers are
one term with their decimal part and without thousands separators (94.07, 13410.06), so
figures are found as printed; whole numbers (2021, 858) stay unsearchable because Sphinx's
search page drops all-digit query terms. Latin words are lower-cased, not stemmed.

The same tokenizer exists twice, in Python (index) and JavaScript (query); both are here.
"""

from __future__ import annotations

import re
import unicodedata

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# a number with its decimal part and thousands separators | a run of Han characters | a Latin word
TOKEN = re.compile(rf"[0-9]+(?:[.,][0-9]+)*|[{HAN}]+|[A-Za-z_]+")

# The browser side of TOKEN: same pattern, same normalisation. Kept free of '<', '>' and '&'
# (Sphinx writes it into language_data.js through a template).
JS_SPLITTER = r"""
function splitQuery(query) {
  var out = [];
  var text = query.normalize("NFKC");
  var token = /[0-9]+(?:[.,][0-9]+)*|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z_]+/g;
  var han = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var m;
  while ((m = token.exec(text)) !== null) {
    var t = m[0];
    if (/^[0-9]/.test(t)) { out.push(t.replace(/,/g, "")); continue; }
    if (!han.test(t) || t.length === 1) { out.push(t.toLowerCase()); continue; }
    for (var i = 0; i + 1 !== t.length; i++) out.push(t.substring(i, i + 2));
  }
  return out;
}
"""

JS_STEMMER = """
var Stemmer = function() {
  this.stemWord = function(w) { return w; };
};
"""


def index_terms(text: str) -> list[str]:
    """The index side: numbers (no thousands separators), lower-case Latin words, and every
    Han character and pair of adjacent Han characters of each run."""
    out: list[str] = []
    for token in TOKEN.findall(unicodedata.normalize("NFKC", text)):
        if token[0].isdigit():
            out.append(token.replace(",", ""))
        elif token[0] >= "\u3400":
            out.extend(token)
            out.extend(token[i : i + 2] for i in range(len(token) - 1))
        else:
            out.append(token.lower())
    return out


def query_terms(query: str) -> list[str]:
    """What the browser's splitQuery makes of a query (for tests; JS_SPLITTER is the one used)."""
    out: list[str] = []
    for token in TOKEN.findall(unicodedata.normalize("NFKC", query)):
        if token[0].isdigit():
            out.append(token.replace(",", ""))
        elif token[0] >= "\u3400" and len(token) > 1:
            out.extend(token[i : i + 2] for i in range(len(token) - 1))
        else:
            out.append(token.lower())
    return out


class SearchChineseNgram(SearchLanguage):
    lang = "zh"
    language_name = "Chinese"
    js_splitter_code = JS_SPLITTER
    js_stemmer_code = JS_STEMMER

    def init(self, options: dict[str, str]) -> None:
        self.stopwords = set()  # n-grams of Chinese text: no stop words

    def split(self, input: str) -> list[str]:
        return index_terms(input)

    def word_filter(self, word: str) -> bool:
        return bool(word)

    def stem(self, word: str) -> str:
        return word


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchChineseNgram)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
