"""Build state: what one build keeps for the next, so a rebuild does only the work its changes call for.

- `state`: `BuildState`, opened at the start of a build and handed to the stages that need it;
- `articles`: what reading and analysing each article gave (skips the analysis of unchanged articles);
- `record`: the stamp of a build's inputs and the record of the last build into an output (skips a build);
- `pagekeys`: what each page is made of, as a digest (skips the rendering of unchanged pages);
- `digest`, `versions`, `files`: what the three share: one digest, the code's identity, safe file access.

Everything lives in `.factsheets-cache/` beside the content folder; none of it can make a build fail.
"""
