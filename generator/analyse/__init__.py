"""The analyse stage: the language pipeline (`pipeline.build_nlp`, `analyse_text`, `analyse_texts`) and the
joining of its findings with an article's annotations (`facts`, `stage`).

Importing this package loads no spaCy; `generator.analyse.pipeline` does, and registers the components.
"""
