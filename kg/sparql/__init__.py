"""SPARQL over zhkg graphs: one engine interface for graph files and Oxigraph stores.

``kg.api`` (Python), ``kg query`` (shell) and ``kg serve`` (HTTP) all go through
:func:`kg.sparql.engine.open_engine`, so a query answers the same wherever it is asked.
"""
