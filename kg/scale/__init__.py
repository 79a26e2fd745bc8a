"""Building big corpora: every core (``kg.scale.pool``), a Dask cluster (``kg.scale.dask_engine``),
N-Quads shards (``kg.scale.shards``), fsspec inputs (``kg.scale.io``) and pushing the result into a
SPARQL Graph Store Protocol server (``kg.scale.push``).

Extraction is a pure function of one document, so it fans out; entity resolution needs the
whole corpus, so it is the one step that runs in a single process over the collected facts.
"""
