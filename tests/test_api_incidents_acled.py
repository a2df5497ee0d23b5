"""/v1/incidents carries each report's ACLED row, built by the same row builder as `briefs incidents`."""

from __future__ import annotations

from briefs.brief.rows import ACLED_COLUMNS, COLUMNS

from .api_support import SAMPLE, api  # noqa: F401 - the api fixture


def test_each_incident_has_the_export_row_with_acleds_columns_in_order(api):
    posted = api.post(
        "/v1/articles?wait=true",
        json=[
            {"text": SAMPLE, "published_at": "2023-03-15", "outlet": "Test Outlet", "url": "https://example.org/news/a"}
        ],
    )
    assert posted.status_code == 200, posted.text
    items = api.get("/v1/incidents").json()["items"]
    assert items
    for item in items:
        row = item["acled"]
        assert list(row)[: len(ACLED_COLUMNS)] == ACLED_COLUMNS and list(row) == COLUMNS
        incident = item["incident"]
        assert row["event_date"] == incident["event_date"] == item["event_date"]
        assert row["year"] == int(item["event_date"][:4])
        assert (row["country_code"], row["country"], row["iso"]) == ("SYR", "Syria", 760)
        assert row["event_type"] == item["event_type"] and row["admin1"] == (item["admin1"] or "")
        assert row["fatalities"] == item["fatalities"]
        assert row["source"] == "Test Outlet" and row["source_urls"] == "https://example.org/news/a"
        assert row["event_id_cnty"].startswith(f"SYR-{item['article_id'][:12]}-")
        assert row["actor1"] == next(a["name_en"] for a in incident["actors"] if a["role"] == "actor1")
        assert isinstance(row["timestamp"], int)
