"""The HTML brief's map: the projection, the dots, the outlines from the packaged boundary data, and
the SVG's safety (it is added after nh3, so it must be safe as written)."""

from __future__ import annotations

import math
import re

from briefs.brief.map import (
    DOT_MAX,
    MAX_HEIGHT,
    PADDING,
    REVIEW_RADIUS,
    WIDTH,
    Bounds,
    MapIncident,
    Projection,
    country_shapes,
    main_bounds,
    place_point,
    radius,
    render_map,
    view_bounds,
)
from briefs.brief.render import render_html
from briefs.brief.rows import incident_rows
from briefs.extract.places import coordinates
from hypothesis import given
from hypothesis import strategies as st

from .test_render import HOSTILE_IMG, HOSTILE_SCRIPT, Tree, make_brief, sample_brief

SYRIA = Bounds(35.5, 32.3, 42.4, 37.3)


def incident(
    number: int, point=(35.0, 40.0), killed=0, review=False, label="Armed clash in X", country="SYR"
) -> MapIncident:
    return MapIncident(number=number, country=country, label=label, point=point, killed=killed, review=review)


def circles(page: str) -> list[dict]:
    return [e.attrs for e in Tree(page).all("circle")]


# --------------------------------------------------------------------------------------------------
# Projection
# --------------------------------------------------------------------------------------------------


def test_projection_puts_north_up_east_right_and_the_box_inside_the_padding():
    project = Projection.fit(SYRIA)
    assert project.width == WIDTH and project.height <= MAX_HEIGHT
    west_north, east_south = project(SYRIA.north, SYRIA.west), project(SYRIA.south, SYRIA.east)
    assert west_north[0] < east_south[0] and west_north[1] < east_south[1]
    assert min(west_north) >= PADDING - 1e-9 and east_south[0] <= project.width - PADDING + 1e-9
    assert east_south[1] == project.height - PADDING  # the box fills the frame one way at least
    assert math.isclose(west_north[1], PADDING)


def test_projection_keeps_proportions_at_the_middle_latitude():
    project = Projection.fit(SYRIA)
    middle = (SYRIA.north + SYRIA.south) / 2
    (x0, y0), (x1, _), (_, y2) = project(middle, 38), project(middle, 39), project(middle + 1, 38)
    assert math.isclose((x1 - x0) / (y0 - y2), math.cos(math.radians(middle)))


def test_a_tall_box_is_fitted_by_height_and_centred():
    tall = Bounds(30.0, -10.0, 34.0, 30.0)
    project = Projection.fit(tall)
    assert math.isclose(project.height, MAX_HEIGHT)
    left, right = project(10, tall.west)[0], project(10, tall.east)[0]
    assert math.isclose(left, project.width - right)


@given(
    west=st.floats(-170, 160),
    south=st.floats(-60, 60),
    dx=st.floats(0.5, 20),
    dy=st.floats(0.5, 20),
    u=st.floats(0, 1),
    v=st.floats(0, 1),
)
def test_every_point_of_the_box_lands_in_the_frame(west, south, dx, dy, u, v):
    bounds = Bounds(west, south, west + dx, south + dy)
    project = Projection.fit(bounds)
    x, y = project(south + v * dy, west + u * dx)
    assert PADDING - 1e-6 <= x <= project.width - PADDING + 1e-6
    assert PADDING - 1e-6 <= y <= project.height - PADDING + 1e-6


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_dot_size_is_ordered_by_killed(a, b):
    low, high = sorted((a, b))
    assert radius(low) <= radius(high) <= DOT_MAX
    if radius(high) < DOT_MAX and low < high:
        assert radius(low) < radius(high)


# --------------------------------------------------------------------------------------------------
# Boundary data and places
# --------------------------------------------------------------------------------------------------


def test_outlines_come_from_the_package_for_the_countries_the_outlets_report():
    shapes = country_shapes()
    for code in ("SYR", "IRQ", "LBN", "YEM", "SOM", "AFG", "NGA", "ISR", "TUR", "IRN", "EGY", "LBY", "SDN"):
        assert shapes.get(code), code
    # The package gives Palestine its bounding rectangle for an outline: a placeholder is no border.
    assert "PSE" not in shapes
    assert all(len(set(ring)) > 4 for rings in shapes.values() for ring in rings if len(rings) == 1)
    syria = main_bounds("SYR")
    assert 35 < syria.west < 36.5 and 42 < syria.east < 43 and 32 < syria.south < 33 and 37 < syria.north < 37.6


def test_a_country_s_view_is_its_main_land():
    usa, russia = main_bounds("USA"), main_bounds("RUS")
    assert usa.west > -130 and usa.north < 50  # not Alaska or Hawaii
    assert russia.east - russia.west < 180  # not across the antimeridian


def test_a_place_s_point_is_the_gazetteer_s_and_a_country_has_none():
    assert place_point("SYR", "Al-Mayadin", "Deir ez-Zor") == coordinates("SYR", "Al-Mayadin") is not None
    assert place_point("SYR", "Syria", None) is None  # the gazetteer's point for Syria is Damascus
    assert coordinates("SYR", "Syria") is not None
    assert place_point("SYR", "Nowhere-on-earth", None) is None


def test_the_view_holds_the_countries_and_the_points():
    points = [incident(1, point=(33.9, 35.5), country="LBN"), incident(2, point=(36.2, 37.1))]
    view = view_bounds(points)
    for box in (main_bounds("LBN"), main_bounds("SYR")):
        assert view.west <= box.west and view.east >= box.east and view.south <= box.south and view.north >= box.north
    far = view_bounds([incident(1, point=(61.2, -149.9), country="USA")])  # Anchorage, off the main land
    assert far.north > 61.2 and far.west < -149.9


