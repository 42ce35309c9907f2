"""schema.org JSON-LD for search engines: the entity a sheet describes, and the data exports as a Dataset."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from generator.model import Entity

SCHEMA_TYPES = {
    "company": "Corporation",
    "organization": "Organization",
    "product": "Product",
    "person": "Person",
    "place": "Place",
    "event": "Event",
}
# Infobox fields that name another entity, and the schema.org property each becomes, by entity kind.
_LINKS = {
    "parent": {
        "company": "parentOrganization",
        "organization": "parentOrganization",
        "product": "manufacturer",
    },
    "employer": {"person": "worksFor"},
    "organizer": {"event": "organizer"},
    "location": {"event": "location", "company": "location", "organization": "location"},
}
# Infobox fields copied as text, by the kinds whose schema.org type has the property.
_TEXT = {
    "founded": ("foundingDate", ("company", "organization")),
    "headquarters": ("location", ("company", "organization")),
    "ticker": ("tickerSymbol", ("company",)),
    "role": ("jobTitle", ("person",)),
    "date": ("startDate", ("event",)),
    "location": ("location", ("event",)),
}


# Creative Commons licences as people write them ("CC BY 4.0", "CC-BY-SA-4.0", "CC0 1.0"): kind and version.
_CREATIVE_COMMONS = re.compile(
    r"^CC[ -]?(BY(?:[ -](?:NC|SA|ND))*)[ -]v?(\d\.\d)(?:[ -]International)?$", re.I
)
_CC_ZERO = re.compile(r"^CC[ -]?0(?:[ -]v?1\.0)?$", re.I)


def licence(text: str) -> str | dict[str, str]:
    """schema.org `license`: a URL, as schema.org expects. A URL stays as it is, a Creative Commons licence
    named as usual becomes its deed's address; any other text is a CreativeWork of that name."""
    text = " ".join(text.split())
    if re.match(r"^https?://\S+$", text):
        return text
    if _CC_ZERO.match(text):
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    match = _CREATIVE_COMMONS.match(text)
    if match:
        kind = "-".join(match.group(1).lower().replace("-", " ").split())
        return f"https://creativecommons.org/licenses/{kind}/{match.group(2)}/"
    return {"@type": "CreativeWork", "name": text}


def entity_id(sheet_url: str) -> str:
    """The JSON-LD node id of the entity a sheet describes (the page itself is the sheet's URL)."""
    return f"{sheet_url}#entity"


def entity_graph(
    entity: Entity,
    description: str,
    sheet_url: str,
    as_of: str,
    site: dict[str, str],
    linked: dict[str, tuple[str, str, str]],
    language: str | None = None,
) -> dict[str, Any]:
    """The sheet as a WebPage whose main entity is the company, product, person, place or event.

    `linked` maps entity ids that infobox fields may name to (name, kind, sheet URL); `site` holds the
    site's title, url, author, publisher and licence; `language`, the page's (`inLanguage`), when given.
    """
    node: dict[str, Any] = {
        "@type": SCHEMA_TYPES[entity.kind],
        "@id": entity_id(sheet_url),
        "name": entity.name,
    }
    aliases = entity.names()[1:]
    if aliases:
        node["alternateName"] = aliases
    if description:
        node["description"] = description
    _add_infobox(node, entity, linked)
    page: dict[str, Any] = {
        "@type": "WebPage",
        "@id": sheet_url,
        "url": sheet_url,
        "name": entity.name,
        "mainEntity": {"@id": node["@id"]},
        **({"inLanguage": language} if language else {}),
        "isPartOf": {"@type": "WebSite", "name": site["title"], "url": site["url"]},
        "author": {"@type": "Organization", "name": site["author"]},
        "publisher": {"@type": "Organization", "name": site["publisher"]},
    }
    if as_of:
        page["dateModified"] = as_of
    if site.get("licence"):
        page["license"] = licence(site["licence"])
    return {"@context": "https://schema.org", "@graph": [page, node]}


def _add_infobox(node: dict[str, Any], entity: Entity, linked: dict[str, tuple[str, str, str]]) -> None:
    """Infobox fields as schema.org properties: links to other entities, text, the website and Wikidata."""
    same_as = []
    for key, value in sorted(entity.infobox.items()):
        if key in _LINKS and entity.kind in _LINKS[key] and isinstance(value, str) and value in linked:
            name, kind, url = linked[value]
            target = {"@type": SCHEMA_TYPES[kind], "@id": entity_id(url), "name": name}
            node[_LINKS[key][entity.kind]] = target
        elif key in _TEXT and entity.kind in _TEXT[key][1] and isinstance(value, (str, int)):
            node.setdefault(_TEXT[key][0], str(value))
        elif key == "website" and isinstance(value, str):
            node["url"] = value
            same_as.append(value)
        elif key == "wikidata" and isinstance(value, str):
            same_as.append(f"https://www.wikidata.org/wiki/{value}")
    if same_as:
        node["sameAs"] = same_as


def article(
    headline: str,
    page_url: str,
    language: str,
    words: dict[str, str],
    based_on: list[dict[str, str]],
    site: dict[str, str],
) -> dict[str, Any]:
    """An article page. `words` says who wrote the text (author, publisher, published, url): for a summary
    the site's desk, whose page this is, with the reports it is based on as `isBasedOn`; for a publisher's
    own words, that publisher, with its page as the original (`isBasedOn` the copy is annotated from).
    Each of `based_on` holds publisher, published, and url and title when known."""
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": page_url,
        "url": page_url,
        "headline": headline,
        "inLanguage": language,
        # A desk is an organisation; an own-words article's named author is a person.
        "author": {
            "@type": "Person" if words["author"] and not based_on and words.get("url") else "Organization",
            "name": words["author"] or words["publisher"],
        },
        "publisher": {"@type": "Organization", "name": words["publisher"]},
        "datePublished": words["published"],
        "isPartOf": {"@type": "WebSite", "name": site["title"], "url": site["url"]},
    }
    reports = [_report(r) for r in based_on]
    if words.get("url"):
        reports = [_report({**words, "title": headline}), *reports]
    if reports:
        node["isBasedOn"] = reports
    return node


def _report(report: dict[str, str]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "NewsArticle"}
    if report.get("title"):
        node["headline"] = report["title"]
    if report.get("url"):
        node["url"] = report["url"]
    node["publisher"] = {"@type": "Organization", "name": report["publisher"]}
    node["datePublished"] = report["published"]
    return node


def dataset(
    name: str,
    description: str,
    url: str,
    as_of: str,
    site: dict[str, str],
    downloads: list[tuple[str, str]],
    language: str,
) -> dict[str, Any]:
    """The data exports as a schema.org Dataset; `downloads` are (absolute URL, media type) pairs."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": url,
        "creator": {"@type": "Organization", "name": site["author"]},
        "publisher": {"@type": "Organization", "name": site["publisher"]},
        "inLanguage": language,
        "isAccessibleForFree": True,
        "distribution": [
            {"@type": "DataDownload", "contentUrl": link, "encodingFormat": media}
            for link, media in downloads
        ],
    }
    if as_of:
        data["dateModified"] = as_of
        data["version"] = as_of
    if site.get("licence"):
        data["license"] = licence(site["licence"])
    return data


def script(data: dict[str, Any]) -> Markup:
    """A `<script type="application/ld+json">` element that no text in the data can close early."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False, allow_nan=False)
    # '<', '>' and '&' as JSON escapes: "</script>" inside a name cannot end the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')
