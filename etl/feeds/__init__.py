"""Sources that arrive by themselves: feeds, web pages and uploaded documents, turned into documents.

config (the feeds file) · fetch (HTTP with validators, robots, pauses, caps) · archive (raw bytes by
sha256) · feedread (RSS/Atom) · listing (the release links of a press-release list page) · readers
(HTML main text, PDF, DOCX, TXT, Markdown) · documents (ids, canonical URLs, content hashes) ·
collect (what a refresh adds) · ingest (one document added by hand).
"""
