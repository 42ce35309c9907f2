"""The render stage: the site model in, pages, data exports and feeds out."""
