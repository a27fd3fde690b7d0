"""Chart outputs: the book's HTML + SVG, JupyterLab's Vega + SVG; safe script JSON; stable ids."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, FIXTURES
from selfeval.api import open_year
from selfeval.presentation import chart_output, charts
from selfeval.presentation import notebook_display as show


@pytest.fixture(scope="module")
def ev():
    return open_year(DATA, 2021)


def test_script_json_cannot_end_the_script():
    label = "</script><script>alert(1)</script> & \u2028\u2029 <!--"
    text = chart_output.script_json({"title": label})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text and "\u2029" not in text
    assert "\\u003c/script\\u003e" in text and "\\u2028" in text
    assert json.loads(text) == {"title": label}  # the same characters back


def test_book_output_is_html_and_svg(ev):
    data, metadata = charts.bundle(charts.attainment_chart(ev), "attainment")
    assert set(data) == {"text/html", "image/svg+xml"} and metadata == {}
    html = data["text/html"]
    assert html.startswith('<div id="chart-attainment" class="selfeval-chart" role="img"></div><script>')
    assert "window.vegaEmbed('#chart-attainment'" in html and "月度话务接通率" in html
    assert data["image/svg+xml"].lstrip().startswith("<svg") and "月度话务接通率" in data["image/svg+xml"]


def test_book_html_escapes_a_label_that_would_end_the_script():
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame([{"x": 1, "y": "</script><b>"}])).mark_bar().encode(x="x:Q", y="y:N")
    html = chart_output.book_html(charts.spec(chart), "evil")
    assert html.count("</script>") == 1 and "<b>" not in html


def test_jupyter_output_is_vega_5_json_and_svg(ev):
    data, metadata = charts.bundle(charts.attainment_chart(ev), "attainment", "jupyter")
    assert set(data) == {"application/vnd.vega.v5+json", "image/svg+xml", "text/plain"}
    assert "text/html" not in data  # JupyterLab would prefer HTML (rank 50) over Vega (57) and draw nothing
    vega = data["application/vnd.vega.v5+json"]
    assert vega["$schema"] == "https://vega.github.io/schema/vega/v5.json"
    assert vega["marks"] and any(d.get("values") for d in vega["data"])
    names = json.dumps(vega, ensure_ascii=False)
    assert "月度话务接通率" in names and "94.07%" in names
    assert metadata["application/vnd.vega.v5+json"]["embed_options"]["actions"]["editor"] is False  # the editor is online


def test_outputs_are_deterministic(ev):
    for target in chart_output.TARGETS:
        first = charts.bundle(charts.score_chart(ev), "scores", target)
        again = charts.bundle(charts.score_chart(ev), "scores", target)
        assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)


def test_nbformat_accepts_the_vega_output(ev):
    """papermill validates the executed notebook: the vega key must be a JSON mime type for nbformat."""
    import nbformat  # 1 s (jsonschema): only the worker that runs this test pays it

    monthly = charts.monthly_chart(open_year(FIXTURES / "years", 2021).data)
    nb = nbformat.v4.new_notebook()
    outputs = []
    for chart, name in ((charts.attainment_chart(ev), "attainment"), (monthly, "monthly")):
        data, metadata = charts.bundle(chart, name, "jupyter")
        outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=metadata))
    nb.cells.append(nbformat.v4.new_code_cell("show.chart(...)", outputs=outputs))
    nbformat.validate(nb)
    back = nbformat.reads(nbformat.writes(nb), as_version=4)
    assert back.cells[0].outputs[1].data["application/vnd.vega.v5+json"]["$schema"].endswith("/vega/v5.json")


@pytest.mark.parametrize("name", ["a'b", "图表", "", "UPPER", "x" * 64, "-lead", None])
def test_chart_names_must_be_safe_ids(name):
    with pytest.raises(ValueError, match="图表名称"):
        chart_output.check_name(name)


def test_unknown_target_is_refused(ev):
    with pytest.raises(ValueError, match="使用 book、jupyter 之一"):
        charts.bundle(charts.score_chart(ev), "scores", "pdf")


def test_frontend_follows_the_jupyter_server(monkeypatch):
    monkeypatch.delenv("SELFEVAL_DISPLAY", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert show.frontend() == "book"  # papermill, nbval
    monkeypatch.setenv("JPY_SESSION_NAME", "/notebooks/01_basic.ipynb")  # set by jupyter_server for its kernels
    assert show.frontend() == "jupyter"
    monkeypatch.setenv("SELFEVAL_DISPLAY", "book")  # what the build sets, even when started from the lab
    assert show.frontend() == "book"
    monkeypatch.setenv("SELFEVAL_DISPLAY", "lab")
    with pytest.raises(ValueError, match="设为 book 或 jupyter"):
        show.frontend()
