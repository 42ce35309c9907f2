"""An article's body, kept in the store apart from its head.

What a build needs of an article from reading to writing is a small part of what reading and analysing it
gave: its metadata and facts, its draft annotations (the drafts filter and their warnings read them) and
which entities it mentions. The rest, the `ArticleBody` (the file's text, every annotation with its place,
the offsets from the plain text, every mention the pipeline found), is read by the article's own page only.
At 3,000 synthetic articles the bodies are 100 of the model's 217 MB, and unpickling them was most of the
time a rebuild spent loading 10,000 cached analyses. So an article whose body is in the store is held as
its head (`head_and_body`), and its page reads the body back (`ArticleBodies`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from generator.drafts import confirmed_mentions, draft_mention_places, is_draft
from generator.errors import BuildError, shown_path
from generator.model import AnalysedArticle, Annotation, Article, ArticleBody, Mention, OffsetMap, SiteModel

if TYPE_CHECKING:
    from generator.cache.articles import ArticleResult


def head_and_body(
    article: Article, analysed: AnalysedArticle
) -> tuple[Article, AnalysedArticle, ArticleBody]:
    """The article and its analysis without their body, and the body."""
    body = ArticleBody(
        text=article.text,
        plain_map=article.plain_map,
        annotations=article.annotations,
        mentions=analysed.mentions,
    )
    head = replace(
        article, text="", plain_map=OffsetMap(), annotations=[a for a in article.annotations if is_draft(a)]
    )
    return head, replace(analysed, mentions=_naming(analysed.mentions, article.annotations)), body


def _naming(mentions: list[Mention], annotations: list[Annotation]) -> list[Mention]:
    """The mentions a head keeps: what the drafts filter and the aggregation read of them. That is the
    entities they name (one mention of each, with neither words nor place) and the mentions a draft
    annotation hides (with their place, by which the filter knows them)."""
    drafts = draft_mention_places(annotations)
    named: set[str] = set()
    kept = []
    for mention in mentions:
        if mention.id is None:
            continue
        if (mention.start, mention.end, mention.id) in drafts:
            kept.append(mention)
        elif mention.id not in named:
            named.add(mention.id)
            kept.append(Mention(text="", start=0, end=0, id=mention.id, kind=None))
    return kept


def whole_article(head: Article, body: ArticleBody) -> Article:
    """The article as it was read, from its head (as the model has it) and its body."""
    return replace(head, text=body.text, plain_map=body.plain_map, annotations=body.annotations)


class ArticleBodies:
    """The body of each article the model holds as its head, by slug: read from the store, or made again
    from the article's file when the store no longer has it (another build pruned it, or the store failed
    and went out of use midway). Forked render workers each read through their own connection."""

    def __init__(
        self,
        read: Callable[[str], ArticleBody | None],
        again: Callable[[Article], tuple[Article, ArticleBody] | None],
    ):
        self._read = read  # a store key -> the body kept under it, or None
        self._again = again  # a head -> its article and body read and analysed anew, or None if unreadable
        self.keys: dict[str, str] = {}  # slug -> the store key of its body

    def __contains__(self, slug: str) -> bool:
        return slug in self.keys

    def __call__(self, head: Article) -> ArticleBody:
        return self._read(self.keys[head.slug]) or self._body_again(head)

    def _body_again(self, head: Article) -> ArticleBody:
        found = self._again(head)
        if found is None or found[0].content_hash != head.content_hash:
            raise BuildError(f"{shown_path(head.path)} changed while the site was being built; build again")
        return found[1]

    def whole(self, article: Article) -> Article:
        """`article` as it was read: itself when the model holds it whole."""
        return whole_article(article, self(article)) if article.slug in self.keys else article

    def made_whole(self, result: ArticleResult) -> ArticleResult:
        """`result` with its body back in it (for a caller that holds it longer than the store is open)."""
        if not result.body or result.article is None or result.analysed is None:
            return result
        body = self._read(result.body) or self._body_again(result.article)
        analysed = replace(result.analysed, mentions=body.mentions)
        return replace(result, article=whole_article(result.article, body), analysed=analysed, body="")


def page_article(model: SiteModel, slug: str) -> tuple[Article, list[Mention]]:
    """An article page's article, whole, and the mentions the page may link: those of the model's analysis
    (in a build without --drafts, none that a draft annotation hides)."""
    article = model.articles[slug]
    if model.bodies is None or slug not in model.bodies:
        return article, model.analysed[slug].mentions
    body = model.bodies(article)
    mentions = body.mentions if model.drafts else confirmed_mentions(body.mentions, body.annotations)
    return whole_article(article, body), mentions
