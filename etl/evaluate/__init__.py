"""Scoring the extractor against hand-labelled texts: corpus loading, matching, metrics and the report."""
