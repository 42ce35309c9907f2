"""Relative links between site paths, checked against the standard library's path arithmetic."""

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.render.urls import output_file, relative_url

segment = st.sampled_from(["a", "b", "companies", "nvidia", "articles", "x-y"])
site_path = st.lists(segment, max_size=4).map(lambda parts: "".join(p + "/" for p in parts)) | st.lists(
    segment, min_size=1, max_size=4
).map(lambda parts: "/".join(parts) + ".json")


@given(site_path, site_path)
def test_relative_url_agrees_with_relpath(from_page, target):
    expected = posixpath.relpath(output_file(target), posixpath.dirname(output_file(from_page)) or ".")
    assert relative_url(from_page, target) == expected


def test_relative_url_keeps_fragments_and_names_index_html():
    assert relative_url("companies/nvidia/", "companies/intel/#fact-1") == "../intel/index.html#fact-1"
    assert relative_url("companies/nvidia/", "#cite") == "#cite"
    assert relative_url("", "data/facts.json") == "data/facts.json"
    assert relative_url("articles/a/", "") == "../../index.html"
    assert relative_url("404.html", "companies/x/") == "companies/x/index.html"
