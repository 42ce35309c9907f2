"""The shared value checks in generator.validators."""

from __future__ import annotations

import pytest

from generator.validators import (
    full_date_problem,
    has_http_scheme,
    is_host_name,
    is_http_url,
    number_problem,
    pipeline_problem,
    wikidata_problem,
)


@pytest.mark.parametrize("host", ["facts.example.org", "EXAMPLE.com", "a-b.c-d.example"])
def test_a_host_name_is_accepted(host: str):
    assert is_host_name(host)


@pytest.mark.parametrize(
    "host", ["192.168.1.10", "example", "https://example.org", "ex ample.org", "a.b/c", 5]
)
def test_what_is_not_a_bare_host_name_is_refused(host: object):
    assert not is_host_name(host)


@pytest.mark.parametrize("url", ["https://example.org", "HTTP://example.org/a?b"])
def test_an_absolute_http_address_is_an_http_url(url: str):
    assert is_http_url(url)


@pytest.mark.parametrize("url", ["https://", "https://a b", "ftp://example.org", "//example.org", None])
def test_an_address_without_host_or_http_is_not_an_http_url(url: object):
    assert not is_http_url(url)


def test_a_cited_source_needs_only_a_lowercase_http_scheme():
    assert has_http_scheme("https://") and not has_http_scheme("HTTPS://example.org")


def test_a_full_date_needs_the_day():
    assert full_date_problem("2025-09") == "'2025-09' is not a full date"


def test_a_full_date_must_exist_in_the_calendar():
    assert "no day 30" in full_date_problem("2025-02-30")


def test_a_number_is_written_in_digits():
    assert number_problem("1e3") is None and number_problem("five") == "'five' is not a number"


def test_a_pipeline_is_a_package_name_for_a_supported_language():
    assert pipeline_problem("en", "en_core_web_sm") is None
    assert (
        pipeline_problem("en", "../models/x")
        == "'en: ../models/x' is not a language and an installed pipeline's name"
    )


def test_a_wikidata_id_is_q_and_a_number():
    assert wikidata_problem("Q182477") is None and wikidata_problem("q1") == "'q1' is not a Wikidata item id"