# --------------------------------------------------------------------------------------------------
# SVG
# --------------------------------------------------------------------------------------------------


def test_a_dot_per_incident_with_coordinates_at_its_projected_point_sized_by_killed():
    items = [
        incident(1, (35.02, 40.45), killed=5),
        incident(2, (32.74, 36.07), killed=40),
        incident(3, None, killed=9),
        incident(4, (36.2, 37.1), killed=0),
        incident(5, (33.98, 44.94), killed=2, country="IRQ"),
    ]
    svg = render_map(items)
    dots = {int(c["data-number"]): c for c in circles(svg)}
    assert sorted(dots) == [1, 2, 4, 5]  # #3 has no coordinates: not drawn, but named in the caption
    assert "#3 Armed clash in X" in Tree(svg).all("figcaption")[0].text
    project = Projection.fit(view_bounds(items))
    for item in items:
        if item.point:
            x, y = project(*item.point)
            assert (float(dots[item.number]["cx"]), float(dots[item.number]["cy"])) == (round(x, 1), round(y, 1))
    by_killed = sorted((i for i in items if i.point), key=lambda i: i.killed)
    sizes = [float(dots[i.number]["r"]) for i in by_killed]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)
    assert next(c["data-number"] for c in circles(svg)) == "2"  # the largest first: smaller ones stay on top


def test_needs_review_is_a_fixed_dashed_ring_not_sized_by_its_figures():
    svg = render_map([incident(1, killed=3), incident(2, (36.0, 38.0), killed=0, review=True)])
    dots = {c["data-number"]: c for c in circles(svg)}
    assert dots["2"]["class"] == "dot review" and float(dots["2"]["r"]) == REVIEW_RADIUS
    assert dots["1"]["class"] == "dot"
    assert "Needs review" in Tree(svg).all("figcaption")[0].text


def test_the_svg_is_accessible_and_links_each_dot_to_its_incident():
    svg = render_map([incident(7, killed=3)])
    tree = Tree(svg)
    [root] = tree.all("svg")
    assert root.attrs["role"] == "img" and root.attrs["aria-labelledby"] == "map-title map-desc"
    assert tree.all("title", id="map-title")[0].text == "Map of the incidents in Syria"
    assert "1 incident of 1 drawn in Syria" in tree.all("desc", id="map-desc")[0].text
    assert [a.attrs["href"] for a in tree.all("a")] == ["#incident-7"]
    assert tree.all("path", **{"class": "land ours"})  # Syria, highlighted
    assert tree.all("path", **{"class": "land"})  # its neighbours, for context


def test_article_text_in_the_map_stays_text():
    hostile = f"Raqqa {HOSTILE_SCRIPT} {HOSTILE_IMG} \"quoted' & more"
    svg = render_map([incident(1, label=hostile), incident(2, None, label=hostile)])
    tree = Tree(svg)
    assert not tree.all("script") and not tree.all("img")
    assert all(not k.startswith("on") and k != "style" for e in tree.root.iter() for k in e.attrs)
    assert hostile in tree.all("circle")[0].children[0].text  # the dot's tooltip, as text
    assert hostile in tree.all("figcaption")[0].text and hostile in tree.all("desc")[0].text


def test_a_country_without_an_outline_is_named_and_its_incidents_still_drawn():
    svg = render_map([incident(1, (31.5, 34.47), killed=4, country="PSE", label="Air/drone strike in Gaza City")])
    assert [c["data-number"] for c in circles(svg)] == ["1"]
    assert "No outline in the boundary data for Palestine" in Tree(svg).all("figcaption")[0].text
    assert not Tree(svg).all("path", **{"class": "land ours"})


def test_no_incident_no_map_and_no_outline_still_says_so():
    assert render_map([]) == ""
    lost = render_map([incident(1, None, country="XKX")])  # no outline, no point
    assert "no map" in lost and "<svg" not in lost


# --------------------------------------------------------------------------------------------------
# In the brief
# --------------------------------------------------------------------------------------------------

SVG_TAGS = {"svg", "title", "desc", "rect", "g", "path", "a", "circle", "text"}


def test_the_brief_s_map_shows_the_incidents_the_export_places_between_headline_and_review():
    brief = sample_brief()
    page = render_html(brief)
    assert page.index('id="headline"') < page.index('<figure class="map"') < page.index('id="needs-review"')
    rows = incident_rows(brief.incidents)
    located = {n for n, row in enumerate(rows, start=1) if row["latitude"] != "" and row["location"] != row["country"]}
    drawn = {int(c["data-number"]) for c in circles(page)}
    assert drawn == located and len(drawn) >= 8
    killed = {n: row["fatalities"] for n, row in enumerate(rows, start=1)}
    for attrs in circles(page):
        if attrs["class"] == "dot":
            assert int(attrs["data-killed"]) == killed[int(attrs["data-number"])]


def test_the_map_in_the_page_is_only_svg_shapes_and_same_page_links():
    page = render_html(sample_brief())
    figure = re.search(r'<figure class="map".*?</figure>', page, flags=re.S).group(0)
    tree = Tree(figure)
    tags = {e.tag for e in tree.root.iter()} - {"#root", "figure", "figcaption"}
    assert tags == SVG_TAGS
    ids = set(re.findall(r'id="(incident-\d+)"', page))
    assert {a.attrs["href"][1:] for a in tree.all("a")} <= ids
    assert all(not k.startswith("on") and k not in ("style", "src") for e in tree.root.iter() for k in e.attrs)


def test_an_empty_brief_has_no_map():
    assert '<figure class="map"' not in render_html(make_brief([]))
