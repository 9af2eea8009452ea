"""The progress charts' own SVG: well-formed, escaped, withheld values, scales, legends, determinism."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from generator.progress.charts import nice_scale, render_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def with_class(root: ET.Element, tag: str, css: str) -> list[ET.Element]:
    return [element for element in root.iter(SVG + tag) if css in element.get("class", "").split()]


@pytest.mark.parametrize("kind", ["bar", "hbar", "line"])
def test_every_kind_is_an_accessible_svg_image(kind):
    chart = render_chart(kind, "Pairs by health", "Pairs on the as-of date.", ["on track", "silent"], [("Pairs", [20, 4])])
    root = parse(chart.svg)
    assert root.get("role") == "img" and root.get("aria-label") == "Pairs by health"
    assert root.find(SVG + "title").text == "Pairs by health"
    assert root.get("viewBox").startswith("0 0 360 ")
    assert "<script" not in chart.svg and "style=" not in chart.svg and "href" not in chart.svg
    assert "\n\n" not in chart.svg  # one raw HTML block for Markdown
    assert chart.columns == ("Pairs",) and chart.rows == (("on track", ("20",)), ("silent", ("4",)))


def test_labels_and_titles_are_escaped():
    chart = render_chart("bar", "<script>alert(1)</script>", "d", ["<script>x</script>", 'a "quoted" & <b>'], [("S & <i>", [1, 2])])
    assert "<script" not in chart.svg and "<b>" not in chart.svg and "<i>" not in chart.svg
    root = parse(chart.svg)  # still well-formed XML
    texts = ["".join(element.itertext()) for element in root.iter(SVG + "text")]
    assert "<\u2060script>x<\u2060/script>" in texts
    assert root.get("aria-label") == "<\u2060script>alert(1)<\u2060/script>"


def test_withheld_values_draw_nothing_and_say_so_in_the_table():
    chart = render_chart("bar", "Level", "d", ["A", "B", "C"], [("People", [6, None, 8])])
    root = parse(chart.svg)
    assert len(with_class(root, "rect", "pb-bar")) == 2
    assert [text.text for text in with_class(root, "text", "pb-value")] == ["6", "8"]
    assert chart.rows[1] == ("B", ("withheld or no data",))


def test_a_line_bridges_withheld_months_with_a_dashed_segment():
    chart = render_chart("line", "Satisfaction", "d", ["m1", "m2", "m3", "m4"], [("Mean", [4.2, None, 4, 3.5])])
    root = parse(chart.svg)
    assert len(with_class(root, "circle", "pb-dot")) == 3
    assert len(with_class(root, "path", "pb-bridge")) == 1
    solid = [path for path in with_class(root, "path", "pb-line") if "pb-bridge" not in path.get("class")]
    assert len(solid) == 1 and solid[0].get("d").count(" L") == 1  # m3 to m4
    assert chart.rows[2] == ("m3", ("4.00",))  # two decimals for every value of a series that has fractions


def test_nothing_but_withheld_values_still_draws_axes():
    root = parse(render_chart("bar", "Empty", "d", ["A", "B"], [("People", [None, None])]).svg)
    assert not with_class(root, "rect", "pb-bar")
    assert [text.text for text in with_class(root, "text", "pb-tick")] == ["0", "1"]


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([20, 5, 4, 1], (0, 5, 10, 15, 20)),
        ([17, 9], (0, 5, 10, 15, 20)),
        ([3.67, 4.1], (0, 1, 2, 3, 4, 5)),
        ([1, None], (0, 1)),  # whole numbers keep whole steps
        ([], (0, 1)),
        ([57, 21, 21], (0, 20, 40, 60)),
        ([12.5, -20, 40], (-20, 0, 20, 40)),
        ([0.3, 0.7], (0, 0.2, 0.4, 0.6, 0.8)),
    ],
)
def test_nice_scale_starts_at_zero_with_round_steps(values, ticks):
    assert nice_scale(values).ticks == pytest.approx(ticks)


def test_scale_labels_show_the_step_precision_and_unit():
    assert [nice_scale([0.3, 0.7]).label(tick, "") for tick in (0, 0.2)] == ["0.0", "0.2"]
    assert nice_scale([0.12]).label(0.075, "%") == "0.075%"
    assert nice_scale([100]).label(40, "%") == "40%"


def test_legend_only_for_more_than_one_series():
    one = parse(render_chart("bar", "One", "d", ["A"], [("People", [3])]).svg)
    two = parse(render_chart("bar", "Two", "d", ["A", "B"], [("Measure", [35.714, None]), ("Target", [30, 30])]).svg)
    assert not with_class(one, "text", "pb-legend")
    assert [text.text for text in with_class(two, "text", "pb-legend")] == ["Measure", "Target"]
    assert {bar.get("class") for bar in with_class(two, "rect", "pb-bar")} == {"pb-bar pb-series-0", "pb-bar pb-series-1"}
    assert [text.text for text in with_class(two, "text", "pb-value")] == ["35.71", "30", "30"]


def test_values_keep_their_series_precision():
    chart = render_chart("bar", "Goal", "d", ["Pilot", "All"], [("Measure", [35.714, None]), ("Target", [30, 30])])
    assert chart.rows == (("Pilot", ("35.71", "30")), ("All", ("withheld or no data", "30")))


def test_long_or_crowded_category_labels_are_wrapped_or_turned():
    skills = ["AI tools", "Collaboration tools", "Inclusive leadership"]
    level = parse(render_chart("bar", "Skills", "d", skills, [("S", [1, 2, 3])]).svg)
    lines = [[span.text for span in text] or [text.text] for text in with_class(level, "text", "pb-category")]
    assert lines == [["AI tools"], ["Collaboration", "tools"], ["Inclusive", "leadership"]]
    crowded = render_chart("bar", "Cohorts", "d", [f"Cohort number {i}" for i in range(40)], [("Done", [50] * 40)], unit="%")
    turned = with_class(parse(crowded.svg), "text", "pb-category")
    assert all("rotate(-90" in text.get("transform") for text in turned)
    assert not with_class(parse(crowded.svg), "text", "pb-value")  # no room for values over 40 bars
    assert turned[0].text == "Cohort number 0" and 1 < len(turned) < 40  # only every n-th label: none overlaps
    places = [float(text.get("x")) for text in turned]
    assert min(b - a for a, b in itertools.pairwise(places)) >= 16  # a line of text apart


def test_every_text_is_the_same_readable_size_and_the_picture_phone_wide():
    """At FONT units in a WIDTH-unit viewBox, text shows at 13 px in a 360 px column (the browser test measures it)."""
    crowded = render_chart("bar", "Many", "d", [f"Group {i}" for i in range(30)], [("A", [1] * 30), ("B", [2] * 30)])
    root = parse(crowded.svg)
    assert root.get("viewBox").split()[2] == "360" and root.get("font-size") == "13"
    assert all(text.get("font-size") is None for text in root.iter(SVG + "text"))  # none smaller than the chart's


def test_a_legend_wraps_at_the_right_edge():
    names = ["Mentors in the pilot", "Mentees in the pilot", "Cohort leads"]
    root = parse(render_chart("bar", "Legend", "d", ["A", "B"], [(name, [1, 2]) for name in names]).svg)
    legend = with_class(root, "text", "pb-legend")
    assert [text.text for text in legend] == names
    assert len({text.get("y") for text in legend}) > 1
    assert all(float(text.get("x")) + len(text.text) * 6.8 <= 360 for text in legend)


def test_a_turned_first_label_stays_inside_the_picture():
    labels = ["Customer service and support", *"BCDEF"]
    root = parse(render_chart("bar", "Groups", "d", labels, [("People", list(range(6)))]).svg)
    first = with_class(root, "text", "pb-category")[0]
    assert "rotate(-45" in first.get("transform")
    reach = len("Customer service and sup…") * 6.8 * 0.7071
    assert float(first.get("x")) - reach >= 0


def test_the_same_numbers_give_the_same_bytes():
    def make() -> str:
        return render_chart("line", "Trend", "d", ["2026-09", "2026-10"], [("Mean", [4.19, 4.26])]).svg

    first = make()
    assert first == make()
    assert not re.search(r'\sid="', first) and not re.search(r"\d{4}-\d\d-\d\d", first)  # no ids, no dates


def test_negative_values_grow_from_zero():
    root = parse(render_chart("hbar", "NPS", "d", ["A", "B"], [("Score", [-20, 40])]).svg)
    axis = with_class(root, "line", "pb-axis")[0]
    bars = with_class(root, "rect", "pb-bar")
    zero = float(axis.get("x1"))
    assert float(bars[0].get("x")) + float(bars[0].get("width")) == pytest.approx(zero)
    assert float(bars[1].get("x")) == pytest.approx(zero)


def test_horizontal_bar_labels_sit_above_their_bars_across_the_width():
    labels = ["How energised do you feel after the session? (1 = drained, 5 = energised)", "Short"]
    root = parse(render_chart("hbar", "Ratings", "d", labels, [("Mean", [3.8, 4.1])]).svg)
    texts, bars = with_class(root, "text", "pb-category"), with_class(root, "rect", "pb-bar")
    lines = [[span.text for span in text] or [text.text] for text in texts]
    assert lines == [["How energised do you feel after the session? (1", "= drained, 5 = energised)"], ["Short"]]
    assert all(text.get("text-anchor") == "start" and float(text.get("x")) == 10 for text in texts)
    for text, bar, count in zip(texts, bars, (2, 1), strict=True):
        last_baseline = float(text.get("y")) + 16 * (count - 1)
        assert last_baseline < float(bar.get("y")) < last_baseline + 16  # the label's last line is just above its bar
