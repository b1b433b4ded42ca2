"""Links to licensed web maps (高德, 百度) for a site: a marker with coordinates, a search without.

We never draw maps ourselves (《地图审核管理规定》) and never load map scripts; these are plain links.
Coordinates are GCJ-02, which 高德 uses natively and 百度 accepts with coord_type=gcj02.
"""

from __future__ import annotations

from urllib.parse import urlencode

from pufa.model import Site

SOURCE = "pufa"


def amap_url(site: Site, county: str) -> str:
    if site.coordinates:
        lat, lng = site.coordinates
        query = {"position": f"{lng},{lat}", "name": site.title, "src": SOURCE, "coordinate": "gaode", "callnative": "0"}
        return "https://uri.amap.com/marker?" + urlencode(query)
    return "https://uri.amap.com/search?" + urlencode({"keyword": _keyword(site, county), "src": SOURCE, "callnative": "0"})


def baidu_url(site: Site, county: str) -> str:
    if site.coordinates:
        lat, lng = site.coordinates
        query = {
            "location": f"{lat},{lng}",
            "title": site.title,
            "content": site.address or site.title,
            "output": "html",
            "coord_type": "gcj02",
            "src": f"webapp.{SOURCE}.site",
        }
        return "https://api.map.baidu.com/marker?" + urlencode(query)
    query = {"query": _keyword(site, county), "region": county or "全国", "output": "html", "src": f"webapp.{SOURCE}.site"}
    return "https://api.map.baidu.com/place/search?" + urlencode(query)


def _keyword(site: Site, county: str) -> str:
    """What a person would type into the map app: the place plus enough context to find it."""
    return " ".join(part for part in (county, site.township, site.village, site.address or site.title) if part)
