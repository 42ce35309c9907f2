"""What this site lets readers cite: each entity sheet, each fact, and the data exports.

Builds a `Reference` for each from the site model, and the citation downloads that go next to the pages:
`<sheet>/cite.bib` … (the sheet), `<sheet>/cite-facts.bib` … (every fact on the sheet, one entry each) and
`data/cite.bib` … (the data set). The formats are in `citations`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from markupsafe import Markup

from generator.model import SiteFact, SiteModel
from generator.provenance import distinct_reports
from generator.render.citations import (
    DATASET,
    WEBPAGE,
    Reference,
    author_date,
    calendar_version,
    citation_dates,
    formats,
    id_keys,
    machine_formats,
    marked_html,
    note,
    provenance_html,
    provenance_segments,
    provenance_text,
)
from generator.render.urls import absolute_url, entity_path

# Download file name suffix of each machine-readable format.
DOWNLOADS = {"bibtex": ".bib", "biblatex": "-biblatex.bib", "ris": ".ris", "csl_json": ".json"}
DATA_PAGE = "data/"
# The data set's key: a colon, so no entity's key (which has none) can equal it, and no hex fact id after it.
DATASET_KEY = "data:set"


class SiteCitations:
    """References for one site, dated from its content (or SOURCE_DATE_EPOCH), never from the clock."""

    def __init__(
        self,
        model: SiteModel,
        base_url: str,
        fact_title: Callable[[SiteFact], str],
        dataset_title: str,
        source_date_epoch: str | None = None,
        site_path: Callable[[str], str] | None = None,
    ):
        self.model = model
        # The path from the site's root of a page's path in the citations' language (see `urls.SiteLayout`);
        # the download files' paths stay relative to the language's root, as the pages' own do.
        self.site_path = site_path or _same
        self.base_url = base_url
        self.fact_title = fact_title
        self.dataset_title = dataset_title
        self.issued, self.accessed = citation_dates(model.as_of, source_date_epoch)
        # Keys come from ids alone (not from the publisher's or site's name, which a site may rename): a
        # sheet's key is its entity's, a fact's is its subject's and its id. Unique across the site.
        self.keys = id_keys(model.entities)

    def _reference(
        self, key: str, title: str, path: str, kind: str = WEBPAGE, provenance: str = ""
    ) -> Reference:
        config = self.model.config
        # A page is part of the site; the data set is the site's own work, cited by the site's title.
        container = config.title if kind == WEBPAGE else ""
        return Reference(
            key=key,
            type=kind,
            title=title,
            author=config.author,
            publisher=config.publisher,
            container_title=container,
            url=absolute_url(self.base_url, self.site_path(path)),
            issued=self.issued,
            accessed=self.accessed,
            version=calendar_version(self.model.as_of),
            language=config.language,
            provenance=provenance,
        )

    def sheet(self, entity_id: str) -> Reference:
        entity = self.model.entities[entity_id]
        return self._reference(self.keys[entity_id], entity.name, entity_path(entity))

    def fact(self, fact_id: str, provenance: list[tuple[str, str]] | None = None) -> Reference:
        """A fact's reference; `provenance`: its `fact_provenance`, when the caller has it already."""
        fact = self.model.facts[fact_id]
        path = f"{entity_path(self.model.entities[fact.subject])}#fact-{fact_id}"
        key = f"{self.keys[fact.subject]}:{fact_id}"
        text = provenance_text(self.fact_provenance(fact) if provenance is None else provenance)
        return self._reference(key, self.fact_title(fact), path, provenance=text)

    def fact_provenance(self, fact: SiteFact) -> list[tuple[str, str]]:
        """The reports a fact rests on, as (text, link) pieces: those quoted in their own words, and those
        summaries are based on (with who summarised them); each report once."""
        articles = [self.model.articles[slug] for slug in dict.fromkeys(s.article for s in fact.sources)]
        quoted = distinct_reports(a for a in articles if not a.is_summary)
        summaries = [a for a in articles if a.is_summary]
        summarised = [r for r in distinct_reports(summaries) if r.key not in {q.key for q in quoted}]
        authors = list(dict.fromkeys(a.source.author for a in summaries))
        return provenance_segments(
            [(r.publisher, r.title, r.published, r.url) for r in quoted],
            [(r.publisher, r.title, r.published, r.url) for r in summarised],
            authors,
            self.model.config.language,
            self.model.config.catalogs,
        )

    def dataset(self) -> Reference:
        return self._reference(DATASET_KEY, self.dataset_title, DATA_PAGE, DATASET)

    # --- where the downloads live --------------------------------------------------------------------

    def sheet_files(self, entity_id: str) -> dict[str, str]:
        """Site path of each citation download of a sheet, by format."""
        base = entity_path(self.model.entities[entity_id]) + "cite"
        return {name: base + suffix for name, suffix in DOWNLOADS.items()}

    def fact_bundle_files(self, entity_id: str) -> dict[str, str]:
        """Site path of each download that holds every fact on a sheet, by format.

        One file per format and sheet, not per fact: a reference manager imports a file of many entries as
        easily as one, and a site of 100,000 facts stays a site of a few thousand files.
        """
        base = entity_path(self.model.entities[entity_id]) + "cite-facts"
        return {name: base + suffix for name, suffix in DOWNLOADS.items()}

    def fact_styles(
        self, ref: Reference, fact: SiteFact, provenance: list[tuple[str, str]] | None = None
    ) -> dict[str, Markup]:
        """The two formatted references of a fact (its `fact` reference), as HTML for its sheet, with the
        access date marked for the reader's day (the machine formats are in the bundles); and the line of
        what it rests on ("As reported by …"), its reports' URLs linked."""
        language, catalogs = self.model.config.language, self.model.config.catalogs
        return {
            "author_date": marked_html(author_date(ref, language, mark=True, catalogs=catalogs)),
            "note": marked_html(note(ref, language, mark=True, catalogs=catalogs)),
            "provenance": provenance_html(self.fact_provenance(fact) if provenance is None else provenance),
        }

    def dataset_files(self) -> dict[str, str]:
        return {name: f"{DATA_PAGE}cite{suffix}" for name, suffix in DOWNLOADS.items()}

    def sheet_download_paths(self, entity_id: str) -> list[str]:
        """Site paths of a sheet's citation downloads: its own, and its facts' if it has any."""
        paths = list(self.sheet_files(entity_id).values())
        if self.model.sheets[entity_id].facts:
            paths += self.fact_bundle_files(entity_id).values()
        return paths

    def sheet_downloads(self, entity_id: str) -> dict[str, bytes]:
        """A sheet's citation downloads (see `sheet_download_paths`), by path."""
        language, catalogs = self.model.config.language, self.model.config.catalogs
        sheet_formats = formats(self.sheet(entity_id), language, catalogs)
        files = dict(_downloads(sheet_formats, self.sheet_files(entity_id)))
        fact_ids = self.model.sheets[entity_id].facts
        if fact_ids:
            bundle = machine_formats([self.fact(i) for i in fact_ids], language, catalogs)
            files.update(_downloads(bundle, self.fact_bundle_files(entity_id)))
        return files

    def dataset_downloads(self) -> Iterator[tuple[str, bytes]]:
        config = self.model.config
        yield from _downloads(formats(self.dataset(), config.language, config.catalogs), self.dataset_files())


def _same(path: str) -> str:
    return path


def _downloads(texts: dict[str, str], paths: dict[str, str]) -> Iterator[tuple[str, bytes]]:
    for name, path in paths.items():
        yield path, texts[name].encode("utf-8")
