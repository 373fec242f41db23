"""Sanctions Monitor ETL: source documents and indicator CSVs into a sanctions-tagged store."""
