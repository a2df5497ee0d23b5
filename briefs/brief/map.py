"""The brief's map: an inline SVG of the brief's countries with a dot per incident, projected here.

Boundaries come from the `countryinfo` package (MIT), which ships one GeoJSON outline per country
(from the world.geo.json collection, Natural Earth-derived, low resolution) inside the package: no
tiles, no network, no script. Incidents are placed at the gazetteer's latitude/longitude for their
place (`briefs.extract.places.coordinates`, the same as the ACLED export's columns). An incident
placed only at country level is left off the map: the gazetteer's point for a country is its
capital, which would put the event where it did not happen.

The projection is equirectangular with its standard parallel at the middle of the view (so that
shapes keep their proportions at that latitude), fitted to the bounding box of the incidents'
countries and points. Dot area grows with the verified number killed; an incident in Needs review
is drawn as a dashed hollow ring of fixed size, since its figures are not confirmed.

Every text in the SVG (place names come from articles) is escaped here; the SVG is added to the page
after nh3 has sanitized the rest, and holds no script, no event handler, no style attribute and no
link but same-page anchors (#incident-N).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from briefs.extract.places import coordinates, country_names

WIDTH = 720.0
MAX_HEIGHT = 460.0
PADDING = 14.0  # pixels inside the frame, around the fitted box
MARGIN = 0.06  # of the box's span, on each side: some land around the countries
MIN_SPAN = 1.5  # degrees: one small country is not blown up to fill the page
DOT_MIN, DOT_SCALE, DOT_MAX = 4.0, 2.0, 26.0  # radius = DOT_MIN + DOT_SCALE * sqrt(killed), at most DOT_MAX
REVIEW_RADIUS = 7.0
BOUNDARY_SOURCE = "Boundaries: world.geo.json (Natural Earth-derived) via the countryinfo package"
PLACE_SOURCE = "places: GeoNames via the gazetteer"

Ring = list[tuple[float, float]]  # (longitude, latitude) pairs


@dataclass(frozen=True)
class MapIncident:
    """What the map needs of one incident of the brief; `label` is plain (untrusted) text."""

    number: int
    country: str
    label: str
    point: tuple[float, float] | None  # (latitude, longitude); None when it cannot be placed
    killed: int
    review: bool


@dataclass(frozen=True)
class Bounds:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, points: list[tuple[float, float]]) -> Bounds:
        """The box of (longitude, latitude) points."""
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return cls(min(lons), min(lats), max(lons), max(lats))

    def union(self, other: Bounds) -> Bounds:
        return Bounds(
            min(self.west, other.west),
            min(self.south, other.south),
            max(self.east, other.east),
            max(self.north, other.north),
        )

    def padded(self) -> Bounds:
        """Widened by MARGIN, and to at least MIN_SPAN degrees each way, about its centre."""
        half_x = max(self.east - self.west, MIN_SPAN) * (0.5 + MARGIN)
        half_y = max(self.north - self.south, MIN_SPAN) * (0.5 + MARGIN)
        cx, cy = (self.west + self.east) / 2, (self.north + self.south) / 2
        return Bounds(cx - half_x, max(cy - half_y, -90.0), cx + half_x, min(cy + half_y, 90.0))

    def intersects(self, other: Bounds) -> bool:
        return (
            self.west <= other.east
            and other.west <= self.east
            and self.south <= other.north
            and other.south <= self.north
        )


@dataclass(frozen=True)
class Projection:
    """Equirectangular: x = (lon − west)·cos φ0·scale, y = (north − lat)·scale, φ0 the view's middle
    latitude; centred in a WIDTH × height frame."""

    bounds: Bounds
    scale: float
    width: float
    height: float
    offset_x: float
    offset_y: float
    stretch: float  # cos φ0

    @classmethod
    def fit(cls, bounds: Bounds, width: float = WIDTH, max_height: float = MAX_HEIGHT) -> Projection:
        stretch = math.cos(math.radians((bounds.north + bounds.south) / 2))
        span_x, span_y = (bounds.east - bounds.west) * stretch, bounds.north - bounds.south
        inner_w, inner_h = width - 2 * PADDING, max_height - 2 * PADDING
        scale = min(inner_w / span_x, inner_h / span_y)
        height = span_y * scale + 2 * PADDING
        return cls(bounds, scale, width, height, (width - span_x * scale) / 2, PADDING, stretch)

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = self.offset_x + (lon - self.bounds.west) * self.stretch * self.scale
        y = self.offset_y + (self.bounds.north - lat) * self.scale
        return x, y


def radius(killed: int) -> float:
    """Dot radius: its area grows with the number killed, up to DOT_MAX."""
    return min(DOT_MIN + DOT_SCALE * math.sqrt(max(killed, 0)), DOT_MAX)


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------


@cache
def country_shapes() -> dict[str, tuple[Ring, ...]]:
    """ISO alpha-3 → the outer rings of the country's outline (lon, lat), from countryinfo's bundled
    GeoJSON. A code with two records takes the one that has an outline. Holes are dropped: at this
    resolution they are lakes and enclaves too small to see. An outline that is only its bounding
    rectangle (Palestine's, in countryinfo 1.0.1) is a placeholder, not a border: left out."""
    from countryinfo import CountryInfo  # 70 ms to import: only when a map is drawn

    shapes: dict[str, tuple[Ring, ...]] = {}
    # Read as plain JSON: records lack keys their TypedDict declares (that is what the checks below are for).
    records = cast(dict[str, dict[str, Any]], CountryInfo.all())
    for record in records.values():
        code = (record.get("ISO") or {}).get("alpha3")
        features = (record.get("geoJSON") or {}).get("features") or []
        if not code or code in shapes or not features:
            continue
        rings: list[Ring] = []
        for feature in features:
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates") or []
            if geometry.get("type") == "Polygon":
                polygons = [polygons]
            rings += [[(float(lon), float(lat)) for lon, lat, *_ in polygon[0]] for polygon in polygons if polygon]
        if rings and not (len(rings) == 1 and _is_box(rings[0])):
            shapes[code] = tuple(rings)
    return shapes


def _is_box(ring: Ring) -> bool:
    corners = set(ring)
    return len(corners) == 4 and len({x for x, _ in corners}) == 2 and len({y for _, y in corners}) == 2


def _area(ring: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


@cache
def _ring_boxes() -> dict[str, tuple[Bounds, ...]]:
    return {code: tuple(Bounds.around(r) for r in rings) for code, rings in country_shapes().items()}


def main_bounds(code: str) -> Bounds | None:
    """The box of the country's largest polygon: Alaska, overseas islands and the far side of the
    antimeridian do not stretch the view (an incident there still does, by its own point)."""
    rings = country_shapes().get(code)
    return Bounds.around(max(rings, key=_area)) if rings else None


def place_point(country: str, name_en: str, admin1: str | None) -> tuple[float, float] | None:
    """The gazetteer's (latitude, longitude) for the place, or None when it has none or when the
    place is the country itself (whose point is its capital)."""
    if admin1 is None and name_en == country_names().get(country):
        return None
    return coordinates(country, name_en)


# --------------------------------------------------------------------------------------------------
# SVG
# --------------------------------------------------------------------------------------------------


def _path(ring: Ring, project: Projection) -> str:
    points: list[str] = []
    for lon, lat in ring:
        x, y = project(lat, lon)
        point = f"{x:.1f} {y:.1f}"
        if not points or points[-1] != point:
            points.append(point)
    return "M" + "L".join(points) + "Z" if len(points) > 2 else ""


def _text(value: str) -> str:
    return html.escape(value, quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def view_bounds(incidents: list[MapIncident]) -> Bounds | None:
    """The incidents' countries (their main polygons) and points, padded; None when nothing to show."""
    boxes = [b for b in (main_bounds(code) for code in dict.fromkeys(i.country for i in incidents)) if b]
    boxes += [Bounds(lon, lat, lon, lat) for lat, lon in (i.point for i in incidents if i.point)]
    if not boxes:
        return None
    total = boxes[0]
    for box in boxes[1:]:
        total = total.union(box)
    return total.padded()


def _lands(bounds: Bounds, project: Projection, ours: set[str]) -> str:
    """Every country whose outline reaches into the view; the brief's own highlighted."""
    paths = []
    for code, rings in sorted(country_shapes().items()):
        if any(bounds.intersects(box) for box in _ring_boxes()[code]):
            kind = "land ours" if code in ours else "land"
            d = "".join(_path(r, project) for r in rings)
            paths.append(f'<path class="{kind}" d="{d}"><title>{_text(country_names().get(code, code))}</title></path>')
    return "".join(paths)


def _dots(placed: list[MapIncident], project: Projection) -> tuple[str, str]:
    """The dots, largest first so that smaller ones stay visible on top, each linked to its incident;
    and their numbers, left out where one is already written close by."""
    dots: list[str] = []
    labels: list[str] = []
    taken: list[tuple[float, float]] = []
    for item in sorted(placed, key=lambda i: (i.review, -i.killed, i.number)):
        assert item.point is not None  # placed: only incidents with a point
        x, y = project(*item.point)
        r = REVIEW_RADIUS if item.review else radius(item.killed)
        kind = "dot review" if item.review else "dot"
        what = f"#{item.number} {item.label}: " + ("in Needs review" if item.review else f"{item.killed} killed")
        dots.append(
            f'<a href="#incident-{item.number}"><circle class="{kind}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'data-number="{item.number}" data-killed="{item.killed}"><title>{_text(what)}</title></circle></a>'
        )
        if all(math.hypot(x - tx, y - ty) > 14 for tx, ty in taken):
            taken.append((x, y))
            labels.append(f'<text class="mark" x="{x + r + 2:.1f}" y="{y + 4:.1f}">{item.number}</text>')
    return "".join(dots), "".join(labels)


def render_map(incidents: list[MapIncident]) -> str:
    """A <figure> holding the SVG map and its caption, or '' for a brief without incidents."""
    if not incidents:
        return ""
    bounds = view_bounds(incidents)
    if bounds is None:
        return (
            '<figure class="map" id="map"><figcaption>No incident of this brief has coordinates '
            "and no country outline is known: no map.</figcaption></figure>"
        )
    project = Projection.fit(bounds)
    codes = list(dict.fromkeys(i.country for i in incidents))
    placed = [i for i in incidents if i.point]
    unplaced = ", ".join(f"#{i.number} {i.label}" for i in incidents if not i.point)
    unshaped = ", ".join(country_names().get(c, c) for c in codes if c not in country_shapes())
    countries = ", ".join(country_names().get(c, c) for c in codes)
    reviewed = sum(1 for i in placed if i.review)
    dots, labels = _dots(placed, project)

    description = (
        f"{_plural(len(placed), 'incident')} of {len(incidents)} drawn in {countries}; "
        "dot area grows with the verified number killed"
    )
    legend = "Dot area grows with the verified number killed (a dot of no deaths is the smallest); "
    if reviewed:
        description += f"; {reviewed} in Needs review drawn as dashed rings, not sized"
        legend += "a dashed red ring is an incident in Needs review, not sized by its unconfirmed figures; "
    legend += "numbers are the incidents' below."
    if unplaced:
        description += f"; not drawn (no coordinates, or placed only at country level): {unplaced}"
        legend += f" Not on the map: {unplaced} (no coordinates in the gazetteer, or placed only at country level)."
    if unshaped:
        legend += f" No outline in the boundary data for {unshaped}: its incidents are drawn without it."
    legend += f" {BOUNDARY_SOURCE}; {PLACE_SOURCE}. Equirectangular projection."

    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {project.width:.0f} {project.height:.0f}" '
        f'width="{project.width:.0f}" height="{project.height:.0f}" role="img" aria-labelledby="map-title map-desc">'
        f'<title id="map-title">Map of the incidents in {_text(countries)}</title>'
        f'<desc id="map-desc">{_text(description + ".")}</desc>'
        f'<rect class="sea" width="100%" height="100%"/>'
        f'<g class="lands">{_lands(bounds, project, set(codes))}</g><g class="dots">{dots}</g>'
        f'<g class="labels" aria-hidden="true">{labels}</g></svg>'
    )
    return f'<figure class="map" id="map">{svg}<figcaption>{_text(legend)}</figcaption></figure>'


__all__ = [
    "Bounds",
    "MapIncident",
    "Projection",
    "country_shapes",
    "main_bounds",
    "place_point",
    "radius",
    "render_map",
    "view_bounds",
]
